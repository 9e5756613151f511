package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;
import java.util.Map;

/**
 * The translator's fusion (peephole) stage, every family in one place (docs/ir.md): each rewrites
 * the instruction written last, with no label after it, together with the one being written into
 * one superinstruction, and keeps the cursor it needs — where the last candidate of its kind is.
 *
 * <ul>
 *   <li>copies: two copies become {@code copy2}, a {@code copy2} and two more {@code copy4};
 *   <li>pairs: two adds of a type, two plain loads of a width;
 *   <li>arithmetic: multiply-add, xor/or of a shift by a constant, and-not;
 *   <li>addresses: an {@code i32.add} into the load or store of memory 0 it addresses;
 *   <li>select: an i32 comparison into the {@code select} it decides;
 *   <li>branches: a comparison or {@code eqz} into the {@code br_if}/{@code if} it decides (a
 *       branch taken when the condition is false uses the negated comparison, which for integers is
 *       again a comparison), and an add into the branch after it.
 * </ul>
 *
 * <p>Unoptimised, only {@link #jump} and {@link #jumpIf} are used, and fuse nothing.
 */
final class Fusion {
  private static final int I32 = 0x7f;

  private static final Map<String, String> NEGATION =
      Map.ofEntries(
          Map.entry("eq", "ne"),
          Map.entry("ne", "eq"),
          Map.entry("lt_s", "ge_s"),
          Map.entry("ge_s", "lt_s"),
          Map.entry("lt_u", "ge_u"),
          Map.entry("ge_u", "lt_u"),
          Map.entry("gt_s", "le_s"),
          Map.entry("le_s", "gt_s"),
          Map.entry("gt_u", "le_u"),
          Map.entry("le_u", "gt_u"));

  /** The comparison with its operands swapped: {@code a < b} is {@code b > a}. */
  private static final Map<String, String> SWAPPED =
      Map.ofEntries(
          Map.entry("eq", "eq"),
          Map.entry("ne", "ne"),
          Map.entry("lt_s", "gt_s"),
          Map.entry("gt_s", "lt_s"),
          Map.entry("lt_u", "gt_u"),
          Map.entry("gt_u", "lt_u"),
          Map.entry("le_s", "ge_s"),
          Map.entry("ge_s", "le_s"),
          Map.entry("le_u", "ge_u"),
          Map.entry("ge_u", "le_u"));

  private final IrWriter w;

  /** Whether to fuse at all. */
  private final boolean optimize;

  /**
   * The last instruction emitted, if it produced the temporary on top and may be rewritten (to
   * write a local or the return value directly, or by the select and branch fusions); else -1.
   */
  int lastPc = -1;

  /** Where the latest COPY2 was emitted, to merge it and the two copies after it into a COPY4. */
  private int lastCopy2 = -1;

  /** Where the latest i32.add or i32.add_imm was emitted, to fuse it into a memory access. */
  private int addPc = -1;

  /** Where the latest f32.mul or f64.mul was emitted, to fuse it into an add. */
  private int mulPc = -1;

  /** Where the latest i32 shift or rotate by a constant was emitted, to fuse it into xor or or. */
  private int shiftPc = -1;

  /** Where the latest i32.xor with -1 (a bitwise not) was emitted, to fuse it into an and. */
  private int notPc = -1;

  Fusion(IrWriter w, boolean optimize) {
    this.w = w;
    this.optimize = optimize;
  }

  /**
   * Records that the instruction at {@code at} produced the temporary just pushed, so that a {@code
   * local.set} or the return right after it may take over its result slot.
   */
  void produced(int at) {
    lastPc = at;
  }

  /** Forgets every candidate, for the next function. */
  void reset() {
    lastPc = -1;
    lastCopy2 = -1;
    addPc = -1;
    mulPc = -1;
    shiftPc = -1;
    notPc = -1;
  }

  // ---- copies ----

