package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * Two plain loads of one width in a row as one op (kind {@code loadpair} in ops.isa, format RAO2):
 * a comparator loading both operands, a dot product loading both factors. The first load completes,
 * its result written, before the second reads its address, as two ops would; a second load out of
 * bounds traps at this op's pc with the first one's result already written, which nothing observes
 * after a trap. Returns the next pc, or a negated trap code.
 */
final class LoadPair {
  private LoadPair() {}

  static int load32Pair(int[] c, int pc, long[] st, int fp, byte[] mem) {
    int as = c[pc + 1];
    long ea = (st[fp + (as & 0xffff)] & 0xffff_ffffL) + (c[pc + 3] & 0xffff_ffffL);
    if (ea > mem.length - 4) {
      return -TrapCode.MEMORY_OUT_OF_BOUNDS.number();
    }
    st[fp + (c[pc] >>> 16)] = MemAccess.i32(mem, ea);
    ea = (st[fp + c[pc + 2]] & 0xffff_ffffL) + (c[pc + 4] & 0xffff_ffffL);
    if (ea > mem.length - 4) {
      return -TrapCode.MEMORY_OUT_OF_BOUNDS.number();
    }
    st[fp + (as >>> 16)] = MemAccess.i32(mem, ea);
    return pc + 5;
  }

  static int load64Pair(int[] c, int pc, long[] st, int fp, byte[] mem) {
    int as = c[pc + 1];
    long ea = (st[fp + (as & 0xffff)] & 0xffff_ffffL) + (c[pc + 3] & 0xffff_ffffL);
    if (ea > mem.length - 8) {
      return -TrapCode.MEMORY_OUT_OF_BOUNDS.number();
    }
    st[fp + (c[pc] >>> 16)] = MemAccess.i64(mem, ea);
    ea = (st[fp + c[pc + 2]] & 0xffff_ffffL) + (c[pc + 4] & 0xffff_ffffL);
    if (ea > mem.length - 8) {
      return -TrapCode.MEMORY_OUT_OF_BOUNDS.number();
    }
    st[fp + (as >>> 16)] = MemAccess.i64(mem, ea);
    return pc + 5;
  }
}
