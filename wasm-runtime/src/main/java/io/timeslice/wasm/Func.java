package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import java.util.List;

/**
 * A function of a {@link Store}: exported by an instance or defined by the host. Arguments and
 * results are raw bits ({@link Values} converts): i32 in the low 32 bits (results have zeros above
 * them), f32 and f64 as their IEEE bits, references as store-local ids (0 is null).
 */
public final class Func implements Extern {
  private final Store<?> store;
  private final CompiledFunction function;

  Func(Store<?> store, CompiledFunction function) {
    this.store = store;
    this.function = function;
  }

  /** The function's signature. */
  @Override
  public FuncType type() {
    return function.type();
  }

  /**
   * Calls the function to completion and returns its results as raw bits.
   *
   * @throws Trap when the call traps, including "call stack exhausted", running out of fuel and
   *     being interrupted
   * @throws IllegalArgumentException when the store is not the function's, the number of arguments
   *     is wrong, or a reference argument is not one of the store's
   */
  public long[] call(Store<?> caller, long... args) {
    store.checkOwner(caller, "the function");
    FuncType type = function.type();
    if (args.length != type.paramCount()) {
      throw new IllegalArgumentException(
          function.name() + " takes " + type.paramCount() + " arguments, not " + args.length);
    }
    for (int i = 0; i < args.length; i++) {
      if (type.param(i).isReference()) {
        store.checkRef(args[i]);
      }
    }
    return normalize(type.results(), store.executor().invoke(function, args));
  }

  /**
   * Clears the upper half of 32-bit values: cells may hold an i32 sign-extended, but the API
   * promises the low 32 bits and zeros above them.
   */
  static long[] normalize(List<ValType> types, long[] values) {
    for (int i = 0; i < values.length; i++) {
      ValType t = types.get(i);
      if (t == ValType.I32 || t == ValType.F32) {
        values[i] &= 0xffff_ffffL;
      }
    }
    return values;
  }

  Store<?> store() {
    return store;
  }

  CompiledFunction function() {
    return function;
  }
}
