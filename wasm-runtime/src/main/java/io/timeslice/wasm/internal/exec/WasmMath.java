package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * Wasm numeric semantics that Java's operators do not give directly. A trapping operation {@code x}
 * comes with {@code xTrap}, which returns 0 or the {@link TrapCode} number to trap with; the
 * generated handlers call the check first, so {@code x} itself never sees a trapping input.
 */
final class WasmMath {
  private WasmMath() {}

  private static final int DIV_ZERO = TrapCode.INTEGER_DIVIDE_BY_ZERO.number();
  private static final int OVERFLOW = TrapCode.INTEGER_OVERFLOW.number();
  private static final int BAD_CONVERSION = TrapCode.INVALID_CONVERSION_TO_INTEGER.number();
  private static final int NULL_I31 = TrapCode.NULL_I31_REFERENCE.number();

  static int i31GetSTrap(long a) {
    return a == 0 ? NULL_I31 : 0;
  }

  /** {@code i31.get_s}: the i31's 31 bits, sign-extended. */
  static int i31GetS(long a) {
    return (int) a << 1 >> 1;
  }

  static int i31GetUTrap(long a) {
    return a == 0 ? NULL_I31 : 0;
  }

  /** {@code i31.get_u}: the i31's 31 bits, zero-extended. */
  static int i31GetU(long a) {
    return (int) a & 0x7fff_ffff;
  }

  static int i32DivSTrap(int a, int b) {
    return b == 0 ? DIV_ZERO : a == Integer.MIN_VALUE && b == -1 ? OVERFLOW : 0;
  }

  static int i32DivS(int a, int b) {
    return a / b;
  }

  static int i32DivUTrap(int a, int b) {
    return b == 0 ? DIV_ZERO : 0;
  }

  static int i32DivU(int a, int b) {
    return Integer.divideUnsigned(a, b);
  }

  static int i32RemSTrap(int a, int b) {
    return b == 0 ? DIV_ZERO : 0;
  }

  static int i32RemS(int a, int b) {
    // MIN_VALUE % -1 is 0 in Java as in Wasm; only division overflows.
    return a % b;
  }

  static int i32RemUTrap(int a, int b) {
    return b == 0 ? DIV_ZERO : 0;
  }

  static int i32RemU(int a, int b) {
    return Integer.remainderUnsigned(a, b);
  }

  static int i64DivSTrap(long a, long b) {
    return b == 0 ? DIV_ZERO : a == Long.MIN_VALUE && b == -1 ? OVERFLOW : 0;
  }

  static long i64DivS(long a, long b) {
    return a / b;
  }

  static int i64DivUTrap(long a, long b) {
    return b == 0 ? DIV_ZERO : 0;
  }

  static long i64DivU(long a, long b) {
    return Long.divideUnsigned(a, b);
  }

  static int i64RemSTrap(long a, long b) {
    return b == 0 ? DIV_ZERO : 0;
  }

  static long i64RemS(long a, long b) {
    return a % b;
  }

  static int i64RemUTrap(long a, long b) {
    return b == 0 ? DIV_ZERO : 0;
  }

  static long i64RemU(long a, long b) {
    return Long.remainderUnsigned(a, b);
  }

  // ---- float rounding and min/max. A NaN input yields a NaN computed by arithmetic (a + b), so a
  // signalling NaN comes out quiet, as the spec's "arithmetic NaN" requires. ----

  static float f32Trunc(float a) {
    return Double.isNaN(a) ? a + a : (float) (a < 0 ? Math.ceil(a) : Math.floor(a));
  }

  static double f64Trunc(double a) {
    return Double.isNaN(a) ? a + a : a < 0 ? Math.ceil(a) : Math.floor(a);
  }

  static float f32Min(float a, float b) {
    return Float.isNaN(a) || Float.isNaN(b) ? f32FirstNan(a, b) : Math.min(a, b);
  }

  static float f32Max(float a, float b) {
    return Float.isNaN(a) || Float.isNaN(b) ? f32FirstNan(a, b) : Math.max(a, b);
  }

  static double f64Min(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? f64FirstNan(a, b) : Math.min(a, b);
  }

  static double f64Max(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? f64FirstNan(a, b) : Math.max(a, b);
  }

  /**
   * The first NaN operand, quieted. Not {@code a + b}: the JIT may swap the operands of an
   * addition, so which payload it returned depended on whether the code was compiled yet.
   */
  private static float f32FirstNan(float a, float b) {
    int bits = Float.floatToRawIntBits(Float.isNaN(a) ? a : b);
    return Float.intBitsToFloat(bits | 0x0040_0000);
  }

