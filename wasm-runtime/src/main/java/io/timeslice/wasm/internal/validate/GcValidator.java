package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.TypeCodes;

/**
 * GC's instructions the engine runs: {@code ref.eq} (0xD3) and, after the {@code 0xFB} prefix,
 * {@code ref.test} (0x14, nullable 0x15), {@code ref.cast} (0x16, 0x17), {@code br_on_cast} (0x18),
 * {@code br_on_cast_fail} (0x19), {@code any.convert_extern} (0x1A), {@code extern.convert_any}
 * (0x1B), {@code ref.i31} (0x1C), {@code i31.get_s} (0x1D) and {@code i31.get_u} (0x1E), reported
 * as {@link #PREFIX_GC} {@code | sub}. GC's other instructions (structs, arrays, br_on_cast) are
 * not implemented yet: "illegal opcode".
 */
final class GcValidator {
  private GcValidator() {}

  /** GC's {@code 0xFB} opcodes are reported as {@code PREFIX_GC | sub}. */
  static final int PREFIX_GC = 0xfb00;

  private static final int I32 = 0x7f;
  private static final int EQ_NULL = TypeCodes.EQ;
  private static final int I31_NULL = TypeCodes.I31;

  /** {@code ref.eq}: two eqrefs, compared; i32. */
  static void refEq(FuncValidator v, int op) {
    requireGc(v, op, v.instructionOffset());
    TypeStack s = v.stack();
    s.pop(EQ_NULL);
    s.pop(EQ_NULL);
    s.push(I32);
    v.visitor().plain(op);
  }

  /** Validates the instruction after a {@code 0xFB} prefix. */
  static void instruction(FuncValidator v) {
    int at = v.instructionOffset();
    WasmReader in = v.reader();
    int sub = in.u32();
    requireGc(v, 0xfb, at);
    TypeStack s = v.stack();
    switch (sub) {
      case 0x14, 0x15, 0x16, 0x17 -> {
        // ref.test and ref.cast of (ref ht), then of (ref null ht): within the operand's hierarchy.
        int heap = FuncValidator.heapType(in, v.config(), v.module());
        int target = TypeCodes.ref((sub & 1) != 0, heap);
        s.pop(TypeCodes.top(v.module(), target));
        s.push(sub < 0x16 ? I32 : target);
        v.visitor().cast(sub, target);
        return;
      }
      case 0x18, 0x19 -> {
        brOnCast(v, sub, at);
        return;
      }
      case 0x1a, 0x1b -> {
        // The conversions keep nullability: (ref null? extern) <-> (ref null? any).
        int from = sub == 0x1a ? TypeCodes.EXTERN : TypeCodes.ANY;
        int to = sub == 0x1a ? TypeCodes.ANY : TypeCodes.EXTERN;
        int t = s.pop(from);
        s.push(TypeCodes.nullable(t) ? to : TypeCodes.ref(false, to));
      }
      case 0x1c -> s.unop(I32, TypeCodes.ref(false, I31_NULL));
      case 0x1d, 0x1e -> s.unop(I31_NULL, I32);
      default ->
          throw WasmReader.malformedAt("illegal opcode fb " + Integer.toUnsignedString(sub), at);
    }
    v.visitor().plain(PREFIX_GC | sub);
  }

  /**
   * {@code br_on_cast l rt1 rt2} (0x18) branches with the reference when it is of {@code rt2},
   * {@code br_on_cast_fail} (0x19) when it is not; {@code rt2} must match {@code rt1}, the
   * operand's type. The other path has the reference as {@code rt2}, or {@code rt1} without the
   * null {@code rt2} takes.
   */
  private static void brOnCast(FuncValidator v, int sub, int at) {
    WasmReader in = v.reader();
    TypeStack s = v.stack();
    int flagsAt = in.pos();
    int flags = in.u8();
    if (flags > 3) {
      throw WasmReader.malformedAt("malformed br_on_cast flags", flagsAt);
    }
    int frame = s.labelFrame(in.u32());
    int rt1 = TypeCodes.ref((flags & 1) != 0, FuncValidator.heapType(in, v.config(), v.module()));
    int rt2 = TypeCodes.ref((flags & 2) != 0, FuncValidator.heapType(in, v.config(), v.module()));
    if (!TypeCodes.matches(v.module(), rt2, rt1)) {
      throw v.typeMismatch(rt1, rt2);
    }
    int diff =
        TypeCodes.ref(TypeCodes.nullable(rt1) && !TypeCodes.nullable(rt2), TypeCodes.heap(rt1));
    int carried = sub == 0x18 ? rt2 : diff;
    int[] types = s.labelTypes(frame);
    if (types.length == 0 || !TypeCodes.isRef(types[types.length - 1])) {
      throw v.invalid("type mismatch: br_on_cast needs a label ending in a reference");
    }
    int last = types[types.length - 1];
    if (!TypeCodes.matches(v.module(), carried, last)) {
      throw v.typeMismatch(last, carried);
    }
    s.pop(rt1);
    int[] rest = java.util.Arrays.copyOf(types, types.length - 1);
    s.pop(rest);
    s.push(rest);
    s.push(sub == 0x18 ? diff : rt2);
    v.visitor().brOnCast(sub == 0x19, s.depth - 1 - frame, rt2);
  }

  private static void requireGc(FuncValidator v, int op, int at) {
    if (!v.config().gc()) {
      throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), at);
    }
  }
}
