package io.timeslice.wasm.internal.text;

import java.util.ArrayList;
import java.util.List;

/** Numeric immediates from tokens, with the text format's errors: constants, vectors, lanes. */
final class Literals {
  private Literals() {}

  /** An integer of {@code bits}, as two's complement bits. */
  static long integer(Token t, int bits) {
    try {
      return Numbers.integer(t.text, bits);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "constant out of range: " + t.text);
    } catch (IllegalArgumentException e) {
      throw TextError.at(t, "unexpected token " + t.text + ", expected an integer");
    }
  }

  /** An {@code i32} immediate, sign-extended as its signed LEB128 encoding wants it. */
  static int i32(Token t) {
    return (int) integer(t, 32);
  }

  static int f32(Token t) {
    try {
      return Numbers.f32(t.text);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "constant out of range: " + t.text);
    }
  }

  static long f64(Token t) {
    try {
      return Numbers.f64(t.text);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "constant out of range: " + t.text);
    }
  }

  /** The lane count of a vector shape, or 0 if {@code shape} is not one. */
  static int lanes(String shape) {
    return switch (shape) {
      case "i8x16" -> 16;
      case "i16x8" -> 8;
      case "i32x4", "f32x4" -> 4;
      case "i64x2", "f64x2" -> 2;
      default -> 0;
    };
  }

  /**
   * {@code shape lane*} of {@code v128.const}: sixteen bytes, little-endian lanes. The literals are
   * counted before they are read, as the reference parser counts them.
   */
  static void v128(Cursor c, Sexp at, ByteSink out) {
    Sexp shape = c.peek();
    int lanes = shape != null && shape.isAtom(Token.Kind.KEYWORD) ? lanes(shape.token.text) : 0;
    if (lanes == 0) {
      throw InstructionParser.missing(c, at, "a vector shape (i8x16, ..., f64x2)");
    }
    c.next();
    String kind = shape.token.text;
    List<Token> literals = numbers(c);
    if (literals.size() != lanes) {
      throw TextError.at(
          literals.isEmpty() ? shape.token : literals.get(0),
          "wrong number of lane literals: "
              + kind
              + " takes "
              + lanes
              + ", got "
              + literals.size());
    }
    int width = 128 / lanes;
    for (Token t : literals) {
      long bits =
          switch (kind) {
            case "f32x4" -> f32(t) & 0xffff_ffffL;
            case "f64x2" -> f64(t);
            default -> integer(t, width);
          };
      for (int b = 0; b < width / 8; b++) {
        out.u8((int) (bits >>> (8 * b)));
      }
    }
  }

  /** The numbers next at {@code c}. */
  private static List<Token> numbers(Cursor c) {
    List<Token> numbers = new ArrayList<>();
    while (c.peekAtom(Token.Kind.NUMBER)) {
      numbers.add(c.next().token);
    }
    return numbers;
  }

  /** A lane index: a natural number below 256. */
  static int lane(Cursor c, Sexp at) {
    Sexp s = c.peek();
    if (s == null || !s.isAtom(Token.Kind.NUMBER)) {
      throw InstructionParser.missing(c, at, "a lane index");
    }
    c.next();
    if (!Numbers.isNat(s.token.text)) {
      throw TextError.at(s, "unexpected token " + s.token.text + ", expected a lane index");
    }
    return laneValue(s.token);
  }

  private static int laneValue(Token t) {
    try {
      return (int) Numbers.nat(t.text, 255);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "malformed lane index: " + t.text);
    }
  }

  /** The sixteen lane indices of {@code i8x16.shuffle}, counted before they are read. */
  static void shuffle(Cursor c, Sexp at, ByteSink out) {
    List<Token> lanes = numbers(c);
    if (lanes.size() != 16) {
      throw TextError.at(
          at, "invalid lane length: i8x16.shuffle takes 16 lane indices, got " + lanes.size());
    }
    for (Token t : lanes) {
      out.u8(laneValue(t));
    }
  }
}
