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
