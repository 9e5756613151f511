package io.timeslice.wasm.internal.exec;

/**
 * Hand-written SIMD handlers whose lanes change width: narrowing, extension, extended
 * multiplication, pairwise addition, the dot product and the conversions between f64x2 and 32-bit
 * lanes (simd.isa, class SimdWiden). Their lanes cross the two cells of a v128, so they are not
 * generated per half. Every handler reads its operands before writing its result.
 */
final class SimdWiden {
  private SimdWiden() {}

  private static int store(long[] st, int fp, int[] c, int pc, long lo, long hi) {
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 2;
  }

  /** Lane {@code i} of {@code bits} bits of a half, sign- or zero-extended. */
  static long lane(long half, int i, int bits, boolean signed) {
    long v = half >>> (i * bits);
    return switch (bits) {
      case 8 -> signed ? (byte) v : v & 0xff;
      case 16 -> signed ? (short) v : v & 0xffff;
      default -> signed ? (int) v : v & 0xffff_ffffL;
    };
  }

  // ---- narrowing: each input half gives a quarter of the result ----

  /** The lanes of half {@code h} of {@code bits} bits saturated to {@code bits / 2}, packed. */
  private static long narrowHalf(long h, int bits, boolean signed) {
    int outBits = bits / 2;
    long min = signed ? -(1L << (outBits - 1)) : 0;
    long max = signed ? (1L << (outBits - 1)) - 1 : (1L << outBits) - 1;
    long r = 0;
    for (int i = 0; i < 64 / bits; i++) {
      long v = Math.clamp(lane(h, i, bits, true), min, max);
      r |= (v & ((1L << outBits) - 1)) << (i * outBits);
    }
    return r;
  }

