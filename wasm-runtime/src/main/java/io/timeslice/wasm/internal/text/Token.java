package io.timeslice.wasm.internal.text;

/**
 * One token of the text format, with where it starts. Atoms keep their text; a string keeps its
 * bytes (escapes resolved, characters as UTF-8), since a string may hold bytes that are not text.
 */
final class Token {
  /** What kind of token. */
  enum Kind {
    LPAR,
    RPAR,
    /** A keyword, e.g. {@code i32.add}, {@code module}, {@code offset=8}. */
    KEYWORD,
    /** An identifier, {@code $} included. */
    ID,
    STRING,
    /** An integer or float literal, {@code inf} and {@code nan:0x...} included. */
    NUMBER
  }

  final Kind kind;
  final String text;
  final byte[] bytes;
  final int line;
  final int column;
  final int start;
  final int end;

  Token(Kind kind, String text, byte[] bytes, int line, int column, int start, int end) {
    this.kind = kind;
    this.text = text;
    this.bytes = bytes;
    this.line = line;
    this.column = column;
    this.start = start;
    this.end = end;
  }

  boolean is(Kind k) {
    return kind == k;
  }

  boolean isKeyword(String keyword) {
    return kind == Kind.KEYWORD && text.equals(keyword);
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (kind) {
      case LPAR -> "(";
      case RPAR -> ")";
      case STRING -> "string";
      default -> text.length() > 40 ? text.substring(0, 40) + "..." : text;
    };
  }
}
