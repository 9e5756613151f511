package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * Hand-written SIMD loads and stores of memory 0 (simd.isa, class SimdMemory). The effective
 * address is the i32 address slot plus the unsigned 32-bit offset, computed in 64 bits so that it
 * never wraps, and checked against the memory's length before any byte moves, as in ops.isa; a
 * failed check returns the negated trap code. What a load makes of its bytes is a vfn op's
 * functions (an extending load is an extend_low, a splat a splat, a lane a replace_lane or
 * extract_lane), which compiled code calls too.
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

  /** The {@code bytes} bytes at {@code ea}, zero-extended. */
  private static long read(byte[] mem, long ea, int bytes) {
    return switch (bytes) {
      case 1 -> mem[(int) ea] & 0xffL;
      case 2 -> MemAccess.i16(mem, ea) & 0xffffL;
      case 4 -> MemAccess.i32(mem, ea) & 0xffff_ffffL;
      default -> MemAccess.i64(mem, ea);
    };
  }

  /**
   * The effective address of the RAO load at pc, or -1 when its {@code bytes} are out of bounds.
   */
  private static long checked(int[] c, int pc, long[] st, int fp, byte[] mem, int bytes) {
    long ea = address(c, pc, st, fp, c[pc + 1]);
    return ea > mem.length - bytes ? -1 : ea;
  }

  static int v128Load(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 16);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    return store(st, fp, c, pc, MemAccess.i64(mem, ea), MemAccess.i64(mem, ea + 8));
  }

  static int v128Load8x8S(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 8);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    long lo = SimdWiden.i16x8ExtendLowI8x16SLo(x, 0);
    return store(st, fp, c, pc, lo, SimdWiden.i16x8ExtendLowI8x16SHi(x, 0));
  }

  static int v128Load8x8U(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 8);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    long lo = SimdWiden.i16x8ExtendLowI8x16ULo(x, 0);
    return store(st, fp, c, pc, lo, SimdWiden.i16x8ExtendLowI8x16UHi(x, 0));
  }

  static int v128Load16x4S(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 8);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    long lo = SimdWiden.i32x4ExtendLowI16x8SLo(x, 0);
    return store(st, fp, c, pc, lo, SimdWiden.i32x4ExtendLowI16x8SHi(x, 0));
  }

  static int v128Load16x4U(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 8);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    long lo = SimdWiden.i32x4ExtendLowI16x8ULo(x, 0);
    return store(st, fp, c, pc, lo, SimdWiden.i32x4ExtendLowI16x8UHi(x, 0));
  }

  static int v128Load32x2S(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 8);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    long lo = SimdWiden.i64x2ExtendLowI32x4SLo(x, 0);
    return store(st, fp, c, pc, lo, SimdWiden.i64x2ExtendLowI32x4SHi(x, 0));
  }

  static int v128Load32x2U(int[] c, int pc, long[] st, int fp, byte[] mem) {
    long ea = checked(c, pc, st, fp, mem, 8);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long x = MemAccess.i64(mem, ea);
    long lo = SimdWiden.i64x2ExtendLowI32x4ULo(x, 0);
    return store(st, fp, c, pc, lo, SimdWiden.i64x2ExtendLowI32x4UHi(x, 0));
  }

  /** {@code bytes} bytes at the address (zero-extended) in every lane, or in lane 0 alone. */
  private static int loadSplat(
      int[] c, int pc, long[] st, int fp, byte[] mem, int bytes, boolean zero) {
    long ea = checked(c, pc, st, fp, mem, bytes);
    if (ea < 0) {
      return OUT_OF_BOUNDS;
    }
    long v = read(mem, ea, bytes);
    if (zero) {
      return store(st, fp, c, pc, v, 0);
    }
    long half =
        switch (bytes) {
          case 1 -> SimdLanes.i8x16SplatLo(v);
          case 2 -> SimdLanes.i16x8SplatLo(v);
          case 4 -> SimdLanes.i32x4SplatLo(v);
          default -> SimdLanes.i64x2SplatLo(v);
        };
    return store(st, fp, c, pc, half, half);
  }

  static int v128Load8Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 1, false);
  }

  static int v128Load16Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 2, false);
  }

  static int v128Load32Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 4, false);
  }

  static int v128Load64Splat(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 8, false);
  }

  static int v128Load32Zero(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 4, true);
  }

  static int v128Load64Zero(int[] c, int pc, long[] st, int fp, byte[] mem) {
    return loadSplat(c, pc, st, fp, mem, 8, true);
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
    long b0 = st[v];
    long b1 = st[v + 1];
    long value = read(mem, ea, bytes);
    int lane = c[pc + 3];
    int r = fp + (c[pc] >>> 16);
    switch (bytes) {
      case 1 -> {
        st[r] = SimdLanes.i8x16ReplaceLaneLo(b0, b1, value, lane);
        st[r + 1] = SimdLanes.i8x16ReplaceLaneHi(b0, b1, value, lane);
      }
      case 2 -> {
        st[r] = SimdLanes.i16x8ReplaceLaneLo(b0, b1, value, lane);
        st[r + 1] = SimdLanes.i16x8ReplaceLaneHi(b0, b1, value, lane);
      }
      case 4 -> {
        st[r] = SimdLanes.i32x4ReplaceLaneLo(b0, b1, value, lane);
        st[r + 1] = SimdLanes.i32x4ReplaceLaneHi(b0, b1, value, lane);
      }
      default -> {
        st[r] = SimdLanes.i64x2ReplaceLaneLo(b0, b1, value, lane);
        st[r + 1] = SimdLanes.i64x2ReplaceLaneHi(b0, b1, value, lane);
      }
    }
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
    int v = fp + c[pc + 1];
    long b0 = st[v];
    long b1 = st[v + 1];
    switch (bytes) {
      case 1 -> mem[(int) ea] = (byte) SimdLanes.i8x16ExtractLaneU(b0, b1, lane);
      case 2 -> MemAccess.i16(mem, ea, (short) SimdLanes.i16x8ExtractLaneU(b0, b1, lane));
      case 4 -> MemAccess.i32(mem, ea, (int) SimdLanes.i32x4ExtractLane(b0, b1, lane));
      default -> MemAccess.i64(mem, ea, SimdLanes.i64x2ExtractLane(b0, b1, lane));
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