  /**
   * Emits a copy of slot {@code src} to {@code dest}; right after another copy, with no label
   * between them, the two become one {@code copy2}, and a {@code copy2} with two more copies right
   * after it one {@code copy4} (clang's phi moves come in runs: SHA-2 rotates eight variables).
   */
  void copy(int dest, int src) {
    int prev = w.position() - 2;
    if (optimize
        && prev >= 0
        && prev == w.lastStart()
        && (w.word(prev) & 0xffff) == Op.COPY
        && !w.atLabel()) {
      int r = w.word(prev) >>> 16;
      int a = w.word(prev + 1);
      int pair = prev - 3;
      if (pair >= 0
          && pair == lastCopy2
          && (w.word(pair) & 0xffff) == Op.COPY2
          && !w.isLabel(prev)) {
        int as = w.word(pair + 1);
        int r0 = w.word(pair) >>> 16;
        int b0 = w.word(pair + 2);
        w.rewind(pair);
        w.ra4(Op.COPY4, r0, as & 0xffff, as >>> 16, b0, r, a, dest, src);
        lastCopy2 = -1;
      } else {
        w.rewind(prev);
        lastCopy2 = w.rara(Op.COPY2, r, a, dest, src);
      }
    } else {
      w.ra(Op.COPY, dest, src);
    }
  }

  // ---- binary ops ----

  /**
   * Fuses the binary op {@code op} on heights {@code ha} and {@code hb} with the instruction that
   * produced one of them (multiply-add, shift, and-not) and pushes its result; false when none
   * applies and the op is still to be written.
   */
  boolean binary(OperandStack s, int ha, int hb, int op) {
    if (!optimize) {
      return false;
    }
    return ((op == Op.F32_ADD || op == Op.F64_ADD) && fuseMulAdd(s, ha, hb, op))
        || ((op == Op.I32_XOR || op == Op.I32_OR) && fuseShift(s, ha, hb, op))
        || (op == Op.I32_AND && fuseAndNot(s, ha, hb));
  }

  /** Records the binary op {@code op} written at {@code at}, as a candidate of later fusions. */
  void binaryWritten(int op, int at) {
    if (op == Op.I32_ADD) {
      addPc = (w.word(at) & 0xffff) == Op.I32_ADD_PAIR ? -1 : at; // a pair fuses with nothing
    } else if (op == Op.F32_MUL || op == Op.F64_MUL) {
      mulPc = at;
    }
  }

  /**
   * Records the immediate form {@code immOp} of a binary op with {@code imm}, written at {@code
   * at}.
   */
  void immediateWritten(int immOp, int imm, int at) {
    if (shifted(immOp, Op.I32_XOR) != WasmOps.NONE) {
      shiftPc = at;
    } else if (immOp == Op.I32_XOR_IMM && imm == -1) {
      notPc = at;
    }
  }

  /**
   * Emits {@code r = a op b}; an i32 or i64 add right after another one of its type, with no label
   * between them, becomes one {@code i32_add_pair} or {@code i64_add_pair}. Pairing never costs a
   * dispatch another fusion would have saved: an add that would have fused into the access or the
   * branch after it saves one dispatch either way.
   */
  int addOrPair(int op, int r, int a, int b) {
    int pair =
        switch (op) {
          case Op.I32_ADD -> Op.I32_ADD_PAIR;
          case Op.I64_ADD -> Op.I64_ADD_PAIR;
          default -> WasmOps.NONE;
        };
    int prev = w.position() - 2;
    if (optimize
        && pair != WasmOps.NONE
        && prev >= 0
        && prev == w.lastStart()
        && (w.word(prev) & 0xffff) == op
        && !w.atLabel()) {
      int first = w.word(prev);
      int operands = w.word(prev + 1);
      w.rewind(prev);
      return w.rab2(pair, first >>> 16, operands & 0xffff, operands >>> 16, r, a, b);
    }
    return w.rab(op, r, a, b);
  }

