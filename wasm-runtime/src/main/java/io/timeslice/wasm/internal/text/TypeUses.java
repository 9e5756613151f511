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
    Sig spelled = signature(c, m, paramNames, true);
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

  // A value type's code: a numeric or reference type's binary byte, or for typed function
  // references' (ref null? ht) TYPED with NULLABLE and the heap type: ABSTRACT with func's or
  // extern's byte, or a type index.
  private static final int TYPED = 1 << 30;
  private static final int NULLABLE = 1 << 29;
  private static final int ABSTRACT = 1 << 28;
  private static final int INDEX = ABSTRACT - 1;

  /**
   * {@code exnref}'s byte, the heap type {@code exn}'s, and {@code noexn}'s (exception handling).
   */
  private static final int EXN = 0x69;

  private static final int NOEXN = 0x74;

  /** Writes the value type of code {@code code}: one byte, or 0x63/0x64 and an s33 heap type. */
  static void write(ByteSink out, int code) {
    if ((code & TYPED) == 0) {
      out.u8(code);
      return;
    }
    out.u8((code & NULLABLE) != 0 ? 0x63 : 0x64);
    if ((code & ABSTRACT) != 0) {
      out.u8(code & 0xff);
    } else {
      out.s64(code & INDEX);
    }
  }

  /** The code of the value type at {@code c}. */
  static int valType(Cursor c, TextModule m) {
    Sexp s = c.next();
    if (s != null && s.isList("ref")) {
      return typedRef(s, m);
    }
    int code = s.token != null && s.token.kind == Token.Kind.KEYWORD ? code(s.token.text) : -1;
    if (code < 0) {
      throw TextError.at(s, "unexpected token " + s.describe() + ", expected a value type");
    }
    if ((code == EXN || code == NOEXN) && !m.exceptions) {
      throw TextError.at(s, InstructionParser.proposalOff(s.token.text, "exception-handling"));
    }
    if (GC_HEAPS.containsValue(code) && !m.gc) {
      throw TextError.at(s, InstructionParser.proposalOff(s.token.text, "gc"));
    }
    return code;
  }

  /** {@code (ref null? ht)} of typed function references. */
  private static int typedRef(Sexp s, TextModule m) {
    if (!m.typedRefs) {
      throw TextError.at(s, InstructionParser.proposalOff("(ref ...)", "function-references"));
    }
    Cursor rc = new Cursor(s, 1);
    boolean nullable = rc.takeKeyword("null");
    int heap = heapType(rc, s, m);
    rc.expectEnd();
    return TYPED | (nullable ? NULLABLE : 0) | heap;
  }

  /**
   * A heap type at {@code c} as a code's low bits: {@code func} or {@code extern} (ABSTRACT with
   * its byte), or a type index or name.
   */
  private static int heapType(Cursor c, Sexp at, TextModule m) {
    if (c.takeKeyword("func")) {
      return ABSTRACT | 0x70;
    }
    if (c.takeKeyword("extern")) {
      return ABSTRACT | 0x6f;
    }
    Sexp gcHeap = c.peek();
    Integer gc = gcHeap != null && gcHeap.token != null ? GC_HEAPS.get(gcHeap.token.text) : null;
    if (gc != null) {
      if (!m.gc) {
        throw TextError.at(gcHeap, InstructionParser.proposalOff(gcHeap.token.text, "gc"));
      }
      c.next();
      return ABSTRACT | gc;
    }
    if (c.peekKeyword("exn") || c.peekKeyword("noexn")) {
      if (!m.exceptions) {
        throw TextError.at(c.peek(), InstructionParser.proposalOff("exn", "exception-handling"));
      }
      return ABSTRACT | (c.next().isKeyword("exn") ? EXN : NOEXN);
    }
    if (!c.peekAtom(Token.Kind.NUMBER) && !c.peekAtom(Token.Kind.ID)) {
      throw InstructionParser.missing(c, at, "a heap type");
    }
    Token t = c.next().token;
    long index = m.types.resolve(t);
    if (index > INDEX) {
      throw TextError.at(t, "type index too large: " + t.text);
    }
    return (int) index;
  }

  /**
   * The heap type of {@code ref.null}: {@code func}, {@code extern}, or with typed function
   * references a type; written as the binary has it.
   */
  static void writeHeapType(Cursor c, Sexp at, TextModule m, ByteSink out) {
    if (!m.typedRefs
        && !c.peekKeyword("func")
        && !c.peekKeyword("extern")
        && !c.peekKeyword("exn")) {
      throw InstructionParser.missing(c, at, "a heap type (func or extern)");
    }
    int heap = heapType(c, at, m);
    if ((heap & ABSTRACT) != 0) {
      out.u8(heap & 0xff);
    } else {
      out.s64(heap);
    }
  }

  /**
   * GC's abstract heap types and their reference types' shorthands, by name: both are the heap
   * type's byte ({@code anyref} is {@code (ref null any)}).
   */
  private static final Map<String, Integer> GC_HEAPS =
      Map.ofEntries(
          Map.entry("any", 0x6e),
          Map.entry("eq", 0x6d),
          Map.entry("i31", 0x6c),
          Map.entry("struct", 0x6b),
          Map.entry("array", 0x6a),
          Map.entry("none", 0x71),
          Map.entry("nofunc", 0x73),
          Map.entry("noextern", 0x72));

  private static final Map<String, Integer> GC_REFS =
      Map.ofEntries(
          Map.entry("anyref", 0x6e),
          Map.entry("eqref", 0x6d),
          Map.entry("i31ref", 0x6c),
          Map.entry("structref", 0x6b),
          Map.entry("arrayref", 0x6a),
          Map.entry("nullref", 0x71),
          Map.entry("nullfuncref", 0x73),
          Map.entry("nullexternref", 0x72));

  /**
   * GC's {@code ref.test} or {@code ref.cast} (0xFB {@code sub}) of reference type {@code code}:
   * the subopcode one more when it is nullable, then its heap type.
   */
  static void writeCast(int sub, int code, ByteSink out) {
    out.u8(0xfb);
    out.u32(sub + (nullable(code) ? 1 : 0));
    writeHeap(code, out);
  }

  /** Whether reference type {@code code} admits null: a shorthand, or {@code (ref null ...)}. */
  static boolean nullable(int code) {
    return (code & TYPED) == 0 || (code & NULLABLE) != 0;
  }

  /** Writes the heap type of reference type {@code code}. */
  static void writeHeap(int code, ByteSink out) {
    if ((code & TYPED) == 0) {
      out.u8(code); // a shorthand: its byte is its heap type's
    } else if ((code & ABSTRACT) != 0) {
      out.u8(code & 0xff);
    } else {
      out.s64(code & INDEX);
    }
  }

  /** The code of a value type keyword, or -1. */
  static int code(String keyword) {
    Integer gc = GC_REFS.get(keyword);
    if (gc != null) {
      return gc;
    }
    return switch (keyword) {
      case "i32" -> 0x7f;
      case "i64" -> 0x7e;
      case "f32" -> 0x7d;
      case "f64" -> 0x7c;
      case "v128" -> 0x7b;
      case "funcref" -> 0x70;
      case "externref" -> 0x6f;
      case "exnref" -> EXN;
      case "nullexnref" -> NOEXN;
      default -> -1;
    };
  }

  /** Whether the next item is a reference type: a keyword, or {@code (ref ...)}. */
  static boolean peekRefType(Cursor c) {
    Sexp s = c.peek();
    return s != null
        && (s.isKeyword("funcref")
            || s.isKeyword("externref")
            || s.isKeyword("exnref")
            || s.isKeyword("nullexnref")
            || (s.token != null && GC_REFS.containsKey(s.token.text))
            || s.isList("ref"));
  }

  /** The code of the reference type at {@code c}. */
  static int refType(Cursor c, TextModule m) {
    if (!peekRefType(c)) {
      Sexp s = c.peek();
      throw s == null
          ? c.missing("a reference type")
          : TextError.at(s, "unexpected token " + s.describe() + ", expected a reference type");
    }
    return valType(c, m);
  }

  /** A function type's body, {@code (param ...)* (result ...)*} after {@code func}. */
  static Sig funcType(Cursor c, TextModule m) {
    Sig sig = signature(c, m, null, false);
    c.expectEnd();
    return sig;
  }

  /**
   * {@code (param ...)* (result ...)*}. A parameter's name goes to {@code names} (as its index); it
   * is an error where {@code named} is true and there is no map (blocks, {@code call_indirect}),
   * and ignored in a type definition.
   */
  private static Sig signature(Cursor c, TextModule m, Map<String, Integer> names, boolean named) {
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
        params.add(valType(pc, m));
        pc.expectEnd();
      } else {
        while (!pc.atEnd()) {
          params.add(valType(pc, m));
        }
      }
    }
    while (c.peekList("result")) {
      Cursor rc = new Cursor(c.next(), 1);
      while (!rc.atEnd()) {
        results.add(valType(rc, m));
      }
    }
    return new Sig(List.copyOf(params), List.copyOf(results));
  }
}
