package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.MalformedTextException;
import java.util.List;

/** A position in the items of one list, with the small reads every parser makes. */
final class Cursor {
  final Sexp list;
  private final List<Sexp> items;
  private int pos;

  /** A cursor over {@code list}'s items from {@code start}. */
  Cursor(Sexp list, int start) {
    this.list = list;
    this.items = list.items;
    this.pos = start;
  }

  /** A cursor over top-level items, which have no enclosing list. */
  Cursor(List<Sexp> items, Sexp where) {
    this.list = where;
    this.items = items;
    this.pos = 0;
  }

  boolean atEnd() {
    return pos >= items.size();
  }

  /** The next item, or null at the end. */
  Sexp peek() {
    return pos < items.size() ? items.get(pos) : null;
  }

  /** The item after the next one, or null. */
  Sexp peek2() {
    return pos + 1 < items.size() ? items.get(pos + 1) : null;
  }

  Sexp next() {
    if (atEnd()) {
      throw missing("an item");
    }
    return items.get(pos++);
  }

  /** Whether the next item is the keyword {@code kw}. */
  boolean peekKeyword(String kw) {
    Sexp s = peek();
    return s != null && s.isKeyword(kw);
  }

  /** Whether the next item is a list starting with {@code kw}. */
  boolean peekList(String kw) {
    Sexp s = peek();
    return s != null && s.isList(kw);
  }

  boolean peekAtom(Token.Kind kind) {
    Sexp s = peek();
    return s != null && s.isAtom(kind);
  }

  /** Consumes the keyword {@code kw} if it is next. */
  boolean takeKeyword(String kw) {
    if (peekKeyword(kw)) {
      pos++;
      return true;
    }
    return false;
  }

  /** An identifier if one is next, else null. */
  Token takeId() {
    return peekAtom(Token.Kind.ID) ? next().token : null;
  }

  /** The next item, which must be an atom of {@code kind}; {@code what} names it in the error. */
  Token expect(Token.Kind kind, String what) {
    Sexp s = peek();
    if (s == null || !s.isAtom(kind)) {
      throw s == null
          ? missing(what)
          : TextError.at(s, "unexpected token " + s.describe() + ", expected " + what);
    }
    pos++;
    return s.token;
  }

  /** The next item, which must be a list; {@code what} names it in the error. */
  Sexp expectList(String what) {
    Sexp s = peek();
    if (s == null || !s.isList()) {
      throw s == null
          ? missing(what)
          : TextError.at(s, "unexpected token " + s.describe() + ", expected " + what);
    }
    pos++;
    return s;
  }

  /** The items not read yet; the cursor moves to the end. */
  List<Sexp> rest() {
    List<Sexp> rest = items.subList(pos, items.size());
    pos = items.size();
    return rest;
  }

  /** Fails unless every item was read. */
  void expectEnd() {
    if (!atEnd()) {
      throw TextError.unexpected(peek());
    }
  }

  /** An error for something missing at the end of the list. */
  MalformedTextException missing(String what) {
    return new MalformedTextException(
        "unexpected token ), expected " + what, list.endLine, list.endColumn);
  }
}
