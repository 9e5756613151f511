package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import java.util.List;

/**
 * A function of a {@link Store}: exported by an instance or defined by the host. Arguments and
 * results are raw bits ({@link Values} converts): i32 in the low 32 bits (results have zeros above
 * them), f32 and f64 as their IEEE bits, references as store-local ids (0 is null), a v128 as two
 * longs, bytes 0-7 and then 8-15 (so that the arrays have {@link FuncType#paramCells()} and {@link
 * FuncType#resultCells()} elements).
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
   * @throws IllegalArgumentException when the store is not the function's, the number of argument
   *     longs is wrong, or a reference argument is not one of the store's
   */
  public long[] call(Store<?> caller, long... args) {
    checkArguments(caller, args);
    return normalize(function.type().results(), store.executor().invoke(function, args));
  }

  private void checkArguments(Store<?> caller, long[] args) {
    store.checkOwner(caller, "the function");
    FuncType type = function.type();
    if (args.length != type.paramCells()) {
      throw new IllegalArgumentException(
          function.name()
              + " takes "
              + type.paramCells()
              + " argument longs (a v128 takes two), not "
              + args.length);
    }
    int cell = 0;
    for (int i = 0; i < type.paramCount(); i++) {
      ValType t = type.param(i);
      if (t.isReference()) {
        store.checkRef(args[cell], t, type.paramRef(i));
      }
      cell += t.cells();
    }
  }

  /**
   * Clears the upper half of 32-bit values: cells may hold an i32 sign-extended, but the API
   * promises the low 32 bits and zeros above them.
   */
  static long[] normalize(List<ValType> types, long[] values) {
    int cell = 0;
    for (ValType t : types) {
      if (t == ValType.I32 || t == ValType.F32) {
        values[cell] &= 0xffff_ffffL;
      }
      cell += t.cells();
    }
    return values;
  }

  /**
   * Calls the function so that running out of fuel, an interruption or a host function's yield
   * suspends it instead of failing: the result says which, and how to resume.
   *
   * @throws Trap when the call traps (traps are final)
   * @throws IllegalStateException when the store already holds a suspended call
   */
  public ResumableCall callResumable(Store<?> caller, long... args) {
    checkArguments(caller, args);
    return outcome(store, function.type().results(), store.executor().start(function, args));
  }

  /** The outcome of an executor status: finished, or the suspension the executor holds. */
  static ResumableCall outcome(Store<?> store, List<ValType> resultTypes, int status) {
    Executor executor = store.executor();
    if (status == Executor.DONE) {
      return new ResumableCall.Finished(normalize(resultTypes, executor.results()));
    }
    return switch (executor.suspension()) {
      case OUT_OF_FUEL -> new ResumableCall.OutOfFuel(store, resultTypes, executor.requiredFuel());
      case INTERRUPTED -> new ResumableCall.Interrupted(store, resultTypes);
      case HOST_YIELD -> new ResumableCall.HostYield(store, resultTypes, store.takeYieldReason());
      case NONE -> throw new IllegalStateException("suspended without a reason");
    };
  }

  Store<?> store() {
    return store;
  }

  CompiledFunction function() {
    return function;
  }
}
