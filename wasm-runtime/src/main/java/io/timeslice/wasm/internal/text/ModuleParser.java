package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.Config;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a text module, in two passes. The first declares: it numbers every function, table,
 * memory, global, tag, segment and type (imports first, which the text format requires: "import
 * after function"), records their {@code $names} and reads the declared types. The second defines,
 * in the fields' order, so that forward references resolve and the types implied by inline type
 * uses are added in the order wat2wasm adds them: each field's entries are encoded into the {@link
 * TextModule}'s sections, inline imports, exports and segments where they stand. The engine's
 * {@code features} decide how some text reads, where a proposal changes the meaning of text the
 * core format already has: with memory64, limits and memory offsets are 64-bit numbers (the core
 * format's "i32 constant out of range" becomes the validator's "memory size must be at most 65536
 * pages").
 */
final class ModuleParser {
  private final TextModule m = new TextModule();
  private final Config features;
  private boolean definedFunc;
  private boolean definedTable;
  private boolean definedMemory;
  private boolean definedGlobal;
  private boolean definedTag;

  /** The next index of each external kind (function, table, memory, global, tag), by its code. */
  private final long[] next = new long[5];

  private ModuleParser(Config features) {
    this.features = features;
    m.typedRefs = features.functionReferences();
    m.gc = features.gc();
    m.exceptions = features.exceptionHandling();
  }

  /** The module of {@code fields}, read as an engine of {@code features} reads it. */
  static TextModule parse(List<Sexp> fields, Config features) {
    ModuleParser p = new ModuleParser(features);
    // Type names first: a function type may name a later one in (ref $t) (invalid: "unknown
    // type", which the validator, not the text, reports).
    for (Sexp f : fields) {
      if ("type".equals(f.head())) {
        p.m.types.declare(new Cursor(f, 1).takeId());
      } else if ("rec".equals(f.head()) && features.gc()) {
        for (Sexp t : f.items.subList(1, f.items.size())) {
          if (!t.isList("type")) {
            throw TextError.unexpected(t);
          }
          p.m.types.declare(new Cursor(t, 1).takeId());
        }
      }
    }
    for (Sexp f : fields) {
      p.declare(f);
    }
    p.m.declaredTypes = p.m.typeList.size();
    for (Sexp f : fields) {
      p.define(f);
    }
    return p.m;
  }

  // ---- first pass

  private void declare(Sexp field) {
    String head = field.head();
    if (head == null) {
      throw TextError.unexpected(field);
    }
    Cursor c = new Cursor(field, 1);
    switch (head) {
      case "type" -> {
        TypeDefs.define(field, m);
        m.entries.add(-1);
      }
      case "rec" -> {
        if (!features.gc()) {
          throw TextError.at(field, InstructionParser.proposalOff("rec", "gc"));
        }
        for (Sexp t : field.items.subList(1, field.items.size())) {
          TypeDefs.define(t, m);
        }
        m.entries.add(field.items.size() - 1);
      }
      case "import" -> {
        c.expect(Token.Kind.STRING, "a module name");
        c.expect(Token.Kind.STRING, "an import name");
        Sexp desc = c.expectList("an import description");
        String kind = desc.head();
        Space space = kind == null ? null : space(kind);
        if (space == null) {
          throw TextError.unexpected(desc);
        }
        exceptionHandling(desc, kind);
        importOrder(field);
        space.declare(new Cursor(desc, 1).takeId());
      }
      case "func", "table", "memory", "global", "tag" -> {
        exceptionHandling(field, head);
        Token id = c.takeId();
        skipExports(c);
        if (c.peekList("import")) {
          importOrder(field);
        } else {
          defined(head);
          if (head.equals("table")
              && TypeUses.peekRefType(c)
              && c.peek2() != null
              && c.peek2().isList("elem")) {
            m.elems.declare(null);
          }
          if (head.equals("memory") && c.peekList("data")) {
            m.datas.declare(null);
          }
        }
        space(head).declare(id);
      }
      case "elem" -> m.elems.declare(c.takeId());
      case "data" -> m.datas.declare(c.takeId());
      case "export", "start" -> {}
      default -> throw TextError.unexpected(field);
    }
  }

  /** Tags are exception handling's: without it, a tag is refused where it is named. */
  private void exceptionHandling(Sexp at, String kind) {
    if (kind.equals("tag") && !features.exceptionHandling()) {
      throw TextError.at(at, InstructionParser.proposalOff("tag", "exception-handling"));
    }
  }

  private Space space(String kind) {
    return switch (kind) {
      case "func" -> m.funcs;
      case "table" -> m.tables;
      case "memory" -> m.memories;
      case "global" -> m.globals;
      case "tag" -> m.tags;
      default -> null;
    };
  }

  private void defined(String kind) {
    switch (kind) {
      case "func" -> definedFunc = true;
      case "table" -> definedTable = true;
      case "memory" -> definedMemory = true;
      case "global" -> definedGlobal = true;
      default -> definedTag = true;
    }
  }

  /** Imports come before every function, table, memory, global and tag definition. */
  private void importOrder(Sexp field) {
    String after =
        definedFunc
            ? "function"
            : definedGlobal
                ? "global"
                : definedTable ? "table" : definedMemory ? "memory" : definedTag ? "tag" : null;
    if (after != null) {
      throw TextError.at(field, "import after " + after);
    }
  }

  private static void skipExports(Cursor c) {
    while (c.peekList("export")) {
      c.next();
    }
  }

  // ---- second pass

  private void define(Sexp field) {
    Cursor c = new Cursor(field, 1);
    switch (field.head()) {
      case "import" -> importField(c);
      case "func" -> func(c);
      case "tag" -> tag(c);
      case "table" -> table(c);
      case "memory" -> memory(c);
      case "global" -> global(c);
      case "export" -> export(c);
      case "start" -> start(field, c);
      case "elem" -> elem(c);
      case "data" -> data(c);
      default -> {}
    }
  }

  private void importField(Cursor c) {
    byte[] module = name(c.expect(Token.Kind.STRING, "a module name"));
    byte[] name = name(c.expect(Token.Kind.STRING, "an import name"));
    Sexp desc = c.next();
    c.expectEnd();
    Cursor d = new Cursor(desc, 1);
    d.takeId();
    importDescription(desc.head(), module, name, d);
  }

  /** An import entry of {@code kind}, its type read from {@code c}. */
  private void importDescription(String kind, byte[] module, byte[] name, Cursor c) {
    ByteSink out = m.imports.add();
    out.name(module);
    out.name(name);
    switch (kind) {
      case "func" -> {
        next[0]++;
        out.u8(0x00);
        out.u32(TypeUses.parse(c, m, new HashMap<>()).resolve(m));
      }
      case "table" -> {
        next[1]++;
        out.u8(0x01);
        tableType(c, out);
      }
      case "memory" -> {
        next[2]++;
        out.u8(0x02);
        memoryType(c, out);
      }
      case "global" -> {
        next[3]++;
        out.u8(0x03);
        globalType(c, out);
      }
      default -> {
        next[4]++;
        out.u8(0x04);
        tagType(c, out);
      }
    }
    c.expectEnd();
  }

  /**
   * The id, inline exports and inline import of a function, table, memory or global ({@code kind},
   * its external kind {@code code}): its index, or -1 when it is an import, then written.
   */
  private long entity(Cursor c, String kind, int code) {
    c.takeId();
    long index = next[code];
    inlineExports(c, code, index);
    byte[][] imported = inlineImport(c);
    if (imported != null) {
      importDescription(kind, imported[0], imported[1], c);
      return -1;
    }
    next[code]++;
    return index;
  }

  /** Inline {@code (export "name")}s of the entity {@code index} of {@code kind}. */
  private void inlineExports(Cursor c, int kind, long index) {
    while (c.peekList("export")) {
      Cursor e = new Cursor(c.next(), 1);
      byte[] name = name(e.expect(Token.Kind.STRING, "an export name"));
      e.expectEnd();
      ByteSink out = m.exports.add();
      out.name(name);
      out.u8(kind);
      out.u32(index);
    }
  }

  /** An inline {@code (import "module" "name")}, if there is one: its two names. */
  private byte[][] inlineImport(Cursor c) {
    if (!c.peekList("import")) {
      return null;
    }
    Cursor i = new Cursor(c.next(), 1);
    byte[] module = name(i.expect(Token.Kind.STRING, "a module name"));
    byte[] name = name(i.expect(Token.Kind.STRING, "an import name"));
    i.expectEnd();
    return new byte[][] {module, name};
  }

  private void func(Cursor c) {
    if (entity(c, "func", 0x00) < 0) {
      return;
    }
    Map<String, Integer> locals = new HashMap<>();
    TypeUses.TypeUse use = TypeUses.parse(c, m, locals);
    m.funcTypes.add(use.resolve(m));
    int index = use.sig().params().size();
    List<Integer> types = new ArrayList<>();
    while (c.peekList("local")) {
      Cursor lc = new Cursor(c.next(), 1);
      Token id = lc.takeId();
      if (id != null) {
        if (locals.putIfAbsent(id.text, index) != null) {
          throw TextError.at(id, "duplicate local " + id.text);
        }
        types.add(TypeUses.valType(lc, m));
        index++;
        lc.expectEnd();
      } else {
        while (!lc.atEnd()) {
          types.add(TypeUses.valType(lc, m));
          index++;
        }
      }
    }
    ByteSink body = new ByteSink();
    writeLocals(types, body);
    instructions(locals).parseAll(c, body);
    body.u8(0x0b);
    ByteSink out = m.code.add();
    out.u32(body.size());
    out.append(body);
  }

  /** {@code (tag $t? (export ...)* (import ...)? typeuse)} of legacy exception handling. */
  private void tag(Cursor c) {
    if (entity(c, "tag", 0x04) < 0) {
      return;
    }
    tagType(c, m.tagSection.add());
    c.expectEnd();
  }

  /**
   * A tag's type: the attribute 0 (an exception) and the index of its type use, whose parameters
   * are the exception's values (the validator refuses results).
   */
  private void tagType(Cursor c, ByteSink out) {
    out.u8(0x00);
    out.u32(TypeUses.parse(c, m, null).resolve(m));
  }

  /** Local declarations as runs of one type. */
  private static void writeLocals(List<Integer> types, ByteSink out) {
    ByteSink runs = new ByteSink();
    int count = 0;
    for (int i = 0; i < types.size(); ) {
      int j = i;
      while (j < types.size() && types.get(j).equals(types.get(i))) {
        j++;
      }
      runs.u32(j - i);
      TypeUses.write(runs, types.get(i));
      count++;
      i = j;
    }
    out.vector(count, runs);
  }

  private void table(Cursor c) {
    long index = entity(c, "table", 0x01);
    if (index < 0) {
      return;
    }
    ByteSink out = m.tableSection.add();
    if (TypeUses.peekRefType(c) && c.peek2() != null && c.peek2().isList("elem")) {
      int type = TypeUses.refType(c, m);
      Cursor ec = new Cursor(c.next(), 1);
      c.expectEnd();
      List<ElemItem> items =
          elemItems(ec, ec.peekAtom(Token.Kind.NUMBER) || ec.peekAtom(Token.Kind.ID));
      TypeUses.write(out, type);
      out.u8(0x01);
      out.u32(items.size());
      out.u32(items.size());
      ByteSink offset = new ByteSink();
      offset.u8(0x41);
      offset.u8(0x00);
      writeElem(Mode.ACTIVE, index, offset, type, items);
      return;
    }
    ByteSink type = new ByteSink();
    tableType(c, type);
    if (m.typedRefs && !c.atEnd()) {
      // Typed function references: a table with an initialiser, 0x40 0x00 tabletype expr.
      out.u8(0x40);
      out.u8(0x00);
      out.append(type);
      constExpr(c, out);
      return;
    }
    c.expectEnd();
    out.append(type);
  }

  private void tableType(Cursor c, ByteSink out) {
    ByteSink limits = new ByteSink();
    limits(c, limits, 0x00, false, false);
    TypeUses.write(out, TypeUses.refType(c, m));
    out.append(limits);
  }

  /**
   * {@code min max? shared?}: unsigned 32-bit, or 64-bit when {@code wide}; flagged {@code flags}
   * (the index type's bits), plus 1 with a maximum and 2 when {@code shareable} (a memory, with
   * threads) and {@code shared} follows.
   */
  private static void limits(Cursor c, ByteSink out, int flags, boolean wide, boolean shareable) {
    long min = InstructionParser.nat(c.expect(Token.Kind.NUMBER, "a size"), wide);
    boolean hasMax = c.peekAtom(Token.Kind.NUMBER);
    long max = hasMax ? InstructionParser.nat(c.next().token, wide) : 0;
    boolean shared = shareable && c.takeKeyword("shared");
    out.u8(flags | (hasMax ? 0x01 : 0) | (shared ? 0x02 : 0));
    out.u32(min);
    if (hasMax) {
      out.u32(max);
    }
  }

  /**
   * A memory type, {@code i32|i64? min max?}. The index type is memory64's; with it every memory's
   * limits are 64-bit numbers, as the decoder reads them then (flags 4 and 5 for an i64 memory).
   */
  private void memoryType(Cursor c, ByteSink out) {
    memoryLimits(c, out, indexType(c));
  }

  /**
   * A memory's limits, {@code shared} included with threads; without it the keyword is an
   * unexpected token, which says why.
   */
  private void memoryLimits(Cursor c, ByteSink out, boolean index64) {
    limits(c, out, index64 ? 0x04 : 0x00, features.memory64(), features.threads());
    Sexp s = c.peek();
    if (!features.threads() && s != null && s.isKeyword("shared")) {
      throw TextError.at(
          s, "unexpected token shared (a shared memory needs the threads proposal, which is off)");
    }
  }

  /**
   * Whether a memory's index type, if one is next, is {@code i64}. Without memory64 the core format
   * has no index type: the keyword is an unexpected token, which says why.
   */
  private boolean indexType(Cursor c) {
    if (!features.memory64()) {
      Sexp s = c.peek();
      if (s != null && (s.isKeyword("i64") || s.isKeyword("i32"))) {
        throw TextError.at(
            s,
            "unexpected token "
                + s.token.text
                + ", expected a size (a memory's index type needs the memory64 feature)");
      }
      return false;
    }
    if (c.takeKeyword("i64")) {
      return true;
    }
    c.takeKeyword("i32");
    return false;
  }

  private void memory(Cursor c) {
    long index = entity(c, "memory", 0x02);
    if (index < 0) {
      return;
    }
    ByteSink out = m.memorySection.add();
    boolean index64 = indexType(c);
    if (c.peekList("data")) {
      byte[] bytes = strings(new Cursor(c.next(), 1));
      c.expectEnd();
      long pages = (bytes.length + 65535L) / 65536;
      out.u8(index64 ? 0x05 : 0x01);
      out.u32(pages);
      out.u32(pages);
      ByteSink segment = m.dataSection.add();
      activeMemory(segment, index);
      // The offset 0, of the memory's index type.
      segment.u8(index64 ? 0x42 : 0x41);
      segment.u8(0x00);
      segment.u8(0x0b);
      segment.name(bytes);
      return;
    }
    memoryLimits(c, out, index64);
    c.expectEnd();
  }

  private void global(Cursor c) {
    long index = entity(c, "global", 0x03);
    if (index < 0) {
      return;
    }
    ByteSink out = m.globalSection.add();
    globalType(c, out);
    constExpr(c, out);
  }

  private void globalType(Cursor c, ByteSink out) {
    if (c.peekList("mut")) {
      Cursor mc = new Cursor(c.next(), 1);
      TypeUses.write(out, TypeUses.valType(mc, m));
      mc.expectEnd();
      out.u8(0x01);
    } else {
      TypeUses.write(out, TypeUses.valType(c, m));
      out.u8(0x00);
    }
  }

  /** A parser of a function's body ({@code locals} by name), or of a constant expression. */
  private InstructionParser instructions(Map<String, Integer> locals) {
    return new InstructionParser(m, locals, features);
  }

  /** The rest of {@code c} as a constant expression, with its {@code end}. */
  private void constExpr(Cursor c, ByteSink out) {
    instructions(null).parseAll(c, out);
    out.u8(0x0b);
  }

  private void export(Cursor c) {
    byte[] name = name(c.expect(Token.Kind.STRING, "an export name"));
    Sexp desc = c.expectList("an export description");
    c.expectEnd();
    String kind = desc.head();
    Space space = kind == null ? null : space(kind);
    if (space == null) {
      throw TextError.unexpected(desc);
    }
    exceptionHandling(desc, kind);
    Cursor d = new Cursor(desc, 1);
    long index = space.resolve(ref(d, "an index"));
    d.expectEnd();
    ByteSink out = m.exports.add();
    out.name(name);
    out.u8(
        switch (kind) {
          case "func" -> 0x00;
          case "table" -> 0x01;
          case "memory" -> 0x02;
          case "global" -> 0x03;
          default -> 0x04;
        });
    out.u32(index);
  }

  /** A reference (a number or an identifier), which must be next. */
  private static Token ref(Cursor c, String what) {
    if (!c.peekAtom(Token.Kind.NUMBER) && !c.peekAtom(Token.Kind.ID)) {
      throw InstructionParser.missing(c, c.list, what);
    }
    return c.next().token;
  }

  private void start(Sexp field, Cursor c) {
    Token ref = ref(c, "a function index");
    c.expectEnd();
    if (m.start >= 0) {
      throw TextError.at(field, "multiple start sections");
    }
    m.start = m.funcs.resolve(ref);
  }

  // ---- segments

  private enum Mode {
    ACTIVE,
    PASSIVE,
    DECLARED
  }

  /**
   * One element of a segment: its expression, and the function it references when it is exactly
   * {@code ref.func x} (then the segment can list function indices).
   */
  private record ElemItem(ByteSink expr, long func) {}

  private void elem(Cursor c) {
    c.takeId();
    Mode mode = Mode.PASSIVE;
    long table = 0;
    ByteSink offset = null;
    if (c.takeKeyword("declare")) {
      mode = Mode.DECLARED;
    } else {
      if (c.peekList("table")) {
        Cursor tc = new Cursor(c.next(), 1);
        table = m.tables.resolve(ref(tc, "a table index"));
        tc.expectEnd();
        mode = Mode.ACTIVE;
      } else if (c.peekAtom(Token.Kind.NUMBER)) {
        table = m.tables.resolve(c.next().token);
        mode = Mode.ACTIVE;
      }
      if (c.peekList("offset")) {
        offset = new ByteSink();
        instructions(null).parseAll(new Cursor(c.next(), 1), offset);
        mode = Mode.ACTIVE;
      } else if (c.peek() != null
          && c.peek().isList()
          && !c.peekList("item")
          && !TypeUses.peekRefType(c)) {
        offset = new ByteSink();
        instructions(null).parseAll(new Cursor(List.of(c.next()), c.list), offset);
        mode = Mode.ACTIVE;
      } else if (mode == Mode.ACTIVE) {
        throw InstructionParser.missing(c, c.list, "an offset expression");
      }
    }
    int type = 0x70;
    boolean indices;
    if (c.takeKeyword("func")) {
      indices = true;
    } else if (TypeUses.peekRefType(c)) {
      type = TypeUses.refType(c, m);
      indices = false;
    } else if (mode == Mode.ACTIVE) {
      indices = true;
    } else {
      throw InstructionParser.missing(c, c.list, "func or a reference type");
    }
    List<ElemItem> items = elemItems(c, indices);
    writeElem(mode, table, offset, type, items);
  }

  /** The rest of {@code c}: function indices, or expressions ({@code (item ...)} or folded). */
  private List<ElemItem> elemItems(Cursor c, boolean indices) {
    List<ElemItem> items = new ArrayList<>();
    while (!c.atEnd()) {
      Sexp s = c.next();
      if (indices) {
        if (s.token == null) {
          throw TextError.unexpected(s);
        }
        long func = m.funcs.resolve(s.token);
        ByteSink e = new ByteSink();
        e.u8(0xd2);
        e.u32(func);
        items.add(new ElemItem(e, func));
        continue;
      }
      if (!s.isList()) {
        throw TextError.unexpected(s);
      }
      ByteSink e = new ByteSink();
      Cursor ic = s.isList("item") ? new Cursor(s, 1) : new Cursor(List.of(s), s);
      instructions(null).parseAll(ic, e);
      items.add(new ElemItem(e, refFunc(e.toByteArray())));
    }
    return items;
  }

  /** The function index of an expression that is exactly {@code ref.func x}, else -1. */
  private static long refFunc(byte[] expr) {
    if (expr.length < 2 || (expr[0] & 0xff) != 0xd2) {
      return -1;
    }
    long v = 0;
    int shift = 0;
    for (int i = 1; i < expr.length; i++) {
      v |= (long) (expr[i] & 0x7f) << shift;
      shift += 7;
      if ((expr[i] & 0x80) == 0) {
        return i == expr.length - 1 ? v : -1;
      }
    }
    return -1;
  }

  /**
   * An element segment, flagged as wat2wasm flags it: an explicit table index only for a table
   * other than 0 or elements other than {@code funcref}, and function indices instead of
   * expressions when the type is {@code funcref} and every element is a lone {@code ref.func}.
   */
  private void writeElem(Mode mode, long table, ByteSink offset, int type, List<ElemItem> items) {
    int flags =
        switch (mode) {
          case ACTIVE -> table != 0 || type != 0x70 ? 0x02 : 0x00;
          case PASSIVE -> 0x01;
          case DECLARED -> 0x03;
        };
    boolean indices = type == 0x70 && items.stream().allMatch(i -> i.func() >= 0);
    if (!indices) {
      flags |= 0x04;
    }
    ByteSink out = m.elemSection.add();
    out.u8(flags);
    if (mode == Mode.ACTIVE && (flags & 0x02) != 0) {
      out.u32(table);
    }
    if (mode == Mode.ACTIVE) {
      out.append(offset);
      out.u8(0x0b);
    }
    if ((flags & 0x03) != 0) {
      if (indices) {
        out.u8(0x00);
      } else {
        TypeUses.write(out, type);
      }
    }
    out.u32(items.size());
    for (ElemItem item : items) {
      if (indices) {
        out.u32(item.func());
      } else {
        out.append(item.expr());
        out.u8(0x0b);
      }
    }
  }

  private void data(Cursor c) {
    c.takeId();
    ByteSink out = m.dataSection.add();
    long memory = 0;
    boolean active = false;
    if (c.peekList("memory")) {
      Cursor mc = new Cursor(c.next(), 1);
      memory = m.memories.resolve(ref(mc, "a memory index"));
      mc.expectEnd();
      active = true;
    } else if (c.peekAtom(Token.Kind.NUMBER)) {
      memory = m.memories.resolve(c.next().token);
      active = true;
    }
    ByteSink offset = null;
    if (c.peekList("offset")) {
      offset = new ByteSink();
      instructions(null).parseAll(new Cursor(c.next(), 1), offset);
    } else if (c.peek() != null && c.peek().isList()) {
      offset = new ByteSink();
      instructions(null).parseAll(new Cursor(List.of(c.next()), c.list), offset);
    } else if (active) {
      throw InstructionParser.missing(c, c.list, "an offset expression");
    }
    byte[] bytes = strings(c);
    if (offset == null) {
      out.u8(0x01);
    } else {
      activeMemory(out, memory);
      out.append(offset);
      out.u8(0x0b);
    }
    out.name(bytes);
  }

  /** The flags of an active data segment, and its memory index unless it is 0. */
  private static void activeMemory(ByteSink out, long memory) {
    if (memory == 0) {
      out.u8(0x00);
    } else {
      out.u8(0x02);
      out.u32(memory);
    }
  }

  /** The rest of {@code c}: strings, concatenated. */
  private static byte[] strings(Cursor c) {
    ByteSink out = new ByteSink();
    while (!c.atEnd()) {
      out.bytes(c.expect(Token.Kind.STRING, "a string").bytes);
    }
    return out.toByteArray();
  }

  /** A name's bytes, which must be UTF-8. */
  private static byte[] name(Token t) {
    try {
      WatParser.strictUtf8().decode(ByteBuffer.wrap(t.bytes));
    } catch (CharacterCodingException e) {
      throw TextError.at(t, "malformed UTF-8 encoding");
    }
    return t.bytes;
  }
}
