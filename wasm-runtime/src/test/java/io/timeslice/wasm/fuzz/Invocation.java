package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.ExportType;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * One export call of a differential run: the same in every engine.
 *
 * @param export the function's export name
 * @param type its type
 * @param args raw bits (references: null)
 */
record Invocation(String export, FuncType type, long[] args) {

  static final String HANG_LIMIT_INITIALIZER = "hangLimitInitializer";

  /**
   * Every exported function in export order, each after {@code hangLimitInitializer} when the
   * module has it (binaryen's shell does the same). Arguments come from the edge values, picked by
   * {@code seed}; NaN arguments are left out, since JavaScript cannot pass their payloads.
   */
  static List<Invocation> plan(List<ExportType> exports, long seed) {
    Entropy in = Entropy.seeded(seed, 4096);
    boolean initializer =
        exports.stream()
            .anyMatch(e -> e.name().equals(HANG_LIMIT_INITIALIZER) && e.type() instanceof FuncType);
    List<Invocation> plan = new ArrayList<>();
    for (ExportType e : exports) {
      if (!(e.type() instanceof FuncType type) || e.name().equals(HANG_LIMIT_INITIALIZER)) {
        continue;
      }
      if (initializer) {
        plan.add(
            new Invocation(
                HANG_LIMIT_INITIALIZER, new FuncType(List.of(), List.of()), new long[0]));
      }
      long[] args = new long[type.paramCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = argument(in, type.param(i));
      }
      plan.add(new Invocation(e.name(), type, args));
    }
    return plan;
  }

  private static long argument(Entropy in, ValType t) {
    if (t.isReference()) {
      return 0;
    }
    long bits = in.chance(30) ? 0 : BodyGenerator.value(in, t);
    boolean nan =
        (t == ValType.F32 && Float.isNaN(Float.intBitsToFloat((int) bits)))
            || (t == ValType.F64 && Double.isNaN(Double.longBitsToDouble(bits)));
    return nan ? 0 : t == ValType.I32 || t == ValType.F32 ? bits & 0xffff_ffffL : bits;
  }
}
