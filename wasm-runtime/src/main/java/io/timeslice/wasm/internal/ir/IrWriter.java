package io.timeslice.wasm.internal.ir;

import java.util.Arrays;

/**
 * Encodes IR instructions into a growable {@code int[]}, one method per {@link OpFormat}. Every
 * method checks that the op has that format and that slots fit in 16 bits, so a translator bug
 * fails at translation time, not as a corrupt program. Branch offsets can be written later with
 * {@link #patchJump}.
 */
public final class IrWriter {
  private static final int MAX_SLOT = 0xffff;

  private int[] code = new int[64];
  private int size;

  /** The latest position known to be a jump target, or -1: no fusion may span it. */
  private int label = -1;

  /** Where the last instruction written starts, or -1 after a rewind. */
  private int last = -1;

  /** Forgets everything written, to encode another function. */
  public void reset() {
    size = 0;
    label = -1;
    last = -1;
  }

  /** Records that the next instruction is a jump target (a loop's start). */
  public void markLabel() {
    label = size;
  }

  /** Whether the next instruction is a jump target, so that it cannot merge into the last one. */
  public boolean atLabel() {
    return label == size;
  }

  /** Whether {@code pos}, at or after the latest label, is a jump target. */
  public boolean isLabel(int pos) {
    return label == pos;
  }

  /** Drops the instructions from {@code pos} on (to replace the last one by a fused form). */
  public void rewind(int pos) {
    if (pos < 0 || pos > size) {
      throw new IllegalArgumentException("rewind outside the code: " + pos);
    }
    size = pos;
    last = -1;
  }

  /**
   * Where the last instruction written starts, or -1 after a rewind: then which words before the
   * end form an instruction is not known here, and nothing may merge with them.
   */
  public int lastStart() {
    return last;
  }

  /** The word at {@code pos}. */
  public int word(int pos) {
    return code[pos];
  }

  /**
   * Makes the instruction at {@code at} write its result, the first field (of a pair, the second
   * op's), to {@code slot} instead (copy elimination: a result goes straight into the local a
   * {@code local.set} names).
   */
  public void setResultSlot(int at, int slot) {
    OpFormat format = Op.format(code[at] & 0xffff);
    if (format == OpFormat.RAO2) {
      code[at + 1] = (code[at + 1] & 0xffff) | slot(slot) << 16; // the second load's, written last
    } else if (format == OpFormat.RAB2) {
      code[at + 2] = (code[at + 2] & 0xffff_0000) | slot(slot); // the second op's, written last
    } else {
      code[at] = (code[at] & 0xffff) | slot(slot) << 16;
    }
  }

  /** The position the next instruction will be written at. */
  public int position() {
    return size;
  }

  /** A copy of the code written so far, trimmed to its size. */
  public int[] toArray() {
    return Arrays.copyOf(code, size);
  }

  private void put(int word) {
    if (size == code.length) {
      code = Arrays.copyOf(code, size * 2);
    }
    code[size++] = word;
  }

  private static int slot(int s) {
    if (s < 0 || s > MAX_SLOT) {
      throw SlotOutOfRange.signal();
    }
    return s;
  }

  private int start(int op, OpFormat format, int high) {
    if (Op.format(op) != format) {
      throw new IllegalArgumentException(
          Op.name(op) + " has format " + Op.format(op) + ", not " + format);
    }
    int at = size;
    put(op | slot(high) << 16);
    last = at;
    return at;
  }

  /** {@link OpFormat#N}. */
  public int n(int op) {
    return start(op, OpFormat.N, 0);
  }

  /** {@link OpFormat#I}. */
  public int i(int op, int imm) {
    int at = start(op, OpFormat.I, 0);
    put(imm);
    return at;
  }

  /** {@link OpFormat#C}. */
  public int c(int op, int code) {
    return start(op, OpFormat.C, code);
  }

  /** {@link OpFormat#RA}. */
  public int ra(int op, int r, int a) {
    int at = start(op, OpFormat.RA, r);
    put(slot(a));
    return at;
  }

  /** {@link OpFormat#RAB}. */
  public int rab(int op, int r, int a, int b) {
    int at = start(op, OpFormat.RAB, r);
    put(slot(a) | slot(b) << 16);
    return at;
  }

