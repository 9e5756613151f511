package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;

/**
 * Finds the catch of a thrown exception in a function's try table, the {@code handlers} op after
 * its code (docs/ir.md): the innermost try whose body holds the pc, then its catches in order, then
 * where it delegates or the try around it.
 */
final class ExceptionHandlers {
  private ExceptionHandlers() {}

  /** Where {@code code}'s {@code handlers} op is, or -1 when it has none. */
  static int locate(int[] code) {
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc] & 0xffff;
      if (op == Op.HANDLERS) {
        return pc;
      }
      pc += Op.format(op).length(code, pc);
    }
    return -1;
  }

  /**
   * The catch entry (its tag word's index; then the handler pc, the exception's slot or -1 and its
   * values' slot) for an exception of {@code thrown} at {@code pc}, or -1: the exception leaves the
   * function.
   */
  static int find(int[] c, int at, int pc, TagInstance thrown, TagInstance[] tags) {
    int count = c[at + 2];
    int[] offsets = new int[count];
    int p = at + 3;
    int innermost = -1;
    int innermostStart = -1;
    for (int t = 0; t < count; t++) {
      offsets[t] = p;
      int start = c[p];
      if (start <= pc && pc < c[p + 1] && start >= innermostStart) {
        innermost = t;
        innermostStart = start;
      }
      p += OpFormat.TRY_WORDS + OpFormat.CATCH_WORDS * c[p + 4];
    }
    int t = innermost;
    while (t >= 0) {
      int q = offsets[t];
      for (int k = 0; k < c[q + 4]; k++) {
        int e = q + OpFormat.TRY_WORDS + OpFormat.CATCH_WORDS * k;
        int tag = c[e];
        if (tag < 0 || tags[tag] == thrown) {
          return e;
        }
      }
      int delegate = c[q + 3];
      t = delegate != -2 ? delegate : c[q + 2];
    }
    return -1;
  }
}
