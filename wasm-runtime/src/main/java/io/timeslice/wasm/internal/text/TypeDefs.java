package io.timeslice.wasm.internal.text;

import java.util.HashMap;
import java.util.Map;

/**
 * Type definitions, {@code (type $t? deftype)}: a plain {@code (func ...)}, or with GC {@code (sub
 * final? $super* comptype)}, {@code (struct (field $f? fieldtype*)*)} and {@code (array
 * fieldtype)}, where a field type is a value type, {@code i8} or {@code i16}, possibly {@code (mut
 * ...)}. A plain function type is a type use's candidate; the others are encoded here.
 */
final class TypeDefs {
  private TypeDefs() {}

  private static final int SUB = 0x50;
  private static final int SUB_FINAL = 0x4f;
  private static final int STRUCT = 0x5f;
  private static final int ARRAY = 0x5e;

  /** Adds the type of field {@code (type ...)} to {@code m}. */
  static void define(Sexp field, TextModule m) {
    Cursor c = new Cursor(field, 1);
    c.takeId();
    Sexp def = c.expectList("(func ...)");
    c.expectEnd();
    if (def.isList("func")) {
      m.addType(TypeUses.funcType(new Cursor(def, 1), m));
      return;
    }
    if (!m.gc || !(def.isList("sub") || def.isList("struct") || def.isList("array"))) {
      throw TextError.unexpected(def);
    }
    ByteSink out = new ByteSink();
    Sexp comp = def;
    if (def.isList("sub")) {
      Cursor dc = new Cursor(def, 1);
      boolean isFinal = dc.takeKeyword("final");
      ByteSink supers = new ByteSink();
      int n = 0;
      while (dc.peekAtom(Token.Kind.NUMBER) || dc.peekAtom(Token.Kind.ID)) {
        supers.u32(m.types.resolve(dc.next().token));
        n++;
      }
      comp = dc.expectList("a composite type");
      dc.expectEnd();
      out.u8(isFinal ? SUB_FINAL : SUB);
      out.u32(n);
      out.append(supers);
    }
    Cursor cc = new Cursor(comp, 1);
    Sig sig = Sig.EMPTY;
    switch (comp.head() == null ? "" : comp.head()) {
      case "func" -> {
        sig = TypeUses.funcType(cc, m);
        sig.write(out);
      }
      case "struct" -> struct(cc, m, out);
      case "array" -> {
        out.u8(ARRAY);
        fieldType(cc, m, out);
        cc.expectEnd();
      }
      default -> throw TextError.unexpected(comp);
    }
    m.addSubType(sig, out);
  }

  private static void struct(Cursor c, TextModule m, ByteSink out) {
    ByteSink fields = new ByteSink();
    Map<String, Integer> names = new HashMap<>();
    int n = 0;
    while (!c.atEnd()) {
      Sexp f = c.next();
      if (!f.isList("field")) {
        throw TextError.unexpected(f);
      }
      Cursor fc = new Cursor(f, 1);
      Token id = fc.takeId();
      if (id != null) {
        if (names.putIfAbsent(id.text, n) != null) {
          throw TextError.at(id, "duplicate field " + id.text);
        }
        fieldType(fc, m, fields);
        fc.expectEnd();
        n++;
      } else {
        while (!fc.atEnd()) {
          fieldType(fc, m, fields);
          n++;
        }
      }
    }
    m.fieldNames.put(m.typeList.size(), names);
    out.u8(STRUCT);
    out.u32(n);
    out.append(fields);
  }

  /** A field type: its storage type's code, then its mutability. */
  private static void fieldType(Cursor c, TextModule m, ByteSink out) {
    boolean mutable = c.peekList("mut");
    Cursor sc = mutable ? new Cursor(c.next(), 1) : c;
    if (sc.takeKeyword("i8")) {
      out.u8(0x78);
    } else if (sc.takeKeyword("i16")) {
      out.u8(0x77);
    } else {
      TypeUses.write(out, TypeUses.valType(sc, m));
    }
    if (mutable) {
      sc.expectEnd();
    }
    out.u8(mutable ? 1 : 0);
  }
}
