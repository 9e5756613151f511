package io.timeslice.wasm.spec;

import io.timeslice.wasm.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec testsuite values: arguments to raw bits, and results compared bit-exactly, with the NaN
 * patterns {@code nan:canonical} and {@code nan:arithmetic}. {@code ref.extern N} becomes one
 * {@code externref} of the store per N, so that a returned reference can be compared with N. A v128
 * is two longs (bytes 0-7, then 8-15), given and compared lane by lane in its {@code lane_type}.
 */
final class SpecValues {
  private final Store<?> store;
  private final Map<Long, Long> externRefs = new HashMap<>();

  SpecValues(Store<?> store) {
    this.store = store;
  }

  long[] arguments(Object args) {
    List<?> list = (List<?>) args;
    long[] out = new long[2 * list.size()];
    int cell = 0;
    for (Object arg : list) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) arg;
      if (v.get("type").equals("v128")) {
        long[] halves = v128((String) v.get("lane_type"), (List<?>) v.get("value"));
        out[cell++] = halves[0];
        out[cell++] = halves[1];
      } else {
        out[cell++] = parse((String) v.get("type"), (String) v.get("value"));
      }
    }
    return java.util.Arrays.copyOf(out, cell);
  }

  /** The bits of a lane type's lanes, lane 0 first. */
  private static int laneBits(String laneType) {
    return switch (laneType) {
      case "i8" -> 8;
      case "i16" -> 16;
      case "i32", "f32" -> 32;
      case "i64", "f64" -> 64;
      default -> throw new UnsupportedOperationException("v128 lane type " + laneType);
    };
  }

  /** A v128 of the given lanes (unsigned decimal bits) as its two halves. */
  private static long[] v128(String laneType, List<?> lanes) {
    int bits = laneBits(laneType);
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    long[] halves = new long[2];
    for (int i = 0; i < lanes.size(); i++) {
      long lane = Long.parseUnsignedLong((String) lanes.get(i)) & mask;
      int at = i * bits;
      halves[at / 64] |= lane << (at % 64);
    }
    return halves;
  }

  private long parse(String type, String value) {
    return switch (type) {
      case "i32", "f32" -> Integer.parseUnsignedInt(value);
      case "i64", "f64" -> Long.parseUnsignedLong(value);
      case "funcref" -> {
        if (!value.equals("null")) {
          throw new UnsupportedOperationException("funcref argument " + value);
        }
        yield 0;
      }
      case "externref" -> value.equals("null") ? 0 : extern(Long.parseLong(value));
      case "anyref" -> {
        if (!value.equals("null")) {
          throw new UnsupportedOperationException("anyref argument " + value);
        }
        yield 0;
      }
      default -> throw new UnsupportedOperationException(type + " values");
    };
  }

  private long extern(long n) {
    return externRefs.computeIfAbsent(n, store::externRef);
  }

  /** Null when {@code results} match {@code expected}, else what differs. */
  String compare(Object expected, long[] results) {
    List<?> list = (List<?>) expected;
    int cells = 0;
    for (Object e : list) {
      cells += "v128".equals(((Map<?, ?>) e).get("type")) ? 2 : 1;
    }
    if (cells != results.length) {
      return "expected " + cells + " result cells, got " + results.length;
    }
    int cell = 0;
    for (int i = 0; i < list.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) list.get(i);
      String type = (String) v.get("type");
      Object value = v.get("value");
      String problem;
      if (type.equals("funcref") || type.equals("externref") || type.equals("anyref")) {
        problem = checkRef(type, (String) value, results[cell]);
      } else if (type.equals("v128")) {
        problem = checkV128((String) v.get("lane_type"), (List<?>) value, results, cell);
        cell++;
      } else if (value instanceof String text) {
        problem = check(type, text, results[cell]);
      } else {
        problem = "not supported yet: " + type + " values";
      }
      cell++;
      if (problem != null) {
        return "result " + i + ": " + problem;
      }
    }
    return null;
  }

  /** Compares the v128 in {@code results[cell]} and the next cell lane by lane. */
  private static String checkV128(String laneType, List<?> lanes, long[] results, int cell) {
    int bits = laneBits(laneType);
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    String type = laneType.startsWith("f") ? laneType : "i64";
    for (int i = 0; i < lanes.size(); i++) {
      int at = i * bits;
      long lane = results[cell + at / 64] >>> (at % 64) & mask;
      String expected = (String) lanes.get(i);
      if (type.equals("i64")) {
        expected = Long.toUnsignedString(Long.parseUnsignedLong(expected) & mask);
      }
      String problem = check(type, expected, lane);
      if (problem != null) {
        return "lane " + i + " of " + laneType + "x" + lanes.size() + ": " + problem;
      }
    }
    return null;
  }

  private String checkRef(String type, String expected, long actual) {
    if (expected == null) {
      return actual != 0 ? null : "expected a non-null " + type + ", got null";
    }
    if (expected.equals("null")) {
      return actual == 0 ? null : "expected null, got a " + type;
    }
    if (!type.equals("externref")) {
      return "not supported yet: " + type + " value " + expected;
    }
    Object host = actual == 0 ? null : store.externValue(actual);
    return Long.valueOf(expected).equals(host)
        ? null
        : "expected ref.extern " + expected + ", got " + host;
  }

  private static String check(String type, String expected, long actual) {
    switch (type) {
      case "i32" -> {
        int want = Integer.parseUnsignedInt(expected);
        return (int) actual == want ? null : "expected i32 " + want + ", got " + (int) actual;
      }
      case "i64" -> {
        long want = Long.parseUnsignedLong(expected);
        return actual == want ? null : "expected i64 " + want + ", got " + actual;
      }
      case "f32" -> {
        int bits = (int) actual;
        boolean ok =
            switch (expected) {
              case "nan:canonical" -> (bits & 0x7fff_ffff) == 0x7fc0_0000;
              case "nan:arithmetic" -> (bits & 0x7fc0_0000) == 0x7fc0_0000;
              default -> bits == Integer.parseUnsignedInt(expected);
            };
        return ok ? null : "expected f32 " + expected + ", got bits " + Integer.toHexString(bits);
      }
      case "f64" -> {
        boolean ok =
            switch (expected) {
              case "nan:canonical" -> (actual & 0x7fff_ffff_ffff_ffffL) == 0x7ff8_0000_0000_0000L;
              case "nan:arithmetic" -> (actual & 0x7ff8_0000_0000_0000L) == 0x7ff8_0000_0000_0000L;
              default -> actual == Long.parseUnsignedLong(expected);
            };
        return ok ? null : "expected f64 " + expected + ", got bits " + Long.toHexString(actual);
      }
      default -> {
        return "not supported yet: " + type + " values";
      }
    }
  }
}
