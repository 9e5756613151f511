package io.timeslice.wasm.internal.exec;

/**
 * The SIMD ops that move lanes between a v128 and scalars or across its halves (simd.isa, class
 * SimdLanes): the functions of the vfn ops (splats, lane extraction and replacement, shuffles,
 * whole-vector tests), which the interpreter's generated handlers and compiled code both call, and
 * the handlers of the two-cell select and globals. A v128 in slot s is cells s (bytes 0-7) and s +
 * 1 (bytes 8-15); every handler reads its operands before writing its result, which may overlap
 * them.
 */
public final class SimdLanes {
  private SimdLanes() {}

  private static int store(long[] st, int fp, int[] c, int pc, long lo, long hi) {
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 2;
  }

  // ---- splat: a scalar in every lane (f32 and f64 are their bits, so i32x4 and i64x2 serve) ----

  public static long i8x16SplatLo(long a) {
    return (a & 0xffL) * 0x0101_0101_0101_0101L;
  }

  public static long i8x16SplatHi(long a) {
    return i8x16SplatLo(a);
  }

  public static long i16x8SplatLo(long a) {
    return (a & 0xffffL) * 0x0001_0001_0001_0001L;
  }

  public static long i16x8SplatHi(long a) {
    return i16x8SplatLo(a);
  }

  public static long i32x4SplatLo(long a) {
    return (a & 0xffff_ffffL) * 0x0000_0001_0000_0001L;
  }

  public static long i32x4SplatHi(long a) {
    return i32x4SplatLo(a);
  }

  public static long i64x2SplatLo(long a) {
    return a;
  }

  public static long i64x2SplatHi(long a) {
    return a;
  }

  // ---- extract_lane: the i32 (i64) cell of lane {@code lane} ----

  /** The half of a0 a1 that holds lane {@code lane} of {@code perHalf}, shifted down to it. */
  private static long laneBits(long a0, long a1, int lane, int perHalf) {
    return (lane >= perHalf ? a1 : a0) >>> (lane % perHalf * (64 / perHalf));
  }

  public static long i8x16ExtractLaneS(long a0, long a1, int lane) {
    return (byte) laneBits(a0, a1, lane, 8);
  }

  public static long i8x16ExtractLaneU(long a0, long a1, int lane) {
    return (int) laneBits(a0, a1, lane, 8) & 0xff;
  }

  public static long i16x8ExtractLaneS(long a0, long a1, int lane) {
    return (short) laneBits(a0, a1, lane, 4);
  }

  public static long i16x8ExtractLaneU(long a0, long a1, int lane) {
    return (int) laneBits(a0, a1, lane, 4) & 0xffff;
  }

  public static long i32x4ExtractLane(long a0, long a1, int lane) {
    return (int) laneBits(a0, a1, lane, 2);
  }

  public static long i64x2ExtractLane(long a0, long a1, int lane) {
    return lane == 0 ? a0 : a1;
  }

  // ---- replace_lane: a with lane {@code lane} set to scalar b ----

  /** Half {@code half} (0 or 1) of a0 a1 with its part of lane {@code lane} set to b. */
  private static long replace(long a0, long a1, long b, int lane, int laneBits, int half) {
    int perHalf = 64 / laneBits;
    long h = half == 0 ? a0 : a1;
    if (lane / perHalf != half) {
      return h;
    }
    int shift = lane % perHalf * laneBits;
    long mask = (laneBits == 64 ? -1L : (1L << laneBits) - 1) << shift;
    return h & ~mask | b << shift & mask;
  }

  public static long i8x16ReplaceLaneLo(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 8, 0);
  }

  public static long i8x16ReplaceLaneHi(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 8, 1);
  }

  public static long i16x8ReplaceLaneLo(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 16, 0);
  }

  public static long i16x8ReplaceLaneHi(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 16, 1);
  }

  public static long i32x4ReplaceLaneLo(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 32, 0);
  }

  public static long i32x4ReplaceLaneHi(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 32, 1);
  }

  public static long i64x2ReplaceLaneLo(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 64, 0);
  }

  public static long i64x2ReplaceLaneHi(long a0, long a1, long b, int lane) {
    return replace(a0, a1, b, lane, 64, 1);
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

  /** The 8 result bytes whose indices are the bytes of {@code w0} then {@code w1}. */
  private static long shuffleHalf(long a0, long a1, long b0, long b1, int w0, int w1) {
    long r = 0;
    for (int i = 0; i < 8; i++) {
      int index = (i < 4 ? w0 : w1) >>> ((i & 3) << 3) & 31;
      r |= byteOf(a0, a1, b0, b1, index) << (i << 3);
    }
    return r;
  }

  public static long i8x16ShuffleLo(
      long a0, long a1, long b0, long b1, int s0, int s1, int s2, int s3) {
    return shuffleHalf(a0, a1, b0, b1, s0, s1);
  }

  public static long i8x16ShuffleHi(
      long a0, long a1, long b0, long b1, int s0, int s1, int s2, int s3) {
    return shuffleHalf(a0, a1, b0, b1, s2, s3);
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

  public static long i8x16SwizzleLo(long a0, long a1, long b0, long b1) {
    return swizzleHalf(a0, a1, b0);
  }

  public static long i8x16SwizzleHi(long a0, long a1, long b0, long b1) {
    return swizzleHalf(a0, a1, b1);
  }

  // ---- whole-vector tests: an i32 result ----

  public static long v128AnyTrue(long a0, long a1) {
    return (a0 | a1) != 0 ? 1 : 0;
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

  private static long allTrue(long a0, long a1, int laneBits) {
    return allTrue(a0, laneBits) && allTrue(a1, laneBits) ? 1 : 0;
  }

  public static long i8x16AllTrue(long a0, long a1) {
    return allTrue(a0, a1, 8);
  }

  public static long i16x8AllTrue(long a0, long a1) {
    return allTrue(a0, a1, 16);
  }

  public static long i32x4AllTrue(long a0, long a1) {
    return allTrue(a0, a1, 32);
  }

  public static long i64x2AllTrue(long a0, long a1) {
    return allTrue(a0, a1, 64);
  }

  /** The sign bits of the half's lanes, lane 0 in bit 0. */
  private static int signBits(long half, int laneBits) {
    int bits = 0;
    for (int i = 0; i < 64 / laneBits; i++) {
      bits |= (int) (half >>> ((i + 1) * laneBits - 1) & 1) << i;
    }
    return bits;
  }

  private static long bitmask(long a0, long a1, int laneBits) {
    return signBits(a0, laneBits) | signBits(a1, laneBits) << (64 / laneBits);
  }

  public static long i8x16Bitmask(long a0, long a1) {
    return bitmask(a0, a1, 8);
  }

  public static long i16x8Bitmask(long a0, long a1) {
    return bitmask(a0, a1, 16);
  }

  public static long i32x4Bitmask(long a0, long a1) {
    return bitmask(a0, a1, 32);
  }

  public static long i64x2Bitmask(long a0, long a1) {
    return bitmask(a0, a1, 64);
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