  /**
   * Multiply-add fusion: a float add of the product that the {@code f32.mul}/{@code f64.mul} at
   * {@link #mulPc}, the last instruction written, produced, becomes one {@code mul_add} ({@code t +
   * c}) or {@code add_mul} ({@code c + t}). Two roundings, as the two instructions did: Java does
   * not contract {@code a * b + c} into a fused multiply-add.
   */
  private boolean fuseMulAdd(OperandStack s, int ha, int hb, int op) {
    // The multiply must still be there (as in fuseAndNot): a fused op written in its place is
    // longer today, which is all that stops a second fusion otherwise.
    int mulOp = mulPc < 0 ? -1 : w.word(mulPc) & 0xffff;
    if (mulOp != Op.F32_MUL && mulOp != Op.F64_MUL) {
      return false;
    }
    int other = otherOperand(s, mulPc, ha, hb);
    if (other < 0) {
      return false;
    }
    boolean productFirst = producedJustNow(s, mulPc, ha);
    int operands = w.word(mulPc + 1);
    boolean f32 = op == Op.F32_ADD;
    int fused =
        productFirst
            ? (f32 ? Op.F32_MUL_ADD : Op.F64_MUL_ADD)
            : (f32 ? Op.F32_ADD_MUL : Op.F64_ADD_MUL);
    w.rewind(mulPc);
    pushFused(
        s,
        w.rabc(fused, s.slotOf(ha), operands & 0xffff, operands >>> 16, other),
        f32 ? 0x7d : 0x7c);
    return true;
  }

  /**
   * Shift fusion: an i32 {@code xor} or {@code or} of the temporary that the shift or rotate by a
   * constant at {@link #shiftPc}, the last instruction written, produced, becomes one op, {@code r
   * = a op (b shift k)}. Both ops commute, so the shifted value may be either operand.
   */
  private boolean fuseShift(OperandStack s, int ha, int hb, int op) {
    int shiftOp = shiftPc < 0 ? WasmOps.NONE : w.word(shiftPc) & 0xffff;
    int fused = shifted(shiftOp, op);
    int other = fused == WasmOps.NONE ? -1 : otherOperand(s, shiftPc, ha, hb);
    if (other < 0) {
      return false;
    }
    int operands = w.word(shiftPc + 1);
    int k = operands >> 16;
    w.rewind(shiftPc);
    // rotr by k is rotl by -k: Integer.rotateLeft takes the distance modulo 32, as Wasm does.
    int distance = shiftOp == Op.I32_ROTR_IMM ? -k : k;
    pushFused(s, w.rabi(fused, s.slotOf(ha), other, operands & 0xffff, distance), I32);
    return true;
  }

  /**
   * And-not fusion: an i32 {@code and} of the temporary that the {@code xor} with -1 at {@link
   * #notPc}, the last instruction written, produced, becomes {@code r = a & ~b}. And commutes, so
   * the negated value may be either operand. The fused op takes the xor's place and size, so the
   * xor must still be there: else {@code c & (a & ~g)} would fuse twice, into {@code c & ~a}.
   */
  private boolean fuseAndNot(OperandStack s, int ha, int hb) {
    if (notPc < 0 || (w.word(notPc) & 0xffff) != Op.I32_XOR_IMM || w.word(notPc + 1) >> 16 != -1) {
      return false;
    }
    int other = otherOperand(s, notPc, ha, hb);
    if (other < 0) {
      return false;
    }
    int negated = w.word(notPc + 1) & 0xffff;
    w.rewind(notPc);
    pushFused(s, w.rab(Op.I32_AND_NOT, s.slotOf(ha), other, negated), I32);
    notPc = -1;
    return true;
  }

  /**
   * For fusing the two-word instruction at {@code at} into the binary op taking heights {@code ha}
   * and {@code hb}: the slot of the operand it did not produce, when it produced the other one just
   * now and this one needed no instruction of its own; else -1.
   */
  private int otherOperand(OperandStack s, int at, int ha, int hb) {
    boolean first = producedJustNow(s, at, ha);
    if (!first && !producedJustNow(s, at, hb)) {
      return -1;
    }
    int other = s.slotFor(first ? hb : ha);
    return at + 2 == w.position() && !w.atLabel() ? other : -1;
  }

