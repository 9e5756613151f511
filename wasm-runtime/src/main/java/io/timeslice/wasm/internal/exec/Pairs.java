package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * Two ops of one kind in a row as one (kinds {@code pair} and {@code loadpair} in ops.isa): the
 * first completes, its result written, before the second reads its operands, as two ops would. Load
 * pairs (format RAO2) are a comparator's two operands or a dot product's two factors; a second load
 * out of bounds traps at the pair's pc with the first one's result already written, which nothing
 * observes after a trap. Add pairs (format RAB2) are sums, address arithmetic and the two steps of
 * a Fibonacci-like recurrence. Return the next pc, or a negated trap code.
 */
final class Pairs {
  private Pairs() {}

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

  // The second add of a pair usually reads what the first wrote (((a + b) + c), a += b; b += a):
  // it takes that value from the register instead of the stack, so a chain of adds does not wait
  // for a store to reach a load at each step.

  static int i32AddPair(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int r = c[pc] >>> 16;
    int first = (int) st[fp + (ab & 0xffff)] + (int) st[fp + (ab >>> 16)];
    st[fp + r] = first;
    int sc = c[pc + 2];
    int cs = sc >>> 16;
    int ds = c[pc + 3];
    int x = cs == r ? first : (int) st[fp + cs];
    int y = ds == r ? first : (int) st[fp + ds];
    st[fp + (sc & 0xffff)] = x + y;
    return pc + 4;
  }

  static int i64AddPair(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int r = c[pc] >>> 16;
    long first = st[fp + (ab & 0xffff)] + st[fp + (ab >>> 16)];
    st[fp + r] = first;
    int sc = c[pc + 2];
    int cs = sc >>> 16;
    int ds = c[pc + 3];
    long x = cs == r ? first : st[fp + cs];
    long y = ds == r ? first : st[fp + ds];
    st[fp + (sc & 0xffff)] = x + y;
    return pc + 4;
  }
}
