package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.ValType;

/**
 * A decoded constant expression of Wasm 2.0: one constant instruction followed by {@code end}.
 *
 * @param kind which instruction
 * @param type the value type it produces
 * @param bits the constant's raw bits (for v128, the low half)
 * @param high the high half of a v128 constant
 * @param index the global ({@code global.get}) or function ({@code ref.func}) index
 * @param offset the expression's byte offset in the module, for errors
 */
public record ConstExpr(Kind kind, ValType type, long bits, long high, int index, int offset) {
  /** The instruction of a constant expression. */
  public enum Kind {
    /** {@code i32.const}, {@code i64.const}, {@code f32.const}, {@code f64.const}, v128.const. */
    CONST,
    /** {@code ref.null t}. */
    REF_NULL,
    /** {@code ref.func x}. */
    REF_FUNC,
    /** {@code global.get x}. */
    GLOBAL_GET
  }
}
