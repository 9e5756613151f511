package io.timeslice.wasm;

/**
 * Conversions between Java values and the raw bits that {@link Func#call}, {@link Global} and host
 * functions use, and the text form the CLI prints.
 */
public final class Values {
  private Values() {}

  /** An i32 argument. */
  public static long i32(int value) {
    return value & 0xffff_ffffL;
  }

  /** An f32 argument. */
  public static long f32(float value) {
    return Float.floatToRawIntBits(value) & 0xffff_ffffL;
  }

  /** An f64 argument. */
  public static long f64(double value) {
    return Double.doubleToRawLongBits(value);
  }

  /** An i32 result. */
  public static int asI32(long bits) {
    return (int) bits;
  }

  /** An f32 result. */
  public static float asF32(long bits) {
    return Float.intBitsToFloat((int) bits);
  }

  /** An f64 result. */
  public static double asF64(long bits) {
    return Double.longBitsToDouble(bits);
  }

  /**
   * Parses {@code text} as a value of {@code type}: integers in decimal (signed or, for i32 and
   * i64, unsigned up to the type's range) or {@code 0x} hex; floats as Java parses them, plus
   * {@code nan}, {@code inf}, {@code -inf}.
   *
   * @throws IllegalArgumentException when the text is not such a value
   */
  public static long parse(ValType type, String text) {
    try {
      return switch (type) {
        case I32 -> i32((int) parseInteger(text, 32));
        case I64 -> parseInteger(text, 64);
        case F32 -> f32((float) parseFloat(text));
        case F64 -> f64(parseFloat(text));
        default -> throw new IllegalArgumentException("cannot parse a " + type + " value");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a " + type + " value: " + text, e);
    }
  }

  private static long parseInteger(String text, int bits) {
    String t = text.replace("_", "");
    boolean negative = t.startsWith("-");
    String digits = negative || t.startsWith("+") ? t.substring(1) : t;
    int radix = 10;
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      digits = digits.substring(2);
      radix = 16;
    }
    long magnitude = Long.parseUnsignedLong(digits, radix);
    if (bits == 32 && Long.compareUnsigned(magnitude, negative ? 1L << 31 : 0xffff_ffffL) > 0) {
      throw new NumberFormatException("out of range for i32: " + text);
    }
    if (bits == 64 && negative && Long.compareUnsigned(magnitude, 1L << 63) > 0) {
      throw new NumberFormatException("out of range for i64: " + text);
    }
    return negative ? -magnitude : magnitude;
  }

  private static double parseFloat(String text) {
    return switch (text) {
      case "nan", "+nan" -> Double.NaN;
      case "-nan" -> -Double.NaN;
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /**
   * {@code bits} as text: integers signed in decimal, floats in Java's shortest round-trip form
   * ({@code NaN}, {@code Infinity}), references as {@code null} or {@code ref:ID}.
   */
  public static String format(ValType type, long bits) {
    return switch (type) {
      case I32 -> Integer.toString((int) bits);
      case I64 -> Long.toString(bits);
      case F32 -> Float.toString(asF32(bits));
      case F64 -> Double.toString(asF64(bits));
      case FUNCREF, EXTERNREF, EXNREF, ANYREF, NULLREF, NULLFUNCREF, NULLEXTERNREF, NULLEXNREF ->
          bits == 0 ? "null" : "ref:" + bits;
      case V128 -> throw new IllegalArgumentException("a v128 is two longs: use formatV128");
    };
  }

  /** A v128 of bytes 0-7 {@code low} and 8-15 {@code high} as one 128-bit hex number. */
  public static String formatV128(long low, long high) {
    return String.format("0x%016x%016x", high, low);
  }
}
