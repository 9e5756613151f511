package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.ValType;
import java.util.List;

/**
 * A decoded constant expression: one constant instruction followed by {@code end} (Wasm 2.0), or,
 * with extended constant expressions, a tree of integer additions, subtractions and multiplications
 * over such instructions.
 *
 * @param kind which instruction
 * @param type the value type it produces (null for {@code global.get}, known after validation)
 * @param bits the constant's raw bits (for v128, the low half)
 * @param high the high half of a v128 constant
 * @param index the global ({@code global.get}) or function ({@code ref.func}) index, or the opcode
 *     of an arithmetic instruction
 * @param offset the expression's byte offset in the module, for errors
 * @param operands an arithmetic instruction's two operands, a GC instruction's one; empty for the
 *     others
 */
public record ConstExpr(
    Kind kind,
    ValType type,
    long bits,
    long high,
    int index,
    int offset,
    List<ConstExpr> operands) {
  /** The instruction of a constant expression. */
  public enum Kind {
    /** {@code i32.const}, {@code i64.const}, {@code f32.const}, {@code f64.const}, v128.const. */
    CONST,
    /** {@code ref.null t}. */
    REF_NULL,
    /** {@code ref.func x}. */
    REF_FUNC,
    /** {@code global.get x}. */
    GLOBAL_GET,
    /** {@code i32.add}, {@code i32.sub}, {@code i32.mul} or their i64 forms (extended-const). */
    ARITH,
    /**
     * GC's {@code any.convert_extern}, {@code extern.convert_any} or {@code ref.i31} ({@code index}
     * is its 0xFB subopcode) of one operand.
     */
    GC
  }

  /** An instruction without operands. */
  public ConstExpr(Kind kind, ValType type, long bits, long high, int index, int offset) {
    this(kind, type, bits, high, index, offset, List.of());
  }

  /** GC's instruction of 0xFB subopcode {@code sub} on {@code operand}. */
  static ConstExpr gc(int sub, ConstExpr operand, int offset) {
    ValType type = sub == 0x1b ? ValType.EXTERNREF : ValType.ANYREF;
    return new ConstExpr(Kind.GC, type, 0, 0, sub, offset, List.of(operand));
  }

  /** An arithmetic instruction {@code opcode} of two operands. */
  static ConstExpr arith(int opcode, ConstExpr left, ConstExpr right, int offset) {
    ValType type = opcode <= 0x6c ? ValType.I32 : ValType.I64;
    return new ConstExpr(Kind.ARITH, type, 0, 0, opcode, offset, List.of(left, right));
  }

  /** The value of arithmetic instruction {@code opcode} on two operands' bits (wrapping). */
  public static long apply(int opcode, long a, long b) {
    return switch (opcode) {
      case 0x6a -> (int) a + (int) b;
      case 0x6b -> (int) a - (int) b;
      case 0x6c -> (int) a * (int) b;
      case 0x7c -> a + b;
      case 0x7d -> a - b;
      default -> a * b;
    };
  }
}
