package io.timeslice.wasm.internal.exec;

/**
 * Hand-written SIMD handlers that move lanes between a v128 and scalars or across its halves:
 * splats, lane extraction and replacement, shuffles, whole-vector tests, and the two-cell select
 * and globals (simd.isa, class SimdLanes). A v128 in slot s is cells s (bytes 0-7) and s + 1 (bytes
 * 8-15); every handler reads its operands before writing its result, which may overlap them.
 */
final class SimdLanes {
  private SimdLanes() {}

  private static int store(long[] st, int fp, int[] c, int pc, long lo, long hi) {
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 2;
  }

  // ---- splat: a scalar in every lane (f32 and f64 are their bits, so i32x4 and i64x2 serve) ----

  static int i8x16Splat(int[] c, int pc, long[] st, int fp) {
    long v = (st[fp + c[pc + 1]] & 0xffL) * 0x0101_0101_0101_0101L;
    return store(st, fp, c, pc, v, v);
  }

  static int i16x8Splat(int[] c, int pc, long[] st, int fp) {
    long v = (st[fp + c[pc + 1]] & 0xffffL) * 0x0001_0001_0001_0001L;
    return store(st, fp, c, pc, v, v);
  }

  static int i32x4Splat(int[] c, int pc, long[] st, int fp) {
    long v = (st[fp + c[pc + 1]] & 0xffff_ffffL) * 0x0000_0001_0000_0001L;
    return store(st, fp, c, pc, v, v);
  }

  static int i64x2Splat(int[] c, int pc, long[] st, int fp) {
    long v = st[fp + c[pc + 1]];
    return store(st, fp, c, pc, v, v);
  }

  // ---- extract_lane (RAI: the lane is the immediate) ----

  /** The half of the vector at {@code slot} that holds lane {@code lane} of {@code perHalf}. */
  private static long halfOf(long[] st, int fp, int slot, int lane, int perHalf) {
    return st[fp + slot + (lane >= perHalf ? 1 : 0)];
  }

  static int i8x16ExtractLaneS(int[] c, int pc, long[] st, int fp) {
    int al = c[pc + 1];
    int lane = al >>> 16;
    st[fp + (c[pc] >>> 16)] = (byte) (halfOf(st, fp, al & 0xffff, lane, 8) >>> (lane % 8 * 8));
    return pc + 2;
  }

  static int i8x16ExtractLaneU(int[] c, int pc, long[] st, int fp) {
    int al = c[pc + 1];
    int lane = al >>> 16;
    long half = halfOf(st, fp, al & 0xffff, lane, 8);
    st[fp + (c[pc] >>> 16)] = (int) (half >>> (lane % 8 * 8)) & 0xff;
    return pc + 2;
  }

  static int i16x8ExtractLaneS(int[] c, int pc, long[] st, int fp) {
    int al = c[pc + 1];
    int lane = al >>> 16;
    st[fp + (c[pc] >>> 16)] = (short) (halfOf(st, fp, al & 0xffff, lane, 4) >>> (lane % 4 * 16));
    return pc + 2;
  }

  static int i16x8ExtractLaneU(int[] c, int pc, long[] st, int fp) {
    int al = c[pc + 1];
    int lane = al >>> 16;
    long half = halfOf(st, fp, al & 0xffff, lane, 4);
    st[fp + (c[pc] >>> 16)] = (int) (half >>> (lane % 4 * 16)) & 0xffff;
    return pc + 2;
  }

  static int i32x4ExtractLane(int[] c, int pc, long[] st, int fp) {
    int al = c[pc + 1];
    int lane = al >>> 16;
    st[fp + (c[pc] >>> 16)] = (int) (halfOf(st, fp, al & 0xffff, lane, 2) >>> (lane % 2 * 32));
    return pc + 2;
  }

  static int i64x2ExtractLane(int[] c, int pc, long[] st, int fp) {
    int al = c[pc + 1];
    st[fp + (c[pc] >>> 16)] = halfOf(st, fp, al & 0xffff, al >>> 16, 1);
    return pc + 2;
  }

  // ---- replace_lane (RABI: r = a with lane imm32 set to scalar b) ----

