package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.module.TypeCodes;

/**
 * GC's {@code ref.test} and {@code ref.cast}: whether a reference is of a reference type, decided
 * by what it refers to. The validator has put the type in the operand's hierarchy, so a non-null
 * reference is of the hierarchy's top; below it an i31 is of {@code i31} and {@code eq}, a function
 * of {@code func} and of its type and that type's declared supertypes, and nothing (no struct or
 * array exists yet) of {@code struct}, {@code array} or a bottom.
 */
final class Casts {
  private Casts() {}

  private static final int CAST_FAILURE = TrapCode.CAST_FAILURE.number();

  /** {@code ref.test}: r = 1 when slot a's reference is of type x, else 0. */
  static int refTest(int[] c, int pc, long[] st, int fp, Executor x) {
    long ref = st[fp + c[pc + 1]];
    st[fp + (c[pc] >>> 16)] = is(x.func.instance, ref, c[pc + 2]) ? 1 : 0;
    return pc + 3;
  }

  /** {@code ref.cast}: r = slot a when its reference is of type x, else the trap. */
  static int refCast(int[] c, int pc, long[] st, int fp, Executor x) {
    long ref = st[fp + c[pc + 1]];
    if (!is(x.func.instance, ref, c[pc + 2])) {
      return -CAST_FAILURE;
    }
    st[fp + (c[pc] >>> 16)] = ref;
    return pc + 3;
  }

  /** Whether {@code ref} is of {@code type}, a reference type's code ({@link TypeCodes}). */
  private static boolean is(InstanceContext in, long ref, int type) {
    if (ref == 0) {
      return TypeCodes.nullable(type);
    }
    int heap = TypeCodes.heap(type);
    if (!TypeCodes.concrete(heap) && heap == TypeCodes.abstractTop(heap)) {
      return true; // any, extern, func, exn
    }
    if (Refs.isI31(ref)) {
      return heap == TypeCodes.I31 || heap == TypeCodes.EQ;
    }
    return TypeCodes.concrete(heap)
        && in.refs.object(ref) instanceof CompiledFunction f
        && f.hasType(in, TypeCodes.index(heap));
  }
}