  /** Whether {@code value} fits the signed 16-bit immediate of {@link OpFormat#RAI}. */
  public static boolean fitsImm16(long value) {
    return value == (short) value;
  }

  /** {@link OpFormat#RAI}; {@code imm} must satisfy {@link #fitsImm16}. */
  public int rai(int op, int r, int a, int imm) {
    if (!fitsImm16(imm)) {
      throw new IllegalArgumentException("immediate does not fit 16 bits: " + imm);
    }
    int at = start(op, OpFormat.RAI, r);
    put(slot(a) | imm << 16);
    return at;
  }

  /** {@link OpFormat#RI32}. */
  public int ri32(int op, int r, int imm) {
    int at = start(op, OpFormat.RI32, r);
    put(imm);
    return at;
  }

  /** {@link OpFormat#RI64}. */
  public int ri64(int op, int r, long imm) {
    int at = start(op, OpFormat.RI64, r);
    put((int) imm);
    put((int) (imm >>> 32));
    return at;
  }

  /** {@link OpFormat#RAL}. */
  public int ral(int op, int r, int a, long imm) {
    int at = start(op, OpFormat.RAL, r);
    put(slot(a));
    put((int) imm);
    put((int) (imm >>> 32));
    return at;
  }

  /** {@link OpFormat#RN}. */
  public int rn(int op, int r, int a, int n) {
    int at = start(op, OpFormat.RN, r);
    put(slot(a) | slot(n) << 16);
    return at;
  }

  /** {@link OpFormat#RX}. */
  public int rx(int op, int r, int x) {
    int at = start(op, OpFormat.RX, r);
    put(x);
    return at;
  }

  /** {@link OpFormat#SEL}. */
  public int sel(int op, int r, int a, int b, int c) {
    int at = start(op, OpFormat.SEL, r);
    put(slot(a) | slot(b) << 16);
    put(slot(c));
    return at;
  }

  /** {@link OpFormat#RABC}. */
  public int rabc(int op, int r, int a, int b, int c) {
    int at = start(op, OpFormat.RABC, r);
    put(slot(a) | slot(b) << 16);
    put(slot(c));
    return at;
  }

  /** {@link OpFormat#RABI}. */
  public int rabi(int op, int r, int a, int b, int imm) {
    int at = start(op, OpFormat.RABI, r);
    put(slot(a) | slot(b) << 16);
    put(imm);
    return at;
  }

  /** {@link OpFormat#J}; the offset is patched later when {@code target} is unknown yet. */
  public int j(int op, int offset) {
    int at = start(op, OpFormat.J, 0);
    put(offset);
    return at;
  }

  /** {@link OpFormat#AJ}. */
  public int aj(int op, int a, int offset) {
    int at = start(op, OpFormat.AJ, a);
    put(offset);
    return at;
  }

  /** {@link OpFormat#ABJ}. */
  public int abj(int op, int a, int b, int offset) {
    int at = start(op, OpFormat.ABJ, a);
    put(slot(b));
    put(offset);
    return at;
  }

  /** {@link OpFormat#AIJ}. */
  public int aij(int op, int a, int imm, int offset) {
    int at = start(op, OpFormat.AIJ, a);
    put(imm);
    put(offset);
    return at;
  }

  /** {@link OpFormat#BRT} with {@code offsets.length - 1} targets and the default last. */
  public int brt(int op, int a, int[] offsets) {
    if (offsets.length == 0) {
      throw new IllegalArgumentException("a branch table needs at least its default target");
    }
    int at = start(op, OpFormat.BRT, a);
    put(offsets.length - 1);
    for (int offset : offsets) {
      put(offset);
    }
    return at;
  }

  /** {@link OpFormat#RAO}: a load of {@code r} from address slot {@code a} + offset. */
  public int rao(int op, int r, int a, int offset) {
    int at = start(op, OpFormat.RAO, r);
    put(slot(a));
    put(offset);
    return at;
  }