  private static int replace(int[] c, int pc, long[] st, int fp, int laneBits) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    long value = st[fp + (ab >>> 16)];
    int lane = c[pc + 2];
    long lo = st[a];
    long hi = st[a + 1];
    int perHalf = 64 / laneBits;
    int shift = lane % perHalf * laneBits;
    long mask = (laneBits == 64 ? -1L : (1L << laneBits) - 1) << shift;
    long bits = value << shift & mask;
    if (lane < perHalf) {
      lo = lo & ~mask | bits;
    } else {
      hi = hi & ~mask | bits;
    }
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 3;
  }

  static int i8x16ReplaceLane(int[] c, int pc, long[] st, int fp) {
    return replace(c, pc, st, fp, 8);
  }

  static int i16x8ReplaceLane(int[] c, int pc, long[] st, int fp) {
    return replace(c, pc, st, fp, 16);
  }

  static int i32x4ReplaceLane(int[] c, int pc, long[] st, int fp) {
    return replace(c, pc, st, fp, 32);
  }

  static int i64x2ReplaceLane(int[] c, int pc, long[] st, int fp) {
    return replace(c, pc, st, fp, 64);
  }

  // ---- shuffles ----

  /** Byte {@code index} (0-31) of the 32 bytes {@code a0 a1 b0 b1}, as an unsigned value. */
  private static long byteOf(long a0, long a1, long b0, long b1, int index) {
    long half =
        switch (index >>> 3) {
          case 0 -> a0;
          case 1 -> a1;
          case 2 -> b0;
          default -> b1;
        };
    return half >>> ((index & 7) << 3) & 0xff;
  }

  static int i8x16Shuffle(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    int b = fp + (ab >>> 16);
    long a0 = st[a];
    long a1 = st[a + 1];
    long b0 = st[b];
    long b1 = st[b + 1];
    long lo = 0;
    long hi = 0;
    for (int i = 0; i < 8; i++) {
      int loIndex = c[pc + 2 + (i >>> 2)] >>> ((i & 3) << 3) & 31;
      int hiIndex = c[pc + 4 + (i >>> 2)] >>> ((i & 3) << 3) & 31;
      lo |= byteOf(a0, a1, b0, b1, loIndex) << (i << 3);
      hi |= byteOf(a0, a1, b0, b1, hiIndex) << (i << 3);
    }
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 6;
  }

  /** The 8 lanes of a result half: lanes of a indexed by the bytes of {@code indices}. */
  private static long swizzleHalf(long a0, long a1, long indices) {
    long r = 0;
    for (int i = 0; i < 64; i += 8) {
      int index = (int) (indices >>> i) & 0xff;
      if (index < 16) {
        r |= byteOf(a0, a1, 0, 0, index) << i;
      }
    }
    return r;
  }

  static int i8x16Swizzle(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    int b = fp + (ab >>> 16);
    long a0 = st[a];
    long a1 = st[a + 1];
    long lo = swizzleHalf(a0, a1, st[b]);
    long hi = swizzleHalf(a0, a1, st[b + 1]);
    return store(st, fp, c, pc, lo, hi);
  }

  // ---- whole-vector tests: an i32 result ----

  static int v128AnyTrue(int[] c, int pc, long[] st, int fp) {
    int a = fp + c[pc + 1];
    st[fp + (c[pc] >>> 16)] = (st[a] | st[a + 1]) != 0 ? 1 : 0;
    return pc + 2;
  }

  /** Whether every lane of {@code laneBits} of the half is nonzero. */
  private static boolean allTrue(long half, int laneBits) {
    long mask = laneBits == 64 ? -1L : (1L << laneBits) - 1;
    for (int i = 0; i < 64; i += laneBits) {
      if ((half >>> i & mask) == 0) {
        return false;
      }
    }
    return true;
  }

  private static int allTrue(int[] c, int pc, long[] st, int fp, int laneBits) {
    int a = fp + c[pc + 1];
    st[fp + (c[pc] >>> 16)] = allTrue(st[a], laneBits) && allTrue(st[a + 1], laneBits) ? 1 : 0;
    return pc + 2;
  }

  static int i8x16AllTrue(int[] c, int pc, long[] st, int fp) {
    return allTrue(c, pc, st, fp, 8);
  }

  static int i16x8AllTrue(int[] c, int pc, long[] st, int fp) {
    return allTrue(c, pc, st, fp, 16);
  }

  static int i32x4AllTrue(int[] c, int pc, long[] st, int fp) {
    return allTrue(c, pc, st, fp, 32);
  }

  static int i64x2AllTrue(int[] c, int pc, long[] st, int fp) {
    return allTrue(c, pc, st, fp, 64);
  }

  /** The sign bits of the half's lanes, lane 0 in bit 0. */
  private static int signBits(long half, int laneBits) {
    int bits = 0;
    for (int i = 0; i < 64 / laneBits; i++) {
      bits |= (int) (half >>> ((i + 1) * laneBits - 1) & 1) << i;
    }
    return bits;
  }

  private static int bitmask(int[] c, int pc, long[] st, int fp, int laneBits) {
    int a = fp + c[pc + 1];
    int perHalf = 64 / laneBits;
    st[fp + (c[pc] >>> 16)] = signBits(st[a], laneBits) | signBits(st[a + 1], laneBits) << perHalf;
    return pc + 2;
  }

  static int i8x16Bitmask(int[] c, int pc, long[] st, int fp) {
    return bitmask(c, pc, st, fp, 8);
  }

  static int i16x8Bitmask(int[] c, int pc, long[] st, int fp) {
    return bitmask(c, pc, st, fp, 16);
  }

  static int i32x4Bitmask(int[] c, int pc, long[] st, int fp) {
    return bitmask(c, pc, st, fp, 32);
  }

  static int i64x2Bitmask(int[] c, int pc, long[] st, int fp) {
    return bitmask(c, pc, st, fp, 64);
  }

  // ---- two-cell data movement ----

  static int selectV128(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int from = fp + ((int) st[fp + c[pc + 2]] != 0 ? ab & 0xffff : ab >>> 16);
    return store(st, fp, c, pc, st[from], st[from + 1]) + 1;
  }

  static int globalGetV128(int[] c, int pc, long[] st, int fp, Executor x) {
    GlobalCell g = x.func.instance.globals[c[pc + 1]];
    return store(st, fp, c, pc, g.value, g.high);
  }

  static int globalSetV128(int[] c, int pc, long[] st, int fp, Executor x) {
    GlobalCell g = x.func.instance.globals[c[pc + 1]];
    int r = fp + (c[pc] >>> 16);
    g.value = st[r];
    g.high = st[r + 1];
    return pc + 2;
  }
}