  /** A fused op at {@code at} took the place of the pair: its result replaces both operands. */
  private void pushFused(OperandStack s, int at, int resultType) {
    s.pop(2);
    s.pushTemp(resultType);
    lastPc = at;
  }

  /**
   * The fused form of {@code op} (xor or or) over the shift-by-constant {@code shiftOp}, or none.
   */
  private static int shifted(int shiftOp, int op) {
    boolean xor = op == Op.I32_XOR;
    return switch (shiftOp) {
      case Op.I32_ROTL_IMM, Op.I32_ROTR_IMM -> xor ? Op.I32_XOR_ROTL : WasmOps.NONE;
      case Op.I32_SHL_IMM -> xor ? Op.I32_XOR_SHL : Op.I32_OR_SHL;
      case Op.I32_SHR_U_IMM -> xor ? Op.I32_XOR_SHR_U : Op.I32_OR_SHR_U;
      default -> WasmOps.NONE;
    };
  }

  /**
   * Whether the two-word instruction at {@code at} is the last one written, with no label after it,
   * and produced the temporary at height {@code h}: then a fused form may replace it.
   */
  private boolean producedJustNow(OperandStack s, int at, int h) {
    return at >= 0
        && at + 2 == w.position()
        && !w.atLabel()
        && s.ownTemp(h)
        && w.word(at) >>> 16 == s.slotOf(h);
  }

  // ---- memory accesses of memory 0 ----

  /**
   * Emits the plain load {@code op} of the address at height {@code h} into its slot: with the
   * address's add fused in, or paired with a load right before it.
   */
  int load(OperandStack s, int op, int h, int offset) {
    int sumOp = addressSum(s, h, op);
    if (sumOp != WasmOps.NONE) {
      int operands = w.word(addPc + 1);
      w.rewind(addPc);
      return w.memSum(sumOp, s.slotOf(h), operands, offset);
    }
    return loadOrPair(op, s.slotOf(h), s.slotFor(h), offset);
  }

  /** Emits the plain store {@code op} of the top two operands, with the address's add fused in. */
  void store(OperandStack s, int op, int offset) {
    int value = s.slotFor(s.height() - 1);
    int sumOp = addressSum(s, s.height() - 2, op);
    if (sumOp != WasmOps.NONE) {
      int operands = w.word(addPc + 1);
      w.rewind(addPc);
      w.memSum(sumOp, value, operands, offset);
    } else {
      w.abo(op, s.slotFor(s.height() - 2), value, offset);
    }
  }

  /**
   * Address fusion: when the address at height {@code h} is the temporary of the {@code i32.add}
   * (or {@code i32.add_imm}) at {@link #addPc}, the last instruction written, with no label after
   * it, the access can do the addition itself ({@code op}'s _ADD or _ADDI form), which then
   * replaces it. Returns that form, or NONE. The sum wraps at 32 bits exactly as the add did.
   */
  private int addressSum(OperandStack s, int h, int op) {
    if (!optimize || !producedJustNow(s, addPc, h)) {
      return WasmOps.NONE;
    }
    return switch (w.word(addPc) & 0xffff) {
      case Op.I32_ADD -> WasmOps.variant(op, "", "_add");
      case Op.I32_ADD_IMM -> WasmOps.variant(op, "", "_addi");
      default -> WasmOps.NONE;
    };
  }

  /**
   * Emits a plain load; right after another plain load of the same width, with no label between
   * them, the two become one {@code load32_pair} or {@code load64_pair}.
   */
  private int loadOrPair(int op, int r, int a, int offset) {
    int pair = pairOf(op);
    int prev = w.position() - 3;
    if (optimize
        && pair != WasmOps.NONE
        && prev >= 0
        && prev == w.lastStart()
        && pairOf(w.word(prev) & 0xffff) == pair
        && !w.atLabel()) {
      int first = w.word(prev);
      int firstAddress = w.word(prev + 1);
      int firstOffset = w.word(prev + 2);
      w.rewind(prev);
      return w.rao2(pair, first >>> 16, firstAddress, r, a, firstOffset, offset);
    }
    return w.rao(op, r, a, offset);
  }

