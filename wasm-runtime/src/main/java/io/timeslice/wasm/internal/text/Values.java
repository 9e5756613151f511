package io.timeslice.wasm.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Script values ({@code (i32.const 1)}, {@code (f32.const nan:canonical)}, {@code (v128.const i8x16
 * ...)}, {@code (ref.null func)}, {@code (ref.extern 1)}, {@code (ref.func)}) in wast2json's JSON
 * form: a type and the value's bits as an unsigned decimal string, lane by lane for vectors, or a
 * NaN pattern where a result is expected.
 */
final class Values {
  private Values() {}

  /** GC's heap types below {@code any}. */
  private static final List<String> ANY_HEAPS =
      List.of("any", "eq", "i31", "struct", "array", "none");

  static Map<String, Object> value(Sexp s, boolean expected) {
    String head = s.head();
    if (head == null) {
      throw TextError.unexpected(s);
    }
    Cursor c = new Cursor(s, 1);
    Map<String, Object> v = new LinkedHashMap<>();
    switch (head) {
      case "i32.const", "i64.const", "f32.const", "f64.const" -> {
        String type = head.substring(0, 3);
        v.put("type", type);
        v.put("value", scalar(c, s, type, expected));
      }
      case "v128.const" -> {
        Sexp shape = c.peek();
        int lanes =
            shape != null && shape.isAtom(Token.Kind.KEYWORD)
                ? Literals.lanes(shape.token.text)
                : 0;
        if (lanes == 0) {
          throw InstructionParser.missing(c, s, "a vector shape");
        }
        c.next();
        String laneType = shape.token.text.substring(0, shape.token.text.indexOf('x'));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
          values.add(scalar(c, s, laneType, expected));
        }
        v.put("type", "v128");
        v.put("lane_type", laneType);
        v.put("value", values);
      }
      case "ref.null" -> {
        // func, extern, (typed function references) a type, or GC's abstract heap types: a null
        // of the heap type's hierarchy; an expected result may leave it out (any null).
        boolean extern = c.peekKeyword("extern") || c.peekKeyword("noextern");
        boolean any = ANY_HEAPS.stream().anyMatch(c::peekKeyword);
        if (c.peekKeyword("func")
            || c.peekKeyword("nofunc")
            || extern
            || any
            || c.peekAtom(Token.Kind.NUMBER)
            || c.peekAtom(Token.Kind.ID)) {
          c.next();
        } else if (!expected) {
          throw InstructionParser.missing(c, s, "a heap type");
        }
        v.put("type", extern ? "externref" : any ? "anyref" : "funcref");
        v.put("value", "null");
      }
      case "ref.extern", "ref.host" -> {
        v.put("type", "externref");
        v.put(
            "value",
            Long.toUnsignedString(
                InstructionParser.nat32(c.expect(Token.Kind.NUMBER, "a number"))));
      }
      case "ref.func" -> {
        v.put("type", "funcref");
        if (!c.atEnd()) {
          v.put("value", c.next().token.text);
        }
      }
      default -> throw TextError.unexpected(s);
    }
    c.expectEnd();
    return v;
  }

  /** One number of {@code type} (i8 to i64, f32, f64) as its unsigned bits, or a NaN pattern. */
  private static String scalar(Cursor c, Sexp at, String type, boolean expected) {
    if (expected && (c.peekKeyword("nan:canonical") || c.peekKeyword("nan:arithmetic"))) {
      return c.next().token.text;
    }
    if (!c.peekAtom(Token.Kind.NUMBER)) {
      throw InstructionParser.missing(c, at, "a number");
    }
    Token t = c.next().token;
    return switch (type) {
      case "i8" -> Long.toString(Literals.integer(t, 8));
      case "i16" -> Long.toString(Literals.integer(t, 16));
      case "i32" -> Long.toString(Literals.integer(t, 32));
      case "i64" -> Long.toUnsignedString(Literals.integer(t, 64));
      case "f32" -> Integer.toUnsignedString(Literals.f32(t));
      default -> Long.toUnsignedString(Literals.f64(t));
    };
  }
}