  /** {@link OpFormat#ABO}: a store of slot {@code b} to address slot {@code a} + offset. */
  public int abo(int op, int a, int b, int offset) {
    int at = start(op, OpFormat.ABO, a);
    put(slot(b));
    put(offset);
    return at;
  }

  /**
   * {@link OpFormat#RABO}, {@link OpFormat#RAIO}, {@link OpFormat#VABO} or {@link OpFormat#VAIO}: a
   * load or store whose address is the sum in {@code operands}, the second word of the {@code
   * i32.add} or {@code i32.add_imm} it replaces ({@code a|b} or {@code a|imm16}).
   */
  public int memSum(int op, int high, int operands, int offset) {
    OpFormat format = Op.format(op);
    if (format != OpFormat.RABO
        && format != OpFormat.RAIO
        && format != OpFormat.VABO
        && format != OpFormat.VAIO) {
      throw new IllegalArgumentException(Op.name(op) + " is not a load or store from a sum");
    }
    int at = start(op, format, high);
    put(operands);
    put(offset);
    return at;
  }

  /**
   * An add fused with the branch after it: {@link OpFormat#RABJ} or {@link OpFormat#RAIJ} when
   * {@code compared} is -1 (jump, or jump if the sum is not zero), else {@link OpFormat#RABCJ} or
   * {@link OpFormat#RAICJ}; {@code operands} is the add's second word. The offset is patched later.
   */
  public int addBranch(int op, int r, int operands, int compared) {
    OpFormat format = Op.format(op);
    boolean withC = format == OpFormat.RABCJ || format == OpFormat.RAICJ;
    if (!withC && format != OpFormat.RABJ && format != OpFormat.RAIJ || withC != compared >= 0) {
      throw new IllegalArgumentException(Op.name(op) + " is not an add-and-branch of this shape");
    }
    int at = start(op, format, r);
    put(operands);
    if (withC) {
      put(slot(compared));
    }
    put(0);
    return at;
  }

  /**
   * {@link OpFormat#RAIIJ}: an add of an immediate fused with the compare-with-immediate branch
   * after it; {@code operands} is the add's second word ({@code a|imm16}).
   */
  public int addBranchImm(int op, int r, int operands, int compared) {
    int at = start(op, OpFormat.RAIIJ, r);
    put(operands);
    put(compared);
    put(0);
    return at;
  }

  /** {@link OpFormat#RARA}: {@code r = a}, then {@code s = b}. */
  public int rara(int op, int r, int a, int s, int b) {
    int at = start(op, OpFormat.RARA, r);
    put(slot(a) | slot(s) << 16);
    put(slot(b));
    return at;
  }

  /** {@link OpFormat#RA4}: {@code r = a}, {@code s = b}, {@code t = c}, then {@code u = d}. */
  public int ra4(int op, int r, int a, int s, int b, int t, int c, int u, int d) {
    int at = start(op, OpFormat.RA4, r);
    put(slot(a) | slot(s) << 16);
    put(slot(b) | slot(t) << 16);
    put(slot(c) | slot(u) << 16);
    put(slot(d));
    return at;
  }

  /** {@link OpFormat#RAO2}: {@code r = load(a + offset)}, then {@code s = load(b + offset2)}. */
  public int rao2(int op, int r, int a, int s, int b, int offset, int offset2) {
    int at = start(op, OpFormat.RAO2, r);
    put(slot(a) | slot(s) << 16);
    put(slot(b));
    put(offset);
    put(offset2);
    return at;
  }

  /** {@link OpFormat#RAB2}: {@code r = a op b}, then {@code s = c op d}. */
  public int rab2(int op, int r, int a, int b, int s, int c, int d) {
    int at = start(op, OpFormat.RAB2, r);
    put(slot(a) | slot(b) << 16);
    put(slot(s) | slot(c) << 16);
    put(slot(d));
    return at;
  }

  /** {@link OpFormat#SELC}: {@code r = (x compared with y) ? a : b}. */
  public int selc(int op, int r, int a, int b, int x, int y) {
    int at = start(op, OpFormat.SELC, r);
    put(slot(a) | slot(b) << 16);
    put(slot(x) | slot(y) << 16);
    return at;
  }

