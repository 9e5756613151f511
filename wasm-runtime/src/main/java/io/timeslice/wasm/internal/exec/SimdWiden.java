package io.timeslice.wasm.internal.exec;

/**
 * The functions of the SIMD ops whose lanes change width (simd.isa, class SimdWiden): narrowing,
 * extension, extended multiplication, pairwise addition, the dot products and the conversions
 * between f64x2 and 32-bit lanes, which the interpreter's generated handlers and compiled code both
 * call. Their lanes cross the two halves of a v128, so they are not generated per half.
 */
public final class SimdWiden {
  private SimdWiden() {}

  /** Lane {@code i} of {@code bits} bits of a half, sign- or zero-extended. */
  private static long lane(long half, int i, int bits, boolean signed) {
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

  /** The result half that one vector (x0 x1) gives. */
  private static long narrow(long x0, long x1, int bits, boolean signed) {
    return narrowHalf(x0, bits, signed) | narrowHalf(x1, bits, signed) << 32;
  }

  public static long i8x16NarrowI16x8SLo(long a0, long a1, long b0, long b1) {
    return narrow(a0, a1, 16, true);
  }

  public static long i8x16NarrowI16x8SHi(long a0, long a1, long b0, long b1) {
    return narrow(b0, b1, 16, true);
  }

  public static long i8x16NarrowI16x8ULo(long a0, long a1, long b0, long b1) {
    return narrow(a0, a1, 16, false);
  }

  public static long i8x16NarrowI16x8UHi(long a0, long a1, long b0, long b1) {
    return narrow(b0, b1, 16, false);
  }

  public static long i16x8NarrowI32x4SLo(long a0, long a1, long b0, long b1) {
    return narrow(a0, a1, 32, true);
  }

  public static long i16x8NarrowI32x4SHi(long a0, long a1, long b0, long b1) {
    return narrow(b0, b1, 32, true);
  }

  public static long i16x8NarrowI32x4ULo(long a0, long a1, long b0, long b1) {
    return narrow(a0, a1, 32, false);
  }

  public static long i16x8NarrowI32x4UHi(long a0, long a1, long b0, long b1) {
    return narrow(b0, b1, 32, false);
  }

  // ---- extension and extended multiplication: one input half gives the whole result ----

  /**
   * Lanes {@code first ..} of {@code bits} bits of halves x and y, extended to {@code 2 * bits} and
   * multiplied ({@code multiply} false: x alone), packed into one result half.
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

  public static long i16x8ExtendLowI8x16SLo(long a0, long a1) {
    return widenHalf(a0, 0, 0, 8, true, false);
  }

  public static long i16x8ExtendLowI8x16SHi(long a0, long a1) {
    return widenHalf(a0, 0, 4, 8, true, false);
  }

  public static long i16x8ExtendLowI8x16ULo(long a0, long a1) {
    return widenHalf(a0, 0, 0, 8, false, false);
  }

  public static long i16x8ExtendLowI8x16UHi(long a0, long a1) {
    return widenHalf(a0, 0, 4, 8, false, false);
  }

  public static long i16x8ExtendHighI8x16SLo(long a0, long a1) {
    return widenHalf(a1, 0, 0, 8, true, false);
  }

  public static long i16x8ExtendHighI8x16SHi(long a0, long a1) {
    return widenHalf(a1, 0, 4, 8, true, false);
  }

  public static long i16x8ExtendHighI8x16ULo(long a0, long a1) {
    return widenHalf(a1, 0, 0, 8, false, false);
  }

  public static long i16x8ExtendHighI8x16UHi(long a0, long a1) {
    return widenHalf(a1, 0, 4, 8, false, false);
  }

  public static long i32x4ExtendLowI16x8SLo(long a0, long a1) {
    return widenHalf(a0, 0, 0, 16, true, false);
  }

  public static long i32x4ExtendLowI16x8SHi(long a0, long a1) {
    return widenHalf(a0, 0, 2, 16, true, false);
  }

  public static long i32x4ExtendLowI16x8ULo(long a0, long a1) {
    return widenHalf(a0, 0, 0, 16, false, false);
  }

  public static long i32x4ExtendLowI16x8UHi(long a0, long a1) {
    return widenHalf(a0, 0, 2, 16, false, false);
  }

  public static long i32x4ExtendHighI16x8SLo(long a0, long a1) {
    return widenHalf(a1, 0, 0, 16, true, false);
  }

  public static long i32x4ExtendHighI16x8SHi(long a0, long a1) {
    return widenHalf(a1, 0, 2, 16, true, false);
  }

  public static long i32x4ExtendHighI16x8ULo(long a0, long a1) {
    return widenHalf(a1, 0, 0, 16, false, false);
  }

  public static long i32x4ExtendHighI16x8UHi(long a0, long a1) {
    return widenHalf(a1, 0, 2, 16, false, false);
  }

  public static long i64x2ExtendLowI32x4SLo(long a0, long a1) {
    return widenHalf(a0, 0, 0, 32, true, false);
  }

  public static long i64x2ExtendLowI32x4SHi(long a0, long a1) {
    return widenHalf(a0, 0, 1, 32, true, false);
  }

  public static long i64x2ExtendLowI32x4ULo(long a0, long a1) {
    return widenHalf(a0, 0, 0, 32, false, false);
  }

  public static long i64x2ExtendLowI32x4UHi(long a0, long a1) {
    return widenHalf(a0, 0, 1, 32, false, false);
  }

  public static long i64x2ExtendHighI32x4SLo(long a0, long a1) {
    return widenHalf(a1, 0, 0, 32, true, false);
  }

  public static long i64x2ExtendHighI32x4SHi(long a0, long a1) {
    return widenHalf(a1, 0, 1, 32, true, false);
  }

  public static long i64x2ExtendHighI32x4ULo(long a0, long a1) {
    return widenHalf(a1, 0, 0, 32, false, false);
  }

  public static long i64x2ExtendHighI32x4UHi(long a0, long a1) {
    return widenHalf(a1, 0, 1, 32, false, false);
  }

  public static long i16x8ExtmulLowI8x16SLo(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 0, 8, true, true);
  }

  public static long i16x8ExtmulLowI8x16SHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 4, 8, true, true);
  }

  public static long i16x8ExtmulLowI8x16ULo(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 0, 8, false, true);
  }

  public static long i16x8ExtmulLowI8x16UHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 4, 8, false, true);
  }

  public static long i16x8ExtmulHighI8x16SLo(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 0, 8, true, true);
  }

  public static long i16x8ExtmulHighI8x16SHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 4, 8, true, true);
  }

  public static long i16x8ExtmulHighI8x16ULo(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 0, 8, false, true);
  }

  public static long i16x8ExtmulHighI8x16UHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 4, 8, false, true);
  }

  public static long i32x4ExtmulLowI16x8SLo(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 0, 16, true, true);
  }

  public static long i32x4ExtmulLowI16x8SHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 2, 16, true, true);
  }

  public static long i32x4ExtmulLowI16x8ULo(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 0, 16, false, true);
  }

  public static long i32x4ExtmulLowI16x8UHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 2, 16, false, true);
  }

  public static long i32x4ExtmulHighI16x8SLo(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 0, 16, true, true);
  }

  public static long i32x4ExtmulHighI16x8SHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 2, 16, true, true);
  }

  public static long i32x4ExtmulHighI16x8ULo(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 0, 16, false, true);
  }

  public static long i32x4ExtmulHighI16x8UHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 2, 16, false, true);
  }

  public static long i64x2ExtmulLowI32x4SLo(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 0, 32, true, true);
  }

  public static long i64x2ExtmulLowI32x4SHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 1, 32, true, true);
  }

  public static long i64x2ExtmulLowI32x4ULo(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 0, 32, false, true);
  }

  public static long i64x2ExtmulLowI32x4UHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a0, b0, 1, 32, false, true);
  }

  public static long i64x2ExtmulHighI32x4SLo(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 0, 32, true, true);
  }

  public static long i64x2ExtmulHighI32x4SHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 1, 32, true, true);
  }

  public static long i64x2ExtmulHighI32x4ULo(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 0, 32, false, true);
  }

  public static long i64x2ExtmulHighI32x4UHi(long a0, long a1, long b0, long b1) {
    return widenHalf(a1, b1, 1, 32, false, true);
  }

  // ---- pairwise sums and the dot products: each half stays a half ----

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

  public static long i16x8ExtaddPairwiseI8x16SLo(long a0, long a1) {
    return pairsHalf(a0, 0, 8, true, false);
  }

  public static long i16x8ExtaddPairwiseI8x16SHi(long a0, long a1) {
    return pairsHalf(a1, 0, 8, true, false);
  }

  public static long i16x8ExtaddPairwiseI8x16ULo(long a0, long a1) {
    return pairsHalf(a0, 0, 8, false, false);
  }

  public static long i16x8ExtaddPairwiseI8x16UHi(long a0, long a1) {
    return pairsHalf(a1, 0, 8, false, false);
  }

  public static long i32x4ExtaddPairwiseI16x8SLo(long a0, long a1) {
    return pairsHalf(a0, 0, 16, true, false);
  }

  public static long i32x4ExtaddPairwiseI16x8SHi(long a0, long a1) {
    return pairsHalf(a1, 0, 16, true, false);
  }

  public static long i32x4ExtaddPairwiseI16x8ULo(long a0, long a1) {
    return pairsHalf(a0, 0, 16, false, false);
  }

  public static long i32x4ExtaddPairwiseI16x8UHi(long a0, long a1) {
    return pairsHalf(a1, 0, 16, false, false);
  }

  public static long i32x4DotI16x8SLo(long a0, long a1, long b0, long b1) {
    return pairsHalf(a0, b0, 16, true, true);
  }

  public static long i32x4DotI16x8SHi(long a0, long a1, long b0, long b1) {
    return pairsHalf(a1, b1, 16, true, true);
  }

  // Relaxed SIMD's i8 dot product with signed b lanes: the dot product of i8 pairs.

  public static long i16x8RelaxedDotI8x16I7x16SLo(long a0, long a1, long b0, long b1) {
    return pairsHalf(a0, b0, 8, true, true);
  }

  public static long i16x8RelaxedDotI8x16I7x16SHi(long a0, long a1, long b0, long b1) {
    return pairsHalf(a1, b1, 8, true, true);
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

  public static long i32x4RelaxedDotI8x16I7x16AddSLo(
      long a0, long a1, long b0, long b1, long d0, long d1) {
    return dotAddHalf(a0, b0, d0);
  }

  public static long i32x4RelaxedDotI8x16I7x16AddSHi(
      long a0, long a1, long b0, long b1, long d0, long d1) {
    return dotAddHalf(a1, b1, d1);
  }

  // ---- conversions between f64x2 and 32-bit lanes ----

  private static long pack32(int low, int high) {
    return low & 0xffff_ffffL | (long) high << 32;
  }

  public static long i32x4TruncSatF64x2SZeroLo(long a0, long a1) {
    return pack32((int) Double.longBitsToDouble(a0), (int) Double.longBitsToDouble(a1));
  }

  public static long i32x4TruncSatF64x2SZeroHi(long a0, long a1) {
    return 0;
  }

  public static long i32x4TruncSatF64x2UZeroLo(long a0, long a1) {
    return pack32(
        WasmMath.i32TruncSatF64U(Double.longBitsToDouble(a0)),
        WasmMath.i32TruncSatF64U(Double.longBitsToDouble(a1)));
  }

  public static long i32x4TruncSatF64x2UZeroHi(long a0, long a1) {
    return 0;
  }

  /** An f64 rounded to f32, a NaN canonical (floatToIntBits canonicalises). */
  private static int demote(long bits) {
    return Float.floatToIntBits((float) Double.longBitsToDouble(bits));
  }

  public static long f32x4DemoteF64x2ZeroLo(long a0, long a1) {
    return pack32(demote(a0), demote(a1));
  }

  public static long f32x4DemoteF64x2ZeroHi(long a0, long a1) {
    return 0;
  }

  /** An f32 widened to f64, a NaN canonical (doubleToLongBits canonicalises). */
  private static long promote(long half, int shift) {
    return Double.doubleToLongBits(Float.intBitsToFloat((int) (half >>> shift)));
  }

  public static long f64x2PromoteLowF32x4Lo(long a0, long a1) {
    return promote(a0, 0);
  }

  public static long f64x2PromoteLowF32x4Hi(long a0, long a1) {
    return promote(a0, 32);
  }

  public static long f64x2ConvertLowI32x4SLo(long a0, long a1) {
    return Double.doubleToRawLongBits((int) a0);
  }

  public static long f64x2ConvertLowI32x4SHi(long a0, long a1) {
    return Double.doubleToRawLongBits((int) (a0 >>> 32));
  }

  public static long f64x2ConvertLowI32x4ULo(long a0, long a1) {
    return Double.doubleToRawLongBits(a0 & 0xffff_ffffL);
  }

  public static long f64x2ConvertLowI32x4UHi(long a0, long a1) {
    return Double.doubleToRawLongBits(a0 >>> 32);
  }
}
