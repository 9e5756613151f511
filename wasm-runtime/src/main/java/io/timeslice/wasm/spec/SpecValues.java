package io.timeslice.wasm.spec;

import io.timeslice.wasm.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec testsuite values: arguments to raw bits, and results compared bit-exactly, with the NaN
 * patterns {@code nan:canonical} and {@code nan:arithmetic}. {@code ref.extern N} becomes one
 * {@code externref} of the store per N, so that a returned reference can be compared with N. Vector
 * values are not supported (SIMD execution is not).
 */
final class SpecValues {
  private final Store<?> store;
  private final Map<Long, Long> externRefs = new HashMap<>();

  SpecValues(Store<?> store) {
    this.store = store;
  }

  long[] arguments(Object args) {
    List<?> list = (List<?>) args;
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) list.get(i);
      out[i] = parse((String) v.get("type"), (String) v.get("value"));
    }
    return out;
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
      default -> throw new UnsupportedOperationException(type + " values");
    };
  }

  private long extern(long n) {
    return externRefs.computeIfAbsent(n, store::externRef);
  }

  /** Null when {@code results} match {@code expected}, else what differs. */
  String compare(Object expected, long[] results) {
    List<?> list = (List<?>) expected;
    if (list.size() != results.length) {
      return "expected " + list.size() + " results, got " + results.length;
    }
    for (int i = 0; i < results.length; i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> v = (Map<String, Object>) list.get(i);
      String type = (String) v.get("type");
      Object value = v.get("value");
      String problem;
      if (type.equals("funcref") || type.equals("externref")) {
        problem = checkRef(type, (String) value, results[i]);
      } else if (value instanceof String text) {
        problem = check(type, text, results[i]);
      } else {
        problem = "not supported yet: " + type + " values";
      }
      if (problem != null) {
        return "result " + i + ": " + problem;
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
    if (type.equals("funcref")) {
      return "not supported yet: funcref value " + expected;
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
