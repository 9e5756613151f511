package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.MalformedTextException;

/** Makes the parser's errors, each at a token's (or a list's) position. */
final class TextError {
  private TextError() {}

  static MalformedTextException at(Token t, String reason) {
    return new MalformedTextException(reason, t.line, t.column);
  }

  static MalformedTextException at(Sexp s, String reason) {
    return new MalformedTextException(reason, s.line, s.column);
  }

  static MalformedTextException unexpected(Sexp s) {
    return at(s, "unexpected token " + s.describe());
  }
}
