package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * Hand-written SIMD loads and stores of memory 0 (simd.isa, class SimdMemory). The effective
 * address is the i32 address slot plus the unsigned 32-bit offset, computed in 64 bits so that it
 * never wraps, and checked against the memory's length before any byte moves, as in ops.isa; a
 * failed check returns the negated trap code.
 */
final class SimdMemory {
  private SimdMemory() {}

  private static final int OUT_OF_BOUNDS = -TrapCode.MEMORY_OUT_OF_BOUNDS.number();

  /** The effective address of a load or store whose address slot is {@code slot}. */
  private static long address(int[] c, int pc, long[] st, int fp, int slot) {
    return (st[fp + slot] & 0xffff_ffffL) + (c[pc + 2] & 0xffff_ffffL);
  }

  private static int store(long[] st, int fp, int[] c, int pc, long lo, long hi) {
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 3;
  }

  static int v128Load(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = address(c, pc, st, fp, c[pc + 1]);
    if (ea > mem.length - 16) {
      return OUT_OF_BOUNDS;
    }
    return store(st, fp, c, pc, MemAccess.i64(mem, ea), MemAccess.i64(mem, ea + 8));
  }

  /** 8 bytes at the address, their lanes of {@code bits} extended to twice that. */
  private static int loadExtend(
      int[] c, int pc, long[] st, int fp, byte[] mem, int bits, boolean signed) {
    long ea = address(c, pc, st, fp, c[pc + 1]);
    if (ea > mem.length - 8) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    int outBits = bits * 2;
    int perHalf = 64 / outBits;
    long outMask = outBits == 64 ? -1L : (1L << outBits) - 1;
    long lo = 0;
    long hi = 0;
    for (int i = 0; i < perHalf; i++) {
      lo |= (SimdWiden.lane(x, i, bits, signed) & outMask) << (i * outBits);
      hi |= (SimdWiden.lane(x, i + perHalf, bits, signed) & outMask) << (i * outBits);
    }
    return store(st, fp, c, pc, lo, hi);
  }

  static int v128Load8x8S(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadExtend(c, pc, st, fp, mem, 8, true);
  }

  static int v128Load8x8U(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadExtend(c, pc, st, fp, mem, 8, false);
  }

  static int v128Load16x4S(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadExtend(c, pc, st, fp, mem, 16, true);
  }

  static int v128Load16x4U(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadExtend(c, pc, st, fp, mem, 16, false);
  }

  static int v128Load32x2S(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadExtend(c, pc, st, fp, mem, 32, true);
  }

  static int v128Load32x2U(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadExtend(c, pc, st, fp, mem, 32, false);
  }

  /** {@code bytes} bytes at the address (zero-extended), multiplied into every lane. */
  private static int loadSplat(int[] c, int pc, long[] st, int fp, byte[] mem, int bytes) {
    long ea = address(c, pc, st, fp, c[pc + 1]);
    if (ea > mem.length - bytes) {
      return OUT_OF_BOUNDS;
    }
    long v =
        switch (bytes) {
          case 1 -> (mem[(int) ea] & 0xffL) * 0x0101_0101_0101_0101L;
          case 2 -> (MemAccess.i16(mem, ea) & 0xffffL) * 0x0001_0001_0001_0001L;
          case 4 -> (MemAccess.i32(mem, ea) & 0xffff_ffffL) * 0x0000_0001_0000_0001L;
          default -> MemAccess.i64(mem, ea);
        };
    return store(st, fp, c, pc, v, v);
  }

  static int v128Load8Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 1);
  }

  static int v128Load16Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 2);
  }

  static int v128Load32Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 4);
  }

  static int v128Load64Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 8);
  }

  static int v128Load32Zero(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = address(c, pc, st, fp, c[pc + 1]);
    if (ea > mem.length - 4) {
      return OUT_OF_BOUNDS;
    }
    return store(st, fp, c, pc, MemAccess.i32(mem, ea) & 0xffff_ffffL, 0);
  }

  static int v128Load64Zero(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = address(c, pc, st, fp, c[pc + 1]);
    if (ea > mem.length - 8) {
      return OUT_OF_BOUNDS;
    }
    return store(st, fp, c, pc, MemAccess.i64(mem, ea), 0);
  }

  static int v128Store(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = address(c, pc, st, fp, c[pc] >>> 16);
    if (ea > mem.length - 16) {
      return OUT_OF_BOUNDS;
    }
    int v = fp + c[pc + 1];
    MemAccess.i64(mem, ea, st[v]);
    MemAccess.i64(mem, ea + 8, st[v + 1]);
    return pc + 3;
  }

  // ---- single lanes: RABOL [op|r] [a|b] [offset] [lane], ABOL [op|a] [b] [offset] [lane] ----

  /** Loads lane {@code c[pc + 3]} of {@code bytes} bytes into a copy of vector b. */
  private static int loadLane(int[] c, int pc, long[] st, int fp, byte[] mem, int bytes) {
    int ab = c[pc + 1];
    long ea = address(c, pc, st, fp, ab & 0xffff);
    if (ea > mem.length - bytes) {
      return OUT_OF_BOUNDS;
    }
    int v = fp + (ab >>> 16);
    long lo = st[v];
    long hi = st[v + 1];
    long value =
        switch (bytes) {
          case 1 -> mem[(int) ea] & 0xffL;
          case 2 -> MemAccess.i16(mem, ea) & 0xffffL;
          case 4 -> MemAccess.i32(mem, ea) & 0xffff_ffffL;
          default -> MemAccess.i64(mem, ea);
        };
    int lane = c[pc + 3];
    int perHalf = 8 / bytes;
    int shift = lane % perHalf * bytes * 8;
    long mask = (bytes == 8 ? -1L : (1L << (bytes * 8)) - 1) << shift;
    if (lane < perHalf) {
      lo = lo & ~mask | value << shift;
    } else {
      hi = hi & ~mask | value << shift;
    }
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 4;
  }

  static int v128Load8Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadLane(c, pc, st, fp, mem, 1);
  }

  static int v128Load16Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadLane(c, pc, st, fp, mem, 2);
  }

  static int v128Load32Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadLane(c, pc, st, fp, mem, 4);
  }

  static int v128Load64Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadLane(c, pc, st, fp, mem, 8);
  }

  /** Stores lane {@code c[pc + 3]} of {@code bytes} bytes of vector b. */
  private static int storeLane(int[] c, int pc, long[] st, int fp, byte[] mem, int bytes) {
    long ea = address(c, pc, st, fp, c[pc] >>> 16);
    if (ea > mem.length - bytes) {
      return OUT_OF_BOUNDS;
    }
    int lane = c[pc + 3];
    int perHalf = 8 / bytes;
    long value = st[fp + c[pc + 1] + (lane < perHalf ? 0 : 1)] >>> (lane % perHalf * bytes * 8);
    switch (bytes) {
      case 1 -> mem[(int) ea] = (byte) value;
      case 2 -> MemAccess.i16(mem, ea, (short) value);
      case 4 -> MemAccess.i32(mem, ea, (int) value);
      default -> MemAccess.i64(mem, ea, value);
    }
    return pc + 4;
  }

  static int v128Store8Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return storeLane(c, pc, st, fp, mem, 1);
  }

  static int v128Store16Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return storeLane(c, pc, st, fp, mem, 2);
  }

  static int v128Store32Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return storeLane(c, pc, st, fp, mem, 4);
  }

  static int v128Store64Lane(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return storeLane(c, pc, st, fp, mem, 8);
  }
}
