package io.timeslice.wasm.internal.ir;

import java.util.List;

/**
 * The word layouts of IR instructions. Word 0 always holds the opcode in its low 16 bits; its high
 * 16 bits hold the first field named (a slot, or a trap code). Slots are unsigned 16-bit frame
 * offsets; {@code imm16} is signed; offsets {@code j} are relative to the instruction's first word.
 */
// The field lists are List.of(...), which is immutable.
@SuppressWarnings("ImmutableEnumChecker")
public enum OpFormat {
  /** {@code [op]}. */
  N(1, List.of()),
  /** {@code [op] [imm32]}. */
  I(2, List.of("imm32")),
  /** {@code [op|code]}: a trap code. */
  C(1, List.of("code")),
  /** {@code [op|r] [a]}. */
  RA(2, List.of("r", "a")),
  /** {@code [op|r] [a|b]}. */
  RAB(2, List.of("r", "a", "b")),
  /** {@code [op|r] [a|imm16]}. */
  RAI(2, List.of("r", "a", "imm16")),
  /** {@code [op|r] [imm32]}. */
  RI32(2, List.of("r", "imm32")),
  /** {@code [op|r] [lo32] [hi32]}. */
  RI64(3, List.of("r", "imm64")),
  /** {@code [op|r] [a] [lo32] [hi32]}: a slot and a 64-bit immediate. */
  RAL(4, List.of("r", "a", "imm64")),
  /** {@code [op|r] [a|n]}: a span of n slots. */
  RN(2, List.of("r", "a", "n")),
  /** {@code [op|r] [x]}: an index (function, global). */
  RX(2, List.of("r", "x")),
  /** {@code [op|r] [a|b] [c]}: select. */
  SEL(3, List.of("r", "a", "b", "c")),
  /** {@code [op|r] [a|b] [c]}: three inputs (a multiply-add). */
  RABC(3, List.of("r", "a", "b", "c")),
  /** {@code [op|r] [a|b] [imm32]}: r = a op (b shifted by imm32). */
  RABI(3, List.of("r", "a", "b", "imm32")),
  /** {@code [op] [j]}. */
  J(2, List.of("j")),
  /** {@code [op|a] [j]}. */
  AJ(2, List.of("a", "j")),
  /** {@code [op|a] [b] [j]}. */
  ABJ(3, List.of("a", "b", "j")),
  /** {@code [op|a] [imm32] [j]}. */
  AIJ(3, List.of("a", "imm32", "j")),
  /** {@code [op|r] [a|b] [j]}: r = a + b, then jump if r != 0. */
  RABJ(3, List.of("r", "a", "b", "j")),
  /** {@code [op|r] [a|imm16] [j]}: r = a + imm16, then jump if r != 0. */
  RAIJ(3, List.of("r", "a", "imm16", "j")),
  /** {@code [op|r] [a|b] [c] [j]}: r = a + b, then jump if r compares true with c. */
  RABCJ(4, List.of("r", "a", "b", "c", "j")),
  /** {@code [op|r] [a|imm16] [c] [j]}: r = a + imm16, then jump if r compares true with c. */
  RAICJ(4, List.of("r", "a", "imm16", "c", "j")),
  /**
   * {@code [op|r] [a|imm16] [imm32] [j]}: r = a + imm16, then jump if r compares true with imm32.
   */
  RAIIJ(4, List.of("r", "a", "imm16", "imm32", "j")),
  /** {@code [op|a] [n] [j0] … [jn-1] [jdefault]}: a branch table of n + 1 offsets. */
  BRT(-1, List.of("a", "n", "targets")),
  /** {@code [op] [n] [w0] … [wn-1]}: a table of n words (a function's try blocks). */
  HT(-1, List.of("n", "table")),
  /** {@code [op|r] [a] [offset]}: a load from address slot a. */
  RAO(3, List.of("r", "a", "offset")),
  /** {@code [op|a] [b] [offset]}: a store of slot b to address slot a. */
  ABO(3, List.of("a", "b", "offset")),
  /** {@code [op|r] [a|b] [offset]}: a load from address a + b (32-bit, wrapping). */
  RABO(3, List.of("r", "a", "b", "offset")),
  /** {@code [op|r] [a|imm16] [offset]}: a load from address a + imm16 (32-bit, wrapping). */
  RAIO(3, List.of("r", "a", "imm16", "offset")),
  /** {@code [op|v] [a|b] [offset]}: a store of slot v to address a + b (32-bit, wrapping). */
  VABO(3, List.of("v", "a", "b", "offset")),
  /** {@code [op|v] [a|imm16] [offset]}: a store of slot v to address a + imm16 (wrapping). */
  VAIO(3, List.of("v", "a", "imm16", "offset")),
  /** {@code [op|r] [a|s] [b]}: two copies in order, slot a to r, then slot b to s. */
  RARA(3, List.of("r", "a", "s", "b")),
  /** {@code [op|r] [a|s] [b|t] [c|u] [d]}: four copies in order, a to r, b to s, c to t, d to u. */
  RA4(5, List.of("r", "a", "s", "b", "t", "c", "u", "d")),
  /**
   * {@code [op|r] [a|s] [b] [offset] [offset2]}: two loads in order, from a + offset into r, then
   * from b + offset2 into s.
   */
  RAO2(5, List.of("r", "a", "s", "b", "offset", "offset2")),
  /** {@code [op|r] [a|b] [s|c] [d]}: two binary ops in order, r = a op b, then s = c op d. */
  RAB2(4, List.of("r", "a", "b", "s", "c", "d")),
  /** {@code [op|r] [a|b] [x|y]}: r = (x compared with y) ? a : b. */
  SELC(3, List.of("r", "a", "b", "x", "y")),
  /** {@code [op|r] [a|t] [x]}: call_indirect, arguments from r, index in a, table t, type x. */
  CALLI(3, List.of("r", "a", "t", "x")),
  /** {@code [op|r] [a] [x]}: an indexed read (table x at slot a). */
  RAX(3, List.of("r", "a", "x")),
  /** {@code [op|a] [b] [x]}: an indexed write (table x at slot a, value slot b). */
  ABX(3, List.of("a", "b", "x")),
  /** {@code [op|r] [a|b] [x]}: two inputs, a result and an index (table.grow). */
  RABX(3, List.of("r", "a", "b", "x")),
  /** {@code [op|a] [b|c] [x] [y]}: the bulk ops' destination, source or value, and count. */
  ABCXY(4, List.of("a", "b", "c", "x", "y")),
  /** {@code [op|r] [a|b] [l0-3] [l4-7] [l8-11] [l12-15]}: a shuffle of a and b by 16 lane bytes. */
  RABV(6, List.of("r", "a", "b", "lanes")),
  /** {@code [op|r] [a|b] [offset] [lane]}: vector b with one lane loaded from address a. */
  RABOL(4, List.of("r", "a", "b", "offset", "lane")),
  /** {@code [op|a] [b] [offset] [lane]}: one lane of vector b stored to address a. */
  ABOL(4, List.of("a", "b", "offset", "lane")),
  /**
   * {@code [op|r] [a|b] [c] [offset]}: an access of address a with two operands b and c (an atomic
   * compare-exchange's expected and replacement values, a wait's expected value and timeout).
   */
  RABCO(4, List.of("r", "a", "b", "c", "offset"));

  private final int words;
  private final List<String> fields;

  /**
   * In an {@link #HT} table, the words of a try before its catches: start, end, enclosing try,
   * delegate, number of catches.
   */
  public static final int TRY_WORDS = 5;

  /**
   * In an {@link #HT} table, the words of one catch: tag, handler pc, exception slot (or -1),
   * values' slot.
   */
  public static final int CATCH_WORDS = 4;

  OpFormat(int words, List<String> fields) {
    this.words = words;
    this.fields = fields;
  }

  /** The field names in encoding order, as the disassembler prints them. */
  public List<String> fields() {
    return fields;
  }

  /**
   * The instruction's length in words at {@code pc}; only {@link #BRT} and {@link #HT} depend on
   * the code.
   */
  public int length(int[] code, int pc) {
    return words > 0 ? words : this == HT ? 2 + code[pc + 1] : 3 + code[pc + 1];
  }
}