  private static int narrow(int[] c, int pc, long[] st, int fp, int bits, boolean signed) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    int b = fp + (ab >>> 16);
    int quarter = 32;
    long lo = narrowHalf(st[a], bits, signed) | narrowHalf(st[a + 1], bits, signed) << quarter;
    long hi = narrowHalf(st[b], bits, signed) | narrowHalf(st[b + 1], bits, signed) << quarter;
    return store(st, fp, c, pc, lo, hi);
  }

  static int i8x16NarrowI16x8S(int[] c, int pc, long[] st, int fp) {
    return narrow(c, pc, st, fp, 16, true);
  }

  static int i8x16NarrowI16x8U(int[] c, int pc, long[] st, int fp) {
    return narrow(c, pc, st, fp, 16, false);
  }

  static int i16x8NarrowI32x4S(int[] c, int pc, long[] st, int fp) {
    return narrow(c, pc, st, fp, 32, true);
  }

  static int i16x8NarrowI32x4U(int[] c, int pc, long[] st, int fp) {
    return narrow(c, pc, st, fp, 32, false);
  }

  // ---- extension and extended multiplication: one input half gives the whole result ----

  /**
   * Lanes {@code first ..} of {@code bits} bits of halves x and y, extended to {@code 2 * bits} and
   * multiplied (y null-like: {@code multiply} false, x alone), packed into one result half.
   */
  private static long widenHalf(
      long x, long y, int first, int bits, boolean signed, boolean multiply) {
    int outBits = bits * 2;
    long mask = outBits == 64 ? -1L : (1L << outBits) - 1;
    long r = 0;
    for (int i = 0; i < 64 / outBits; i++) {
      long v = lane(x, first + i, bits, signed);
      if (multiply) {
        v *= lane(y, first + i, bits, signed);
      }
      r |= (v & mask) << (i * outBits);
    }
    return r;
  }

  private static int widen(
      int[] c, int pc, long[] st, int fp, int bits, boolean high, boolean signed, boolean mul) {
    int ab = c[pc + 1];
    int a = fp + (mul ? ab & 0xffff : ab) + (high ? 1 : 0);
    int b = fp + (ab >>> 16) + (high ? 1 : 0);
    long x = st[a];
    long y = mul ? st[b] : 0;
    int perResultHalf = 32 / bits;
    long lo = widenHalf(x, y, 0, bits, signed, mul);
    long hi = widenHalf(x, y, perResultHalf, bits, signed, mul);
    return store(st, fp, c, pc, lo, hi);
  }

  static int i16x8ExtendLowI8x16S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, false, true, false);
  }

  static int i16x8ExtendHighI8x16S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, true, true, false);
  }

  static int i16x8ExtendLowI8x16U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, false, false, false);
  }

  static int i16x8ExtendHighI8x16U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, true, false, false);
  }

  static int i32x4ExtendLowI16x8S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, false, true, false);
  }

  static int i32x4ExtendHighI16x8S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, true, true, false);
  }

  static int i32x4ExtendLowI16x8U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, false, false, false);
  }

  static int i32x4ExtendHighI16x8U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, true, false, false);
  }

  static int i64x2ExtendLowI32x4S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, false, true, false);
  }

  static int i64x2ExtendHighI32x4S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, true, true, false);
  }

  static int i64x2ExtendLowI32x4U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, false, false, false);
  }

  static int i64x2ExtendHighI32x4U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, true, false, false);
  }

  static int i16x8ExtmulLowI8x16S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, false, true, true);
  }

  static int i16x8ExtmulHighI8x16S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, true, true, true);
  }

  static int i16x8ExtmulLowI8x16U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, false, false, true);
  }

  static int i16x8ExtmulHighI8x16U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 8, true, false, true);
  }

  static int i32x4ExtmulLowI16x8S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, false, true, true);
  }

  static int i32x4ExtmulHighI16x8S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, true, true, true);
  }

  static int i32x4ExtmulLowI16x8U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, false, false, true);
  }

  static int i32x4ExtmulHighI16x8U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 16, true, false, true);
  }

  static int i64x2ExtmulLowI32x4S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, false, true, true);
  }

  static int i64x2ExtmulHighI32x4S(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, true, true, true);
  }

  static int i64x2ExtmulLowI32x4U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, false, false, true);
  }

  static int i64x2ExtmulHighI32x4U(int[] c, int pc, long[] st, int fp) {
    return widen(c, pc, st, fp, 32, true, false, true);
  }

  // ---- pairwise sums and the dot product: each half stays a half ----

  /**
   * Sums of adjacent lane pairs of {@code bits} bits of half x (times those of y when {@code
   * multiply}: the dot product), each {@code 2 * bits} wide.
   */
  private static long pairsHalf(long x, long y, int bits, boolean signed, boolean multiply) {
    int outBits = bits * 2;
    long mask = (1L << outBits) - 1;
    long r = 0;
    for (int i = 0; i < 64 / outBits; i++) {
      long first = lane(x, 2 * i, bits, signed);
      long second = lane(x, 2 * i + 1, bits, signed);
      if (multiply) {
        first *= lane(y, 2 * i, bits, signed);
        second *= lane(y, 2 * i + 1, bits, signed);
      }
      r |= (first + second & mask) << (i * outBits);
    }
    return r;
  }

  private static int extaddPairwise(int[] c, int pc, long[] st, int fp, int bits, boolean signed) {
    int a = fp + c[pc + 1];
    long lo = pairsHalf(st[a], 0, bits, signed, false);
    long hi = pairsHalf(st[a + 1], 0, bits, signed, false);
    return store(st, fp, c, pc, lo, hi);
  }

  static int i16x8ExtaddPairwiseI8x16S(int[] c, int pc, long[] st, int fp) {
    return extaddPairwise(c, pc, st, fp, 8, true);
  }

  static int i16x8ExtaddPairwiseI8x16U(int[] c, int pc, long[] st, int fp) {
    return extaddPairwise(c, pc, st, fp, 8, false);
  }

  static int i32x4ExtaddPairwiseI16x8S(int[] c, int pc, long[] st, int fp) {
    return extaddPairwise(c, pc, st, fp, 16, true);
  }

  static int i32x4ExtaddPairwiseI16x8U(int[] c, int pc, long[] st, int fp) {
    return extaddPairwise(c, pc, st, fp, 16, false);
  }

  static int i32x4DotI16x8S(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    int b = fp + (ab >>> 16);
    long lo = pairsHalf(st[a], st[b], 16, true, true);
    long hi = pairsHalf(st[a + 1], st[b + 1], 16, true, true);
    return store(st, fp, c, pc, lo, hi);
  }

  /** Relaxed SIMD's i8 dot product with signed b lanes: the dot product of i8 pairs. */
  static int i16x8RelaxedDotI8x16I7x16S(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    int b = fp + (ab >>> 16);
    long lo = pairsHalf(st[a], st[b], 8, true, true);
    long hi = pairsHalf(st[a + 1], st[b + 1], 8, true, true);
    return store(st, fp, c, pc, lo, hi);
  }

  /** Two i32 lanes of a half: the products of each four byte lanes of x and y summed, plus acc. */
  private static long dotAddHalf(long x, long y, long acc) {
    long r = 0;
    for (int i = 0; i < 2; i++) {
      int sum = (int) (acc >>> (32 * i));
      for (int j = 4 * i; j < 4 * i + 4; j++) {
        sum += (int) (lane(x, j, 8, true) * lane(y, j, 8, true));
      }
      r |= (sum & 0xffff_ffffL) << (32 * i);
    }
    return r;
  }

  static int i32x4RelaxedDotI8x16I7x16AddS(int[] c, int pc, long[] st, int fp) {
    int ab = c[pc + 1];
    int a = fp + (ab & 0xffff);
    int b = fp + (ab >>> 16);
    int d = fp + c[pc + 2];
    long lo = dotAddHalf(st[a], st[b], st[d]);
    long hi = dotAddHalf(st[a + 1], st[b + 1], st[d + 1]);
    int r = fp + (c[pc] >>> 16);
    st[r] = lo;
    st[r + 1] = hi;
    return pc + 3;
  }

  // ---- conversions between f64x2 and 32-bit lanes ----

  private static long pack32(int low, int high) {
    return low & 0xffff_ffffL | (long) high << 32;
  }

  static int i32x4TruncSatF64x2SZero(int[] c, int pc, long[] st, int fp) {
    int a = fp + c[pc + 1];
    int lane0 = (int) Double.longBitsToDouble(st[a]);
    int lane1 = (int) Double.longBitsToDouble(st[a + 1]);
    return store(st, fp, c, pc, pack32(lane0, lane1), 0);
  }

  static int i32x4TruncSatF64x2UZero(int[] c, int pc, long[] st, int fp) {
    int a = fp + c[pc + 1];
    int lane0 = WasmMath.i32TruncSatF64U(Double.longBitsToDouble(st[a]));
    int lane1 = WasmMath.i32TruncSatF64U(Double.longBitsToDouble(st[a + 1]));
    return store(st, fp, c, pc, pack32(lane0, lane1), 0);
  }

  /** An f64 rounded to f32, a NaN canonical (floatToIntBits canonicalises). */
  private static int demote(long bits) {
    return Float.floatToIntBits((float) Double.longBitsToDouble(bits));
  }

  static int f32x4DemoteF64x2Zero(int[] c, int pc, long[] st, int fp) {
    int a = fp + c[pc + 1];
    return store(st, fp, c, pc, pack32(demote(st[a]), demote(st[a + 1])), 0);
  }

  /** An f32 widened to f64, a NaN canonical (doubleToLongBits canonicalises). */
  private static long promote(long half, int shift) {
    return Double.doubleToLongBits(Float.intBitsToFloat((int) (half >>> shift)));
  }

  static int f64x2PromoteLowF32x4(int[] c, int pc, long[] st, int fp) {
    long half = st[fp + c[pc + 1]];
    return store(st, fp, c, pc, promote(half, 0), promote(half, 32));
  }

  static int f64x2ConvertLowI32x4S(int[] c, int pc, long[] st, int fp) {
    long half = st[fp + c[pc + 1]];
    long lo = Double.doubleToRawLongBits((int) half);
    long hi = Double.doubleToRawLongBits((int) (half >>> 32));
    return store(st, fp, c, pc, lo, hi);
  }

  static int f64x2ConvertLowI32x4U(int[] c, int pc, long[] st, int fp) {
    long half = st[fp + c[pc + 1]];
    long lo = Double.doubleToRawLongBits(half & 0xffff_ffffL);
    long hi = Double.doubleToRawLongBits(half >>> 32);
    return store(st, fp, c, pc, lo, hi);
  }
}