  /** The pair op that two plain loads like {@code op} fuse into, or none. */
  private static int pairOf(int op) {
    return switch (op) {
      case Op.I32_LOAD, Op.F32_LOAD -> Op.LOAD32_PAIR;
      case Op.I64_LOAD, Op.F64_LOAD -> Op.LOAD64_PAIR;
      default -> WasmOps.NONE;
    };
  }

  // ---- select ----

  /**
   * Select fusion: when the condition at height {@code hc} is the temporary that the i32 comparison
   * at {@code at}, the last instruction written, produced, the two become one {@code
   * select_i32_<eq|lt_s|lt_u>} (min, max, three-way compares). The other comparisons swap the
   * compared slots ({@code x > y} is {@code y < x}) or the chosen ones ({@code x >= y ? a : b} is
   * {@code x < y ? b : a}). Returns the fused op's position, or -1.
   */
  int compareSelect(OperandStack s, int at, int hc, int r, int a, int b) {
    if (!optimize || !producedJustNow(s, at, hc)) {
      return -1;
    }
    int cmp = w.word(at) & 0xffff;
    int operands = w.word(at + 1);
    int x = operands & 0xffff;
    int y = operands >>> 16;
    int op =
        switch (cmp) {
          case Op.I32_EQ, Op.I32_NE -> Op.SELECT_I32_EQ;
          case Op.I32_LT_S, Op.I32_GT_S, Op.I32_LE_S, Op.I32_GE_S -> Op.SELECT_I32_LT_S;
          case Op.I32_LT_U, Op.I32_GT_U, Op.I32_LE_U, Op.I32_GE_U -> Op.SELECT_I32_LT_U;
          default -> WasmOps.NONE;
        };
    if (op == WasmOps.NONE) {
      return -1;
    }
    boolean swapCompared =
        cmp == Op.I32_GT_S || cmp == Op.I32_LE_S || cmp == Op.I32_GT_U || cmp == Op.I32_LE_U;
    boolean swapChosen =
        cmp == Op.I32_NE
            || cmp == Op.I32_GE_S
            || cmp == Op.I32_LE_S
            || cmp == Op.I32_GE_U
            || cmp == Op.I32_LE_U;
    w.rewind(at);
    return w.selc(
        op, r, swapChosen ? b : a, swapChosen ? a : b, swapCompared ? y : x, swapCompared ? x : y);
  }

  // ---- branches ----

  /** Emits an unconditional branch, fused with an add right before it; returns it to patch. */
  int jump() {
    int at = w.j(Op.BR, 0);
    return optimize ? fuseAdd(addPc, at) : at;
  }

  /**
   * Emits a branch taken when the condition in {@code cond} is {@code whenTrue}; returns its
   * position to patch. A comparison at {@code fusedAt} emitted just before, which produced the
   * condition ({@code condKind} temporary), becomes a fused compare-and-branch.
   */
  int jumpIf(boolean whenTrue, int cond, int condKind, int fusedAt) {
    int at = -1;
    if (optimize && fusedAt >= 0 && condKind == OperandStack.TEMP) {
      at = fuseCompare(fusedAt, whenTrue);
    }
    if (at < 0) {
      at = w.aj(whenTrue ? Op.BR_NEZ : Op.BR_EQZ, cond, 0);
    }
    return optimize ? fuseAdd(addPc, at) : at;
  }