  private static double f64FirstNan(double a, double b) {
    long bits = Double.doubleToRawLongBits(Double.isNaN(a) ? a : b);
    return Double.longBitsToDouble(bits | 0x0008_0000_0000_0000L);
  }

  static float f32Ceil(float a) {
    return Double.isNaN(a) ? a + a : (float) Math.ceil(a);
  }

  static float f32Floor(float a) {
    return Double.isNaN(a) ? a + a : (float) Math.floor(a);
  }

  static float f32Nearest(float a) {
    return Double.isNaN(a) ? a + a : (float) Math.rint(a);
  }

  static double f64Ceil(double a) {
    return Double.isNaN(a) ? a + a : Math.ceil(a);
  }

  static double f64Floor(double a) {
    return Double.isNaN(a) ? a + a : Math.floor(a);
  }

  static double f64Nearest(double a) {
    return Double.isNaN(a) ? a + a : Math.rint(a);
  }

  // ---- float to integer, trapping ----

  private static int truncTrap(double a, double lowExclusive, double highExclusive) {
    return Double.isNaN(a) ? BAD_CONVERSION : a > lowExclusive && a < highExclusive ? 0 : OVERFLOW;
  }

  static int i32TruncF32STrap(float a) {
    return truncTrap(a, -0x1p31 - 1, 0x1p31);
  }

  static int i32TruncF32S(float a) {
    return (int) a;
  }

  static int i32TruncF32UTrap(float a) {
    return truncTrap(a, -1, 0x1p32);
  }

  static int i32TruncF32U(float a) {
    return (int) (long) a;
  }

  static int i32TruncF64STrap(double a) {
    return truncTrap(a, -0x1p31 - 1, 0x1p31);
  }

  static int i32TruncF64S(double a) {
    return (int) a;
  }

  static int i32TruncF64UTrap(double a) {
    return truncTrap(a, -1, 0x1p32);
  }

  static int i32TruncF64U(double a) {
    return (int) (long) a;
  }

  static int i64TruncF32STrap(float a) {
    // -2^63 is exactly representable and valid; the next float below it is not.
    return Double.isNaN(a) ? BAD_CONVERSION : a >= -0x1p63f && a < 0x1p63f ? 0 : OVERFLOW;
  }

  static long i64TruncF32S(float a) {
    return (long) a;
  }

  static int i64TruncF32UTrap(float a) {
    return truncTrap(a, -1, 0x1p64);
  }

  static long i64TruncF32U(float a) {
    return unsignedLong(a);
  }

  static int i64TruncF64STrap(double a) {
    return Double.isNaN(a) ? BAD_CONVERSION : a >= -0x1p63 && a < 0x1p63 ? 0 : OVERFLOW;
  }

  static long i64TruncF64S(double a) {
    return (long) a;
  }

  static int i64TruncF64UTrap(double a) {
    return truncTrap(a, -1, 0x1p64);
  }

  static long i64TruncF64U(double a) {
    return unsignedLong(a);
  }

  /** Truncates {@code a} in (-1, 2^64) to the unsigned 64-bit integer with the same bits. */
  private static long unsignedLong(double a) {
    return a < 0x1p63 ? (long) a : (long) (a - 0x1p63) ^ Long.MIN_VALUE;
  }

  // ---- float to integer, saturating (the signed ones are Java's own casts) ----

  static int i32TruncSatF32U(float a) {
    return i32TruncSatF64U(a);
  }

  static int i32TruncSatF64U(double a) {
    return Double.isNaN(a) || a <= 0 ? 0 : a >= 0x1p32 ? -1 : (int) (long) a;
  }

  static long i64TruncSatF32U(float a) {
    return i64TruncSatF64U(a);
  }

  static long i64TruncSatF64U(double a) {
    return Double.isNaN(a) || a <= 0 ? 0 : a >= 0x1p64 ? -1 : unsignedLong(a);
  }

  // ---- unsigned 64-bit integer to float, correctly rounded: halve with the low bit kept sticky,
  // convert, double. ----

  static float f32ConvertI64U(long a) {
    return a >= 0 ? (float) a : (float) ((a >>> 1) | (a & 1)) * 2f;
  }

  static double f64ConvertI64U(long a) {
    return a >= 0 ? (double) a : (double) ((a >>> 1) | (a & 1)) * 2d;
  }
}
