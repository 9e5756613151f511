package io.timeslice.core.jobs;

import io.timeslice.core.Refused;
import io.timeslice.wasm.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Converts a job's arguments from JSON to the raw 64-bit cells the engine calls with, by the
 * export's signature, and its results back. An argument is a plain JSON number, or typed as {@code
 * {"type": "i64", "value": "…"}} (the value a number or a string: exact 64-bit integers, {@code
 * nan}, {@code inf}, {@code -inf}). i32 and i64 accept signed and unsigned ranges; results are
 * shown signed, a v128 result as a hex string of its 128 bits.
 */
final class JobArguments {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private JobArguments() {}

  /** The raw cells of {@code args} for a function of parameter types {@code params}. */
  static long[] toBits(List<String> params, List<JsonNode> args) {
    List<JsonNode> given = args == null ? List.of() : args;
    if (given.size() != params.size()) {
      throw Refused.invalid(
          "the function takes "
              + params.size()
              + " argument(s) "
              + params
              + ", got "
              + given.size());
    }
    long[] bits = new long[params.size()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = bits(i, params.get(i), given.get(i));
    }
    return bits;
  }

  private static long bits(int index, String type, JsonNode arg) {
    JsonNode value = arg;
    if (arg != null && arg.isObject()) {
      JsonNode declared = arg.get("type");
      if (declared == null || !declared.isString() || !declared.stringValue().equals(type)) {
        throw bad(index, type, "its \"type\" must be \"" + type + "\"");
      }
      value = arg.get("value");
    }
    if (value == null || !(value.isNumber() || value.isString())) {
      throw bad(index, type, "expected a number or {\"type\": \"" + type + "\", \"value\": …}");
    }
    String text = value.isString() ? value.stringValue().strip() : value.asString();
    try {
      return switch (type) {
        case "i32" -> integer(text, 32) & 0xFFFF_FFFFL;
        case "i64" -> integer(text, 64);
        case "f32" -> Float.floatToRawIntBits(floating(text, true).floatValue()) & 0xFFFF_FFFFL;
        case "f64" -> Double.doubleToRawLongBits(floating(text, false));
        default -> throw bad(index, type, "arguments of type " + type + " cannot be passed");
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(index, type, "'" + text + "' is not a " + type + " value");
    }
  }

  private static long integer(String text, int width) {
    java.math.BigDecimal exact = new java.math.BigDecimal(text);
    // Refuses 1e999999999 and the like before expanding them into a huge integer.
    if (exact.precision() - exact.scale() > 21) {
      throw new NumberFormatException("out of range");
    }
    BigInteger v = exact.toBigIntegerExact();
    BigInteger min = BigInteger.ONE.shiftLeft(width - 1).negate();
    BigInteger max = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw new NumberFormatException("out of range");
    }
    return v.signum() < 0 ? v.add(TWO_64).longValue() : v.longValue();
  }

  private static Double floating(String text, boolean single) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> {
        double d = Double.parseDouble(text);
        if (single && Float.isInfinite((float) d) && !Double.isInfinite(d)) {
          throw new NumberFormatException("out of the f32 range");
        }
        yield single ? (double) Float.parseFloat(text) : d;
      }
    };
  }

  private static Refused bad(int index, String type, String why) {
    return Refused.invalid("argument " + index + " (" + type + "): " + why);
  }

  /**
   * The results as JSON values: integers as numbers (signed), floats as numbers, or the strings
   * {@code "nan"}, {@code "inf"}, {@code "-inf"} that JSON numbers cannot express.
   */
  static List<Object> fromBits(List<String> types, long[] bits) {
    List<Object> out = new ArrayList<>(bits.length);
    int cell = 0;
    for (int i = 0; cell < bits.length; i++) {
      String type = i < types.size() ? types.get(i) : "i64";
      long b = bits[cell++];
      out.add(
          switch (type) {
            case "i32" -> (int) b;
            case "f32" -> number(Float.intBitsToFloat((int) b));
            case "f64" -> number(Double.longBitsToDouble(b));
            // A v128 is two cells (bytes 0-7, then 8-15): one 128-bit hex string.
            case "v128" -> Values.formatV128(b, cell < bits.length ? bits[cell++] : 0);
            default -> b;
          });
    }
    return out;
  }

  private static Object number(float f) {
    return Float.isFinite(f) ? (Object) f : special(f);
  }

  private static Object number(double d) {
    return Double.isFinite(d) ? (Object) d : special(d);
  }

  private static String special(double d) {
    return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
  }
}