  /** {@link OpFormat#CALLI}. */
  public int calli(int op, int r, int a, int table, int type) {
    int at = start(op, OpFormat.CALLI, r);
    put(slot(a) | slot(table) << 16);
    put(type);
    return at;
  }

  /**
   * Sets the jump offset of the branch at {@code at} (its {@code j} field, or entry {@code index}
   * of a branch table) so that it lands on {@code target}.
   */
  public void patchJump(int at, int index, int target) {
    int op = code[at] & 0xffff;
    int word =
        switch (Op.format(op)) {
          case J, AJ -> at + 1;
          case ABJ, AIJ, RABJ, RAIJ -> at + 2;
          case RABCJ, RAICJ, RAIIJ -> at + 3;
          case BRT -> at + 2 + index;
          default -> throw new IllegalArgumentException(Op.name(op) + " is not a branch");
        };
    code[word] = target - at;
    if (target == size) {
      label = size;
    }
  }

  /** {@link OpFormat#RAX}. */
  public int rax(int op, int r, int a, int x) {
    int at = start(op, OpFormat.RAX, r);
    put(slot(a));
    put(x);
    return at;
  }

  /** {@link OpFormat#ABX}. */
  public int abx(int op, int a, int b, int x) {
    int at = start(op, OpFormat.ABX, a);
    put(slot(b));
    put(x);
    return at;
  }

  /** {@link OpFormat#RABX}. */
  public int rabx(int op, int r, int a, int b, int x) {
    int at = start(op, OpFormat.RABX, r);
    put(slot(a) | slot(b) << 16);
    put(x);
    return at;
  }

  /** {@link OpFormat#ABCXY}. */
  public int abcxy(int op, int a, int b, int c, int x, int y) {
    int at = start(op, OpFormat.ABCXY, a);
    put(slot(b) | slot(c) << 16);
    put(x);
    put(y);
    return at;
  }

  /** {@link OpFormat#HT}: a table of {@code words}. */
  public int ht(int op, int[] words) {
    int at = start(op, OpFormat.HT, 0);
    put(words.length);
    for (int word : words) {
      put(word);
    }
    return at;
  }

  /** {@link OpFormat#RABV}: {@code r} = a shuffle of {@code a} and {@code b} by 16 lane bytes. */
  public int rabv(int op, int r, int a, int b, byte[] lanes) {
    if (lanes.length != 16) {
      throw new IllegalArgumentException("a shuffle has 16 lanes, not " + lanes.length);
    }
    int at = start(op, OpFormat.RABV, r);
    put(slot(a) | slot(b) << 16);
    for (int i = 0; i < 16; i += 4) {
      put(
          (lanes[i] & 0xff)
              | (lanes[i + 1] & 0xff) << 8
              | (lanes[i + 2] & 0xff) << 16
              | (lanes[i + 3] & 0xff) << 24);
    }
    return at;
  }

  /** {@link OpFormat#RABO}: an access of address {@code a} with operand {@code b}. */
  public int rabo(int op, int r, int a, int b, int offset) {
    int at = start(op, OpFormat.RABO, r);
    put(slot(a) | slot(b) << 16);
    put(offset);
    return at;
  }

  /** {@link OpFormat#RABCO}: an access of address {@code a} with operands {@code b}, {@code c}. */
  public int rabco(int op, int r, int a, int b, int c, int offset) {
    int at = start(op, OpFormat.RABCO, r);
    put(slot(a) | slot(b) << 16);
    put(slot(c));
    put(offset);
    return at;
  }

  /** {@link OpFormat#RABOL}: {@code r} = vector {@code b} with lane {@code lane} loaded. */
  public int rabol(int op, int r, int a, int b, int offset, int lane) {
    int at = start(op, OpFormat.RABOL, r);
    put(slot(a) | slot(b) << 16);
    put(offset);
    put(lane);
    return at;
  }

  /** {@link OpFormat#ABOL}: lane {@code lane} of vector {@code b} stored to address {@code a}. */
  public int abol(int op, int a, int b, int offset, int lane) {
    int at = start(op, OpFormat.ABOL, a);
    put(slot(b));
    put(offset);
    put(lane);
    return at;
  }

