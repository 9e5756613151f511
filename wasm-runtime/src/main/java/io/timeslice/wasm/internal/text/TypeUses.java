package io.timeslice.wasm.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Type uses ({@code (type x)? (param ...)* (result ...)*}) and value types. A type use that names a
 * declared type and also spells out its signature must spell it out exactly ("inline function
 * type"); one without {@code (type x)} stands for the first type with its signature, which is added
 * after the declared types when there is none.
 */
final class TypeUses {
  private TypeUses() {}

  /**
   * A parsed type use.
   *
   * @param index the named type's index, or -1 when there was no {@code (type x)}
   * @param sig the signature: spelled out, else the named type's, else empty
   */
  record TypeUse(long index, Sig sig) {
    /** The type index to encode: the named one, or the signature's (added if need be). */
    long resolve(TextModule m) {
      return index >= 0 ? index : m.intern(sig);
    }
  }

  /**
   * Reads a type use at {@code c}. Parameter names go to {@code paramNames} (as local indices);
   * where names are not allowed (blocks, {@code call_indirect}) pass null.
   */
  static TypeUse parse(Cursor c, TextModule m, Map<String, Integer> paramNames) {
    Token typeRef = null;
    Sexp typeList = null;
    if (c.peekList("type")) {
      typeList = c.next();
      Cursor tc = new Cursor(typeList, 1);
      typeRef = tc.next().token;
      if (typeRef == null) {
        throw TextError.unexpected(typeList.items.get(1));
      }
      tc.expectEnd();
    }
    boolean inline = c.peekList("param") || c.peekList("result");
    Sig spelled = signature(c, paramNames, true);
    if (c.peekList("param") || c.peekList("type")) {
      // Out of order: a syntax error, whatever the types say.
      throw TextError.unexpected(c.peek());
    }
    if (typeRef == null) {
      return new TypeUse(-1, spelled);
    }
    long index = m.types.resolve(typeRef);
    Sig declared = index < m.declaredTypes ? m.typeList.get((int) index) : null;
    if (!inline) {
      return new TypeUse(index, declared != null ? declared : Sig.EMPTY);
    }
    if (declared == null) {
      throw TextError.at(typeRef, "unknown type " + typeRef.text);
    }
    if (!declared.equals(spelled)) {
      throw TextError.at(typeList, "inline function type does not match type " + typeRef.text);
    }
    return new TypeUse(index, spelled);
  }

  /** The binary code of the value type at {@code c}. */
  static int valType(Cursor c) {
    Sexp s = c.next();
    int code = s.token != null && s.token.kind == Token.Kind.KEYWORD ? code(s.token.text) : -1;
    if (code < 0) {
      throw TextError.at(s, "unexpected token " + s.describe() + ", expected a value type");
    }
    return code;
  }

  /** The code of a value type keyword, or -1. */
  static int code(String keyword) {
    return switch (keyword) {
      case "i32" -> 0x7f;
      case "i64" -> 0x7e;
      case "f32" -> 0x7d;
      case "f64" -> 0x7c;
      case "v128" -> 0x7b;
      case "funcref" -> 0x70;
      case "externref" -> 0x6f;
      default -> -1;
    };
  }

  /** Whether the next item is a reference type keyword. */
  static boolean peekRefType(Cursor c) {
    Sexp s = c.peek();
    return s != null && (s.isKeyword("funcref") || s.isKeyword("externref"));
  }

  /** The code of the reference type at {@code c}. */
  static int refType(Cursor c) {
    if (!peekRefType(c)) {
      Sexp s = c.peek();
      throw s == null
          ? c.missing("a reference type")
          : TextError.at(s, "unexpected token " + s.describe() + ", expected a reference type");
    }
    return valType(c);
  }

  /** A function type's body, {@code (param ...)* (result ...)*} after {@code func}. */
  static Sig funcType(Cursor c) {
    Sig sig = signature(c, null, false);
    c.expectEnd();
    return sig;
  }

  /**
   * {@code (param ...)* (result ...)*}. A parameter's name goes to {@code names} (as its index); it
   * is an error where {@code named} is true and there is no map (blocks, {@code call_indirect}),
   * and ignored in a type definition.
   */
  private static Sig signature(Cursor c, Map<String, Integer> names, boolean named) {
    List<Integer> params = new ArrayList<>();
    List<Integer> results = new ArrayList<>();
    while (c.peekList("param")) {
      Cursor pc = new Cursor(c.next(), 1);
      Token id = pc.takeId();
      if (id != null) {
        if (named && names == null) {
          throw TextError.at(id, "unexpected token " + id.text);
        }
        if (names != null && names.putIfAbsent(id.text, params.size()) != null) {
          throw TextError.at(id, "duplicate local " + id.text);
        }
        params.add(valType(pc));
        pc.expectEnd();
      } else {
        while (!pc.atEnd()) {
          params.add(valType(pc));
        }
      }
    }
    while (c.peekList("result")) {
      Cursor rc = new Cursor(c.next(), 1);
      while (!rc.atEnd()) {
        results.add(valType(rc));
      }
    }
    return new Sig(List.copyOf(params), List.copyOf(results));
  }
}