  /**
   * Add-and-branch fusion: the {@code i32.add} or {@code i32.add_imm} at {@code addAt}, written
   * right before the branch at {@code branchAt} (not yet patched: a {@code br}, or a {@code br_nez}
   * or slot-to-slot {@code br_i32_<cmp>} that tests the sum), merges with it into one {@code
   * add[i]_br…}, which still writes the sum. Returns where the branch now is, to patch.
   */
  private int fuseAdd(int addAt, int branchAt) {
    if (addAt < 0 || addAt + 2 != branchAt || w.isLabel(branchAt)) {
      return branchAt;
    }
    int add = w.word(addAt);
    boolean imm = (add & 0xffff) == Op.I32_ADD_IMM;
    if (!imm && (add & 0xffff) != Op.I32_ADD) {
      return branchAt;
    }
    int r = add >>> 16;
    int branch = w.word(branchAt);
    int branchOp = branch & 0xffff;
    int fused;
    int compared;
    if (branchOp == Op.BR) {
      fused = imm ? Op.ADDI_BR : Op.ADD_BR;
      compared = -1;
    } else if (branchOp == Op.BR_NEZ) {
      if (branch >>> 16 != r) {
        return branchAt;
      }
      fused = imm ? Op.ADDI_BR_NEZ : Op.ADD_BR_NEZ;
      compared = -1;
    } else if (Op.format(branchOp) == OpFormat.AIJ && imm) {
      // br_i32_<cmp>_imm of the sum: the counter of a loop with a constant bound.
      String name = Op.name(branchOp);
      if (!name.startsWith("br_i32_") || branch >>> 16 != r) {
        return branchAt;
      }
      int bound = w.word(branchAt + 1);
      int operands = w.word(addAt + 1);
      w.rewind(addAt);
      return w.addBranchImm(WasmOps.byName("addi_" + name), r, operands, bound);
    } else {
      String name = Op.name(branchOp);
      if (Op.format(branchOp) != OpFormat.ABJ || !name.startsWith("br_i32_")) {
        return branchAt;
      }
      String cmp = name.substring("br_i32_".length());
      int a = branch >>> 16;
      int b = w.word(branchAt + 1);
      if (a == r) {
        compared = b;
      } else if (b == r) {
        compared = a;
        cmp = SWAPPED.get(cmp);
      } else {
        return branchAt;
      }
      fused = WasmOps.byName((imm ? "addi_br_i32_" : "add_br_i32_") + cmp);
    }
    int operands = w.word(addAt + 1);
    w.rewind(addAt);
    return w.addBranch(fused, r, operands, compared);
  }

  /**
   * Replaces the comparison at {@code at} (the last instruction written) by a fused branch taken
   * when the comparison is {@code whenTrue}; returns the branch's position, or -1 when the
   * instruction there cannot be fused.
   */
  private int fuseCompare(int at, boolean whenTrue) {
    int word = w.word(at);
    int op = word & 0xffff;
    OpFormat format = Op.format(op);
    if (format == OpFormat.BRT || at + format.length(null, at) != w.position()) {
      return -1; // something was written after the comparison
    }
    String name = Op.name(op);
    if (name.equals("i32_eqz") || name.equals("i64_eqz")) {
      if (name.equals("i64_eqz")) {
        return -1; // BR_EQZ/BR_NEZ test 32 bits
      }
      int a = w.word(at + 1);
      w.rewind(at);
      return w.aj(whenTrue ? Op.BR_EQZ : Op.BR_NEZ, a, 0);
    }
    boolean imm = name.endsWith("_imm");
    String base = imm ? name.substring(0, name.length() - 4) : name;
    if (!(base.startsWith("i32_") || base.startsWith("i64_"))) {
      return -1;
    }
    String type = base.substring(0, 4);
    String cmp = base.substring(4);
    String chosen = whenTrue ? cmp : NEGATION.get(cmp);
    if (chosen == null) {
      return -1; // not a comparison
    }
    int branch = WasmOps.byName("br_" + type + chosen + (imm ? "_imm" : ""));
    if (branch == WasmOps.NONE) {
      return -1;
    }
    int operands = w.word(at + 1);
    int a = operands & 0xffff;
    int b = imm ? operands >> 16 : operands >>> 16;
    w.rewind(at);
    return imm ? w.aij(branch, a, b, 0) : w.abj(branch, a, b, 0);
  }
}
