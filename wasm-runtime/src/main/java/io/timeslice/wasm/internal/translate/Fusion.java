package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;
import java.util.Map;

/**
 * Compare-and-branch fusion: an integer comparison whose only use is the branch right after it
 * becomes one fused branch ({@code i32.lt_s; br_if} → {@code br_i32_lt_s}), and {@code eqz} becomes
 * {@code br_eqz}/{@code br_nez}. A branch taken when the condition is false uses the negated
 * comparison, which for integers is again a comparison.
 */
final class Fusion {
  private Fusion() {}

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

  /**
   * Add-and-branch fusion: the {@code i32.add} or {@code i32.add_imm} at {@code addAt}, written
   * right before the branch at {@code branchAt} (not yet patched: a {@code br}, or a {@code br_nez}
   * or slot-to-slot {@code br_i32_<cmp>} that tests the sum), merges with it into one {@code
   * add[i]_br…}, which still writes the sum. Returns where the branch now is, to patch.
   */
  static int fuseAdd(IrWriter w, int addAt, int branchAt) {
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
  static int fuse(IrWriter w, int at, boolean whenTrue) {
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