  /** Overwrites the word at {@code pos} (an immediate written as a placeholder). */
  public void setWord(int pos, int value) {
    if (pos < 0 || pos >= size) {
      throw new IllegalArgumentException("no word at " + pos);
    }
    code[pos] = value;
  }

  /**
   * Rewrites every slot operand of the code written so far through {@code map} (the translator
   * places constant-pool slots once the frame size is known). Which fields are slots comes from
   * each op's {@link OpFormat}.
   */
  public void remapSlots(java.util.function.IntUnaryOperator map) {
    int pc = 0;
    while (pc < size) {
      int w0 = code[pc];
      OpFormat format = Op.format(w0 & 0xffff);
      switch (format) {
        case N, I, C, J -> {}
        case HT -> {
          // The try table: each catch's exception and values' slots (its third and fourth words;
          // -1, an exception slot the catch does not fill, stays).
          int p = pc + 3;
          for (int t = 0; t < code[pc + 2]; t++) {
            for (int k = 0; k < code[p + 4]; k++) {
              int slot = p + OpFormat.TRY_WORDS + OpFormat.CATCH_WORDS * k + 2;
              if (code[slot] != -1) {
                code[slot] = slot(map.applyAsInt(code[slot]));
              }
              code[slot + 1] = slot(map.applyAsInt(code[slot + 1]));
            }
            p += OpFormat.TRY_WORDS + OpFormat.CATCH_WORDS * code[p + 4];
          }
        }
        case RA, RAO, ABO, RAX, ABX, ABJ, ABOL, RAL -> {
          high(pc, map);
          code[pc + 1] = map.applyAsInt(code[pc + 1]);
        }
        case RAI, CALLI, RN -> {
          // RETURN_SPAN's r is the frame's first cell, where results go, not a slot of the code.
          if ((w0 & 0xffff) != Op.RETURN_SPAN) {
            high(pc, map);
          }
          low(pc + 1, map);
        }
        case RAIO, VAIO, RAIJ, RAICJ, RAIIJ -> {
          high(pc, map);
          low(pc + 1, map);
          if (format == OpFormat.RAICJ) {
            code[pc + 2] = map.applyAsInt(code[pc + 2]);
          }
        }
        case RAB,
            RABX,
            ABCXY,
            SEL,
            RABC,
            RABI,
            RABO,
            VABO,
            RARA,
            RABJ,
            RABCJ,
            RABV,
            RABOL,
            RABCO -> {
          high(pc, map);
          low(pc + 1, map);
          high(pc + 1, map);
          if (format == OpFormat.SEL
              || format == OpFormat.RABC
              || format == OpFormat.RABCO
              || format == OpFormat.RARA
              || format == OpFormat.RABCJ) {
            code[pc + 2] = map.applyAsInt(code[pc + 2]);
          }
        }
        case RAB2 -> packed(pc, map, 2, 1);
        case RAO2 -> packed(pc, map, 1, 1); // then the two offsets, not slots
        case RA4 -> packed(pc, map, 3, 1);
        case SELC -> packed(pc, map, 2, 0);
        case RI32, RI64, RX, AJ, AIJ, BRT -> high(pc, map);
      }
      pc += format.length(code, pc);
    }
  }

  /**
   * The slots of a many-slot format (as Disassembler reads them): word 0's high half, then {@code
   * pairs} words of two slots each, then {@code whole} words of one slot.
   */
  private void packed(int pc, java.util.function.IntUnaryOperator map, int pairs, int whole) {
    high(pc, map);
    for (int i = 1; i <= pairs; i++) {
      low(pc + i, map);
      high(pc + i, map);
    }
    for (int i = 1; i <= whole; i++) {
      code[pc + pairs + i] = map.applyAsInt(code[pc + pairs + i]);
    }
  }

  private void high(int pos, java.util.function.IntUnaryOperator map) {
    code[pos] = (code[pos] & 0xffff) | slot(map.applyAsInt(code[pos] >>> 16)) << 16;
  }

  private void low(int pos, java.util.function.IntUnaryOperator map) {
    code[pos] = (code[pos] & 0xffff_0000) | slot(map.applyAsInt(code[pos] & 0xffff));
  }
}
