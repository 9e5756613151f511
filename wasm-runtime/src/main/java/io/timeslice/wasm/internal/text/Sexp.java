package io.timeslice.wasm.internal.text;

import java.util.List;

/**
 * A node of the text's S-expression tree: an atom (one token) or a parenthesised list. The parsers
 * walk lists with a {@link Cursor}; a list remembers where it opens and closes, for errors.
 */
final class Sexp {
  /** The token of an atom; null for a list. */
  final Token token;

  /** The items of a list; null for an atom. */
  final List<Sexp> items;

  final int line;
  final int column;

  /** Offset of the first character (the token, or the list's open parenthesis). */
  final int start;

  /** Offset after the last character (the token, or the list's close parenthesis). */
  final int end;

  /** Line and column of a list's close parenthesis, where "missing" errors point. */
  final int endLine;

  final int endColumn;

  private Sexp(
      Token token,
      List<Sexp> items,
      int line,
      int column,
      int start,
      int end,
      int endLine,
      int endColumn) {
    this.token = token;
    this.items = items;
    this.line = line;
    this.column = column;
    this.start = start;
    this.end = end;
    this.endLine = endLine;
    this.endColumn = endColumn;
  }

  static Sexp atom(Token t) {
    return new Sexp(t, null, t.line, t.column, t.start, t.end, t.line, t.column);
  }

  static Sexp list(Token open, List<Sexp> items, Token close) {
    return new Sexp(
        null, items, open.line, open.column, open.start, close.end, close.line, close.column);
  }

  boolean isList() {
    return items != null;
  }

  boolean isAtom(Token.Kind kind) {
    return token != null && token.kind == kind;
  }

  boolean isKeyword(String keyword) {
    return token != null && token.isKeyword(keyword);
  }

  /** Whether this is a list whose first item is {@code keyword}. */
  boolean isList(String keyword) {
    return items != null && !items.isEmpty() && items.get(0).isKeyword(keyword);
  }

  /** The keyword a list starts with, or null. */
  String head() {
    if (items == null || items.isEmpty() || !items.get(0).isAtom(Token.Kind.KEYWORD)) {
      return null;
    }
    return items.get(0).token.text;
  }

  /** How the node reads in an error message. */
  String describe() {
    if (token != null) {
      return token.describe();
    }
    String head = head();
    return head == null ? "(" : "(" + head;
  }
}
