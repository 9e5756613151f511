package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.MalformedTextException;

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

  /** {@code shape lane*} of {@code v128.const}: sixteen bytes, little-endian lanes. */
  static void v128(Cursor c, Sexp at, ByteSink out) {
    Sexp shape = c.peek();
    int lanes = shape != null && shape.isAtom(Token.Kind.KEYWORD) ? lanes(shape.token.text) : 0;
    if (lanes == 0) {
      throw InstructionParser.missing(c, at, "a vector shape (i8x16, ..., f64x2)");
    }
    c.next();
    String kind = shape.token.text;
    int width = 128 / lanes;
    for (int i = 0; i < lanes; i++) {
      if (!c.peekAtom(Token.Kind.NUMBER)) {
        String reason = "wrong number of lane literals: " + kind + " takes " + lanes + ", got " + i;
        throw c.peek() == null
            ? new MalformedTextException(reason, c.list.endLine, c.list.endColumn)
            : TextError.at(c.peek(), reason);
      }
      Token t = c.next().token;
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

  /** A lane index: a natural number below 256. */
  static int lane(Cursor c, Sexp at) {
    Sexp s = c.peek();
    if (s == null || !s.isAtom(Token.Kind.NUMBER)) {
      throw InstructionParser.missing(c, at, "a lane index");
    }
    c.next();
    try {
      return (int) Numbers.nat(s.token.text, 255);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(s, "malformed lane index: " + s.token.text);
    }
  }

  /** The sixteen lane indices of {@code i8x16.shuffle}. */
  static void shuffle(Cursor c, Sexp at, ByteSink out) {
    int count = 0;
    while (c.peekAtom(Token.Kind.NUMBER)) {
      int lane = lane(c, at);
      if (++count <= 16) {
        out.u8(lane);
      }
    }
    if (count != 16) {
      throw TextError.at(
          at, "invalid lane length: i8x16.shuffle takes 16 lane indices, got " + count);
    }
  }
}
