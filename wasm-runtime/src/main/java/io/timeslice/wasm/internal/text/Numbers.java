package io.timeslice.wasm.internal.text;

/**
 * Numeric literals of the text format: the grammar (decimal and {@code 0x} hexadecimal digits,
 * single {@code _} between digits, signs, fractions and exponents, {@code inf}, {@code nan} and
 * {@code nan:0x...}) and the values. Integers must fit the signed or the unsigned range of their
 * width; floats are rounded to nearest, ties to even, and a finite literal that rounds to infinity
 * is out of range. Hexadecimal floats are rounded here, bit by bit, so that any length of mantissa
 * or exponent rounds exactly once; decimal floats use the JDK's correctly rounded conversion.
 */
final class Numbers {
  private Numbers() {}

  /** A literal that does not fit; the caller words the error. */
  static final class OutOfRange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfRange() {
      super(null, null, false, false);
    }
  }

  /** The index after {@code digit (_? digit)*} at {@code i}, or -1 if that is not there. */
  private static int digits(String s, int i, boolean hex) {
    int n = s.length();
    if (i >= n || !isDigit(s.charAt(i), hex)) {
      return -1;
    }
    i++;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '_') {
        if (i + 1 >= n || !isDigit(s.charAt(i + 1), hex)) {
          return -1;
        }
        i += 2;
      } else if (isDigit(c, hex)) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static boolean isDigit(char c, boolean hex) {
    return hex ? Lexer.hex(c) >= 0 : c >= '0' && c <= '9';
  }

  /** Whether {@code s} is a natural number literal (no sign). */
  static boolean isNat(String s) {
    if (s.startsWith("0x")) {
      return digits(s, 2, true) == s.length();
    }
    return digits(s, 0, false) == s.length();
  }

  /** Whether {@code s} is an integer literal (optional sign). */
  static boolean isInt(String s) {
    int i = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    return isNat(s.substring(i));
  }

  /** Whether {@code s} is any numeric literal: integer or float. */
  static boolean isNumber(String s) {
    int n = s.length();
    int i = n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    String rest = s.substring(i);
    if (rest.equals("inf") || rest.equals("nan")) {
      return true;
    }
    if (rest.startsWith("nan:0x")) {
      return digits(s, i + 6, true) == n;
    }
    boolean hex = rest.startsWith("0x");
    int j = digits(s, hex ? i + 2 : i, hex);
    if (j < 0) {
      return false;
    }
    if (j < n && s.charAt(j) == '.') {
      j++;
      if (j < n && isDigit(s.charAt(j), hex)) {
        j = digits(s, j, hex);
        if (j < 0) {
          return false;
        }
      }
    }
    if (j < n
        && (hex
            ? s.charAt(j) == 'p' || s.charAt(j) == 'P'
            : s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      j++;
      if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      j = digits(s, j, false);
    }
    return j == n;
  }

  /**
   * The value of a natural number literal, unsigned; at most {@code max} (unsigned).
   *
   * @throws OutOfRange when it is larger, or not a natural number
   */
  static long nat(String s, long max) {
    if (!isNat(s)) {
      throw new OutOfRange();
    }
    long v = magnitude(s, 0);
    if (Long.compareUnsigned(v, max) > 0) {
      throw new OutOfRange();
    }
    return v;
  }

  /**
   * The value of an integer literal of {@code bits} (8, 16, 32, 64): in the signed or the unsigned
   * range of that width, returned as its two's complement bits.
   *
   * @throws OutOfRange when it fits neither range
   * @throws IllegalArgumentException when it is not an integer literal (a float)
   */
  static long integer(String s, int bits) {
    if (!isInt(s)) {
      throw new IllegalArgumentException("not an integer");
    }
    boolean negative = s.charAt(0) == '-';
    int from = s.charAt(0) == '+' || negative ? 1 : 0;
    long m = magnitude(s, from);
    if (negative) {
      // At most 2^(bits-1), the magnitude of the most negative value.
      long limit = 1L << (bits - 1);
      if (Long.compareUnsigned(m, limit) > 0) {
        throw new OutOfRange();
      }
      return bits == 64 ? -m : -m & mask(bits);
    }
    if (bits < 64 && Long.compareUnsigned(m, mask(bits)) > 0) {
      throw new OutOfRange();
    }
    return m;
  }

  private static long mask(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  /** The unsigned 64-bit value of the digits from {@code from}; throws when it does not fit. */
  private static long magnitude(String s, int from) {
    boolean hex = s.startsWith("0x", from);
    int i = hex ? from + 2 : from;
    long v = 0;
    int base = hex ? 16 : 10;
    long limit = Long.divideUnsigned(-1L, base);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') {
        continue;
      }
      int d = hex ? Lexer.hex(c) : c - '0';
      if (Long.compareUnsigned(v, limit) > 0) {
        throw new OutOfRange();
      }
      long next = v * base + d;
      if (Long.compareUnsigned(next, v * base) < 0) {
        throw new OutOfRange();
      }
      v = next;
    }
    return v;
  }

  /** The bits of an {@code f32} literal. */
  static int f32(String s) {
    return (int) floating(s, 23, 8);
  }

  /** The bits of an {@code f64} literal. */
  static long f64(String s) {
    return floating(s, 52, 11);
  }

  private static long floating(String s, int mantBits, int expBits) {
    if (!isNumber(s)) {
      throw new IllegalArgumentException("not a number");
    }
    boolean negative = s.charAt(0) == '-';
    int from = s.charAt(0) == '+' || negative ? 1 : 0;
    long sign = negative ? 1L << (mantBits + expBits) : 0;
    long expMask = ((1L << expBits) - 1) << mantBits;
    String rest = s.substring(from);
    long bits;
    if (rest.equals("inf")) {
      bits = expMask;
    } else if (rest.equals("nan")) {
      bits = expMask | 1L << (mantBits - 1);
    } else if (rest.startsWith("nan:")) {
      long payload = magnitude(rest, 4);
      if (payload == 0 || Long.compareUnsigned(payload, (1L << mantBits) - 1) > 0) {
        throw new OutOfRange();
      }
      bits = expMask | payload;
    } else if (rest.startsWith("0x")) {
      bits = hexFloat(rest.substring(2).replace("_", ""), mantBits, expBits);
    } else {
      String clean = rest.replace("_", "");
      if (mantBits == 23) {
        float f = Float.parseFloat(clean);
        if (Float.isInfinite(f)) {
          throw new OutOfRange();
        }
        bits = Float.floatToRawIntBits(f) & 0xffff_ffffL;
      } else {
        double d = Double.parseDouble(clean);
        if (Double.isInfinite(d)) {
          throw new OutOfRange();
        }
        bits = Double.doubleToRawLongBits(d);
      }
    }
    return sign | bits;
  }

  /** A hexadecimal float's bits (positive), from {@code hex[.hex][p[+-]dec]} without {@code 0x}. */
  private static long hexFloat(String s, int mantBits, int expBits) {
    int n = s.length();
    long top = 0;
    int topBits = 0;
    boolean sticky = false;
    long exp2 = 0;
    boolean fraction = false;
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        fraction = true;
        continue;
      }
      if (c == 'p' || c == 'P') {
        break;
      }
      int d = Lexer.hex(c);
      if (fraction) {
        exp2 -= 4;
      }
      if (topBits == 0 && d == 0) {
        continue;
      }
      if (topBits <= 60) {
        top = top << 4 | d;
        topBits = topBits == 0 ? 64 - Long.numberOfLeadingZeros(d) : topBits + 4;
      } else {
        sticky |= d != 0;
        exp2 += 4;
      }
    }
    if (i < n) {
      exp2 += exponent(s.substring(i + 1));
    }
    if (top == 0) {
      return 0;
    }
    return round(top, sticky, exp2, mantBits, expBits);
  }

  /** A decimal exponent, saturated far beyond any float's range so that sums cannot overflow. */
  private static long exponent(String s) {
    boolean negative = s.startsWith("-");
    int i = s.startsWith("+") || negative ? 1 : 0;
    long v = 0;
    for (; i < s.length(); i++) {
      v = Math.min(v * 10 + (s.charAt(i) - '0'), 1L << 40);
    }
    return negative ? -v : v;
  }

  /**
   * Rounds {@code top * 2^exp2} (top unsigned, non-zero; {@code sticky} when nonzero bits were cut
   * off below it) to a float of {@code mantBits} stored mantissa bits, ties to even.
   */
  static long round(long top, boolean sticky, long exp2, int mantBits, int expBits) {
    int lz = Long.numberOfLeadingZeros(top);
    top <<= lz;
    exp2 -= lz;
    long e = exp2 + 63;
    long bias = (1L << (expBits - 1)) - 1;
    int precision = mantBits + 1;
    long keepL = e >= 1 - bias ? precision : precision - ((1 - bias) - e);
    if (keepL < 0) {
      return 0;
    }
    int keep = (int) keepL;
    long kept = keep == 0 ? 0 : top >>> (64 - keep);
    long dropped = keep == 0 ? top : top << keep;
    boolean half = dropped < 0;
    boolean rest = (dropped << 1) != 0 || sticky;
    if (half && (rest || (kept & 1) == 1)) {
      kept++;
    }
    if (keep < precision) {
      // Subnormal: the mantissa field holds it; rounding up into the smallest normal is exact.
      return kept;
    }
    if (kept == 1L << precision) {
      kept >>>= 1;
      e++;
    }
    long biased = e + bias;
    if (biased >= (1L << expBits) - 1) {
      throw new OutOfRange();
    }
    return biased << mantBits | (kept & ((1L << mantBits) - 1));
  }
}
