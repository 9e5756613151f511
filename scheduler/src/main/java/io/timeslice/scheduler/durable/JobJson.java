package io.timeslice.scheduler.durable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the three JSON shapes a stored job holds, and nothing more: the call's arguments (an array
 * of integers, the raw bits of each value; an integer may also be given as a decimal string, for
 * 64-bit values beyond what JSON tools keep exact), the WASI arguments (an array of strings) and
 * the WASI environment (an object of strings). Anything else is an {@link IllegalArgumentException}
 * saying where.
 */
final class JobJson {
  private final String text;
  private int pos;

  private JobJson(String text) {
    this.text = text == null ? "" : text;
  }

  /** The raw bits of each argument. */
  static long[] arguments(String json) {
    JobJson p = new JobJson(json);
    List<Long> out = new ArrayList<>();
    p.array(
        () -> {
          p.skipSpace();
          String what = "argument " + out.size();
          if (p.peek() == '"') {
            out.add(p.integer(p.string(), what));
          } else {
            out.add(p.integer(p.number(), what));
          }
        });
    long[] bits = new long[out.size()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = out.get(i);
    }
    return bits;
  }

  /** The WASI arguments after the program name. */
  static List<String> strings(String json) {
    JobJson p = new JobJson(json);
    List<String> out = new ArrayList<>();
    p.array(() -> out.add(p.string()));
    return out;
  }

  /** The WASI environment. */
  static Map<String, String> environment(String json) {
    JobJson p = new JobJson(json);
    Map<String, String> out = new LinkedHashMap<>();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.pos++;
    } else {
      do {
        String key = p.string();
        p.expect(':');
        out.put(key, p.string());
        p.skipSpace();
      } while (p.comma('}'));
    }
    p.end();
    return out;
  }

  private void array(Runnable element) {
    expect('[');
    skipSpace();
    if (peek() == ']') {
      pos++;
    } else {
      do {
        element.run();
        skipSpace();
      } while (comma(']'));
    }
    end();
  }

  /** After an element: true on a comma, false on {@code close}. */
  private boolean comma(char close) {
    char c = next();
    if (c == ',') {
      return true;
    }
    if (c == close) {
      return false;
    }
    throw error("',' or '" + close + "' expected");
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private String number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw error("a number expected");
    }
    return text.substring(start, pos);
  }

  private long integer(String digits, String what) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      try {
        // Raw bits of an i64 or f64 above Long.MAX_VALUE, written unsigned.
        return Long.parseUnsignedLong(digits);
      } catch (NumberFormatException again) {
        throw new IllegalArgumentException(
            what + " is not an integer (the raw bits of the value): " + digits, again);
      }
    }
  }

  private void expect(char c) {
    skipSpace();
    if (next() != c) {
      throw error("'" + c + "' expected");
    }
  }

  private void end() {
    skipSpace();
    if (pos != text.length()) {
      throw error("trailing text");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos++);
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("bad job JSON at offset " + pos + ": " + message);
  }
}
