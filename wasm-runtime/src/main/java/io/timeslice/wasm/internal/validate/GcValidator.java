package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.TypeCodes;

/**
 * GC's instructions the engine runs: {@code ref.eq} (0xD3) and, after the {@code 0xFB} prefix,
 * {@code ref.test} (0x14, nullable 0x15), {@code ref.cast} (0x16, 0x17), {@code any.convert_extern}
 * (0x1A), {@code extern.convert_any} (0x1B), {@code ref.i31} (0x1C), {@code i31.get_s} (0x1D) and
 * {@code i31.get_u} (0x1E), reported as {@link #PREFIX_GC} {@code | sub}. GC's other instructions
 * (structs, arrays, br_on_cast) are not implemented yet: "illegal opcode".
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

  private static void requireGc(FuncValidator v, int op, int at) {
    if (!v.config().gc()) {
      throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), at);
    }
  }
}
