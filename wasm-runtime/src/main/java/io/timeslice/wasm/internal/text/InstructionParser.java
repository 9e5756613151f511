package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.internal.text.Instructions.Immediates;
import io.timeslice.wasm.internal.text.Instructions.Instr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instructions, flat ({@code block ... end}) and folded ({@code (i32.add (local.get 0) ...)}),
 * encoded as they are read: folded operands first, then the operator. Labels and locals are
 * resolved here (they are scoped); module-level names through the {@link TextModule}, whose index
 * spaces are complete before any body is read.
 */
final class InstructionParser {
  /** How deep blocks and folded expressions may nest, so that recursion stays bounded. */
  private static final int MAX_NESTING = 1000;

  private final TextModule m;
  private final Map<String, Integer> locals;
  private final Config features;
  private final List<String> labels = new ArrayList<>();
  private int nesting;

  /**
   * A parser of one function's body ({@code locals} by name), or of a constant expression, for an
   * engine of {@code features}.
   */
  InstructionParser(TextModule m, Map<String, Integer> locals, Config features) {
    this.m = m;
    this.locals = locals;
    this.features = features;
  }

  /** Encodes every instruction left at {@code c}. */
  void parseAll(Cursor c, ByteSink out) {
    sequence(c, out);
    c.expectEnd();
  }

  /**
   * Instructions until the end of {@code c} or a keyword that ends a block's instructions: {@code
   * end}, {@code else}, or a {@code try}'s {@code catch}, {@code catch_all} or {@code delegate}.
   */
  private void sequence(Cursor c, ByteSink out) {
    while (!c.atEnd()) {
      Sexp s = c.peek();
      if (s.isList()) {
        c.next();
        folded(s, out);
      } else if (endsInstructions(s)) {
        return;
      } else {
        plain(c, out);
      }
    }
  }

  private static boolean endsInstructions(Sexp s) {
    return s.isKeyword("end")
        || s.isKeyword("else")
        || s.isKeyword("catch")
        || s.isKeyword("catch_all")
        || s.isKeyword("delegate");
  }

  private Instr instruction(Sexp s) {
    Instr in =
        s.token != null && s.token.kind == Token.Kind.KEYWORD
            ? Instructions.get(s.token.text)
            : null;
    if (in == null) {
      throw TextError.unexpected(s);
    }
    if (in.proposal() != null && !features.proposal(in.proposal())) {
      throw TextError.at(s, proposalOff(in.name(), in.proposal()));
    }
    return in;
  }

  /** Why text of a proposal the engine has off is refused. */
  static String proposalOff(String what, String proposal) {
    return what + " needs the " + proposal + " proposal, which this engine has off";
  }

  private void enter(Sexp where, Token label) {
    if (++nesting > MAX_NESTING) {
      throw TextError.at(where, "nesting too deep (more than " + MAX_NESTING + " levels)");
    }
    labels.add(label == null ? null : label.text);
  }

  private void exit() {
    nesting--;
    labels.remove(labels.size() - 1);
  }

  private void plain(Cursor c, ByteSink out) {
    Sexp s = c.next();
    Instr in = instruction(s);
    switch (in.immediates()) {
      case BLOCK -> {
        Token label = c.takeId();
        in.writeOpcode(out);
        blockType(c, out);
        enter(s, label);
        sequence(c, out);
        if (in.name().equals("if") && c.takeKeyword("else")) {
          closingLabel(c, label);
          elseBranch(out, arm -> sequence(c, arm));
        }
        end(c, label, out);
      }
      case TRY -> {
        Token label = c.takeId();
        in.writeOpcode(out);
        blockType(c, out);
        enter(s, label);
        sequence(c, out);
        if (c.peekKeyword("delegate")) {
          Sexp delegate = c.next();
          delegate(c, delegate, out);
          return;
        }
        boolean catchAll = false;
        while (!catchAll && (c.peekKeyword("catch") || c.peekKeyword("catch_all"))) {
          Sexp clause = c.next();
          catchAll = clause.isKeyword("catch_all");
          catchClause(clause, c, out);
          sequence(c, out);
        }
        end(c, label, out);
      }
      case TRY_TABLE -> {
        Token label = c.takeId();
        in.writeOpcode(out);
        blockType(c, out);
        catchClauses(c, out);
        enter(s, label);
        sequence(c, out);
        end(c, label, out);
      }
      case ELSE, END, CATCH, CATCH_ALL, DELEGATE -> throw TextError.unexpected(s);
      default -> operator(in, c, out, s);
    }
  }

  /** The {@code end} of a flat block, its optional label, and the block's label out of scope. */
  private void end(Cursor c, Token label, ByteSink out) {
    if (!c.takeKeyword("end")) {
      throw c.atEnd() ? c.missing("end") : TextError.unexpected(c.peek());
    }
    closingLabel(c, label);
    out.u8(0x0b);
    exit();
  }

  /** A {@code catch} clause's opcode and tag index, or a {@code catch_all}'s opcode. */
  private void catchClause(Sexp clause, Cursor c, ByteSink out) {
    instruction(clause).writeOpcode(out);
    if (clause.isKeyword("catch")) {
      out.u32(m.tags.resolve(index(c, clause, "a tag index")));
    }
  }

  private static final List<String> CATCH_KINDS =
      List.of("catch", "catch_ref", "catch_all", "catch_all_ref");

  /**
   * A {@code try_table}'s catch clauses, as a vector of kind, tag (for {@code catch} and {@code
   * catch_ref}) and label; their labels are read with the try_table's own out of scope.
   */
  private void catchClauses(Cursor c, ByteSink out) {
    ByteSink clauses = new ByteSink();
    int n = 0;
    while (c.peek() != null && c.peek().isList() && !c.peek().items.isEmpty()) {
      Sexp clause = c.peek();
      int kind =
          CATCH_KINDS.indexOf(
              clause.items.get(0).isAtom(Token.Kind.KEYWORD) ? clause.items.get(0).token.text : "");
      if (kind < 0) {
        break;
      }
      c.next();
      Cursor cc = new Cursor(clause, 1);
      clauses.u8(kind);
      if (kind < 2) {
        clauses.u32(m.tags.resolve(index(cc, clause, "a tag index")));
      }
      clauses.u32(label(cc, clause));
      cc.expectEnd();
      n++;
    }
    out.u32(n);
    out.append(clauses);
  }

  /**
   * A {@code try}'s {@code delegate} and its label, which ends the {@code try}: the label is read
   * with the {@code try}'s own out of scope, as its depth counts from outside the {@code try}.
   */
  private void delegate(Cursor c, Sexp delegate, ByteSink out) {
    exit();
    instruction(delegate).writeOpcode(out);
    out.u32(label(c, delegate));
  }

  /** An {@code else} arm; an empty one is left out, as wat2wasm leaves it out. */
  private static void elseBranch(ByteSink out, java.util.function.Consumer<ByteSink> arm) {
    ByteSink instructions = new ByteSink();
    arm.accept(instructions);
    if (instructions.size() > 0) {
      out.u8(0x05);
      out.append(instructions);
    }
  }

  /** An optional label after {@code else} or {@code end}, which must repeat the block's. */
  private static void closingLabel(Cursor c, Token label) {
    Token id = c.takeId();
    if (id != null && (label == null || !label.text.equals(id.text))) {
      throw TextError.at(id, "mismatching label " + id.text);
    }
  }

  private void folded(Sexp list, ByteSink out) {
    if (list.items.isEmpty()) {
      throw TextError.unexpected(list);
    }
    Sexp head = list.items.get(0);
    if (!head.isAtom(Token.Kind.KEYWORD) || Instructions.get(head.token.text) == null) {
      throw TextError.unexpected(list);
    }
    Instr in = instruction(head);
    Cursor c = new Cursor(list, 1);
    switch (in.immediates()) {
      case BLOCK -> {
        Token label = c.takeId();
        TypeUses.TypeUse type = TypeUses.parse(c, m, null);
        if (in.name().equals("if")) {
          // The condition is outside the block: its labels are not in scope, and it comes first.
          while (!c.atEnd() && !c.peekList("then")) {
            operand(c.next(), out);
          }
          enter(list, label);
          in.writeOpcode(out);
          writeBlockType(type, out);
          parseAll(clause(c, "then"), out);
          if (c.peekList("else")) {
            Cursor arm = new Cursor(c.next(), 1);
            elseBranch(out, sink -> parseAll(arm, sink));
          }
        } else {
          enter(list, label);
          in.writeOpcode(out);
          writeBlockType(type, out);
          sequence(c, out);
        }
        c.expectEnd();
        out.u8(0x0b);
        exit();
      }
      case TRY -> foldedTry(list, in, c, out);
      case TRY_TABLE -> {
        Token label = c.takeId();
        TypeUses.TypeUse type = TypeUses.parse(c, m, null);
        in.writeOpcode(out);
        writeBlockType(type, out);
        catchClauses(c, out);
        enter(list, label);
        sequence(c, out);
        c.expectEnd();
        out.u8(0x0b);
        exit();
      }
      case ELSE, END, CATCH, CATCH_ALL, DELEGATE -> throw TextError.unexpected(head);
      case CALL_INDIRECT -> {
        // The type use is resolved after the operands, in the order of the flat form, so that
        // implied types are numbered as wat2wasm numbers them.
        long table = peekIndex(c) ? m.tables.resolve(c.next().token) : 0;
        TypeUses.TypeUse type = TypeUses.parse(c, m, null);
        operands(list, c, out);
        in.writeOpcode(out);
        out.u32(type.resolve(m));
        out.u32(table);
      }
      default -> {
        ByteSink op = new ByteSink();
        operator(in, c, op, head);
        operands(list, c, out);
        out.append(op);
      }
    }
  }

  /**
   * {@code (try $l? type (do ...) (catch x ...)* (catch_all ...)?)}, or with {@code (delegate l)}
   * instead of the catch clauses.
   */
  private void foldedTry(Sexp list, Instr in, Cursor c, ByteSink out) {
    Token label = c.takeId();
    TypeUses.TypeUse type = TypeUses.parse(c, m, null);
    enter(list, label);
    in.writeOpcode(out);
    writeBlockType(type, out);
    parseAll(clause(c, "do"), out);
    if (c.peekList("delegate")) {
      Sexp clause = c.next();
      Cursor dc = new Cursor(clause, 1);
      delegate(dc, clause.items.get(0), out);
      dc.expectEnd();
      c.expectEnd();
      return;
    }
    boolean catchAll = false;
    while (!catchAll && (c.peekList("catch") || c.peekList("catch_all"))) {
      Sexp clause = c.next();
      Cursor cc = new Cursor(clause, 1);
      catchAll = clause.isList("catch_all");
      catchClause(clause.items.get(0), cc, out);
      parseAll(cc, out);
    }
    c.expectEnd();
    out.u8(0x0b);
    exit();
  }

  /** The items of the list {@code (keyword ...)}, which must be next. */
  private static Cursor clause(Cursor c, String keyword) {
    Sexp s = c.expectList("(" + keyword + " ...)");
    if (!s.isList(keyword)) {
      throw TextError.unexpected(s);
    }
    return new Cursor(s, 1);
  }

  /** The operands of a folded instruction, each folded. */
  private void operands(Sexp list, Cursor c, ByteSink out) {
    if (++nesting > MAX_NESTING) {
      throw TextError.at(list, "nesting too deep (more than " + MAX_NESTING + " levels)");
    }
    while (!c.atEnd()) {
      operand(c.next(), out);
    }
    nesting--;
  }

  /** An operand of a folded instruction, itself folded. */
  private void operand(Sexp s, ByteSink out) {
    if (!s.isList()) {
      throw TextError.unexpected(s);
    }
    folded(s, out);
  }

  /** {@code (type x)? (param t*)* (result t*)*} of a block, inline when it can be. */
  private void blockType(Cursor c, ByteSink out) {
    writeBlockType(TypeUses.parse(c, m, null), out);
  }

  private void writeBlockType(TypeUses.TypeUse use, ByteSink out) {
    Sig sig = use.sig();
    if (sig.inlinable()) {
      if (sig.results().isEmpty()) {
        out.u8(0x40);
      } else {
        TypeUses.write(out, sig.results().get(0));
      }
    } else {
      out.s64(use.resolve(m));
    }
  }

  /** An instruction other than a block: its opcode and immediates. */
  private void operator(Instr in, Cursor c, ByteSink out, Sexp at) {
    Immediates imm = in.immediates();
    if (imm == Immediates.SELECT) {
      select(c, out);
      return;
    }
    if (imm == Immediates.CAST) {
      TypeUses.writeCast(in.code(), TypeUses.refType(c, m), out);
      return;
    }
    in.writeOpcode(out);
    switch (imm) {
      case NONE -> {}
      case LABEL -> out.u32(label(c, at));
      case BR_ON_CAST -> {
        long label = label(c, at);
        int rt1 = TypeUses.refType(c, m);
        int rt2 = TypeUses.refType(c, m);
        out.u8((TypeUses.nullable(rt1) ? 1 : 0) | (TypeUses.nullable(rt2) ? 2 : 0));
        out.u32(label);
        TypeUses.writeHeap(rt1, out);
        TypeUses.writeHeap(rt2, out);
      }
      case BR_TABLE -> {
        List<Long> targets = new ArrayList<>();
        while (peekIndex(c)) {
          targets.add(label(c, at));
        }
        if (targets.isEmpty()) {
          throw missing(c, at, "a label");
        }
        out.u32(targets.size() - 1);
        targets.forEach(out::u32);
      }
      case FUNC -> out.u32(m.funcs.resolve(index(c, at, "a function index")));
      case CALL_INDIRECT -> {
        long table = peekIndex(c) ? m.tables.resolve(c.next().token) : 0;
        out.u32(TypeUses.parse(c, m, null).resolve(m));
        out.u32(table);
      }
      case LOCAL -> out.u32(local(index(c, at, "a local index")));
      case GLOBAL -> out.u32(m.globals.resolve(index(c, at, "a global index")));
      case TAG -> out.u32(m.tags.resolve(index(c, at, "a tag index")));
      case MEMARG -> memarg(c, in, out, false);
      case MEMORY -> out.u32(optional(c, m.memories));
      case I32 -> out.s64(Literals.i32(number(c, at)));
      case I64 -> out.s64(integer(c, at, 64));
      case F32 -> out.f32(Literals.f32(number(c, at)));
      case F64 -> out.f64(Literals.f64(number(c, at)));
      case REF_NULL -> TypeUses.writeHeapType(c, at, m, out);
      case TYPE -> out.u32(m.types.resolve(index(c, at, "a type index")));
      case TABLE -> out.u32(optional(c, m.tables));
      case TABLE_COPY -> {
        long dst = optional(c, m.tables);
        long src = optional(c, m.tables);
        out.u32(dst);
        out.u32(src);
      }
      case TABLE_INIT -> segmentInit(c, at, m.elems, m.tables, out);
      case ELEM -> out.u32(m.elems.resolve(index(c, at, "an elem segment index")));
      case MEMORY_INIT -> {
        m.usesDataCount = true;
        segmentInit(c, at, m.datas, m.memories, out);
      }
      case DATA -> {
        m.usesDataCount = true;
        out.u32(m.datas.resolve(index(c, at, "a data segment index")));
      }
      case MEMORY_COPY -> {
        long dst = optional(c, m.memories);
        long src = optional(c, m.memories);
        out.u32(dst);
        out.u32(src);
      }
      case V128 -> Literals.v128(c, at, out);
      case LANE -> out.u8(Literals.lane(c, at));
      case SHUFFLE -> Literals.shuffle(c, at, out);
      case MEMARG_LANE -> {
        memarg(c, in, out, true);
        out.u8(Literals.lane(c, at));
      }
      case FENCE -> out.u8(0x00);
      default -> throw new IllegalStateException("immediates " + imm);
    }
  }

  /**
   * {@code table.init} and {@code memory.init}: {@code target? segment}, encoded segment first, the
   * target 0 when absent.
   */
  private static void segmentInit(Cursor c, Sexp at, Space segments, Space targets, ByteSink out) {
    Token first = index(c, at, "a " + segments.kind + " segment index");
    if (peekIndex(c)) {
      long target = targets.resolve(first);
      out.u32(segments.resolve(c.next().token));
      out.u32(target);
    } else {
      out.u32(segments.resolve(first));
      out.u32(0);
    }
  }

  /** {@code select}, typed when it has {@code (result ...)}. */
  private void select(Cursor c, ByteSink out) {
    if (!c.peekList("result")) {
      out.u8(0x1b);
      return;
    }
    List<Integer> types = new ArrayList<>();
    while (c.peekList("result")) {
      Cursor rc = new Cursor(c.next(), 1);
      while (!rc.atEnd()) {
        types.add(TypeUses.valType(rc, m));
      }
    }
    out.u8(0x1c);
    out.u32(types.size());
    types.forEach(t -> TypeUses.write(out, t));
  }

  private static boolean peekIndex(Cursor c) {
    return c.peekAtom(Token.Kind.NUMBER) || c.peekAtom(Token.Kind.ID);
  }

  /** A number or an identifier, which must be next. */
  private static Token index(Cursor c, Sexp at, String what) {
    if (!peekIndex(c)) {
      throw missing(c, at, what);
    }
    return c.next().token;
  }

  /** An index of {@code space} if one is next, else 0. */
  private static long optional(Cursor c, Space space) {
    return peekIndex(c) ? space.resolve(c.next().token) : 0;
  }

  static io.timeslice.wasm.MalformedTextException missing(Cursor c, Sexp at, String what) {
    Sexp next = c.peek();
    return next == null
        ? new io.timeslice.wasm.MalformedTextException(
            "unexpected token ), expected " + what + " in " + at.describe(),
            c.list.endLine,
            c.list.endColumn)
        : TextError.at(next, "unexpected token " + next.describe() + ", expected " + what);
  }

  private long label(Cursor c, Sexp at) {
    Token t = index(c, at, "a label");
    if (t.kind == Token.Kind.ID) {
      for (int i = labels.size() - 1; i >= 0; i--) {
        if (t.text.equals(labels.get(i))) {
          return (long) labels.size() - 1 - i;
        }
      }
      throw TextError.at(t, "unknown label " + t.text);
    }
    return nat32(t);
  }

  private long local(Token t) {
    if (t.kind == Token.Kind.ID) {
      Integer index = locals == null ? null : locals.get(t.text);
      if (index == null) {
        throw TextError.at(t, "unknown local " + t.text);
      }
      return index;
    }
    return nat32(t);
  }

  /** A natural number below 2^63, e.g. an amount of fuel. */
  static long nat64(Token t) {
    try {
      return Numbers.nat(t.text, Long.MAX_VALUE);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "constant out of range: " + t.text);
    }
  }

  /** A natural number of 64 bits when {@code wide}, else of 32. */
  static long nat(Token t, boolean wide) {
    if (!wide) {
      return nat32(t);
    }
    try {
      return Numbers.nat(t.text, -1L);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "i64 constant out of range: " + t.text);
    }
  }

  static long nat32(Token t) {
    try {
      return Numbers.nat(t.text, 0xffff_ffffL);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(t, "i32 constant out of range: " + t.text);
    }
  }

  private static Token number(Cursor c, Sexp at) {
    if (!c.peekAtom(Token.Kind.NUMBER)) {
      throw missing(c, at, "a number");
    }
    return c.next().token;
  }

  private static long integer(Cursor c, Sexp at, int bits) {
    return Literals.integer(number(c, at), bits);
  }

  /**
   * {@code offset=N? align=N?}: the alignment as its base-2 logarithm, then the offset, a 64-bit
   * number with memory64 (the validator checks that a 32-bit memory's fits 32 bits).
   */
  /**
   * {@code memory? offset=N? align=N?}: with multi-memory, a memory index may come first (before a
   * lane access's lane index, a number there is the memory only when another index follows it). In
   * the binary, a memory other than 0 sets bit 6 of the alignment field and follows it.
   */
  private void memarg(Cursor c, Instr in, ByteSink out, boolean lane) {
    long memory = 0;
    if (features.multiMemory()
        && (c.peekAtom(Token.Kind.ID)
            || c.peekAtom(Token.Kind.NUMBER) && (!lane || laneIndexAfter(c)))) {
      memory = m.memories.resolve(c.next().token);
    }
    long offset = memargField(c, "offset=", 0, features.memory64());
    Token alignToken = c.peek() != null ? c.peek().token : null;
    long align = memargField(c, "align=", in.align(), false);
    if (align == 0 || (align & (align - 1)) != 0) {
      throw TextError.at(alignToken, "alignment must be a power of two: " + alignToken.text);
    }
    int flags = 63 - Long.numberOfLeadingZeros(align);
    if (memory != 0) {
      out.u8(flags | 0x40);
      out.u32(memory);
    } else {
      out.u8(flags);
    }
    out.u32(offset);
  }

  /**
   * Whether the atom after the next one is a number or a memarg field: then the next is a memory.
   */
  private static boolean laneIndexAfter(Cursor c) {
    Sexp second = c.peek2();
    return second != null
        && (second.isAtom(Token.Kind.NUMBER)
            || second.isAtom(Token.Kind.KEYWORD)
                && (second.token.text.startsWith("offset=")
                    || second.token.text.startsWith("align=")));
  }

  /**
   * The value of a {@code name=N} field if it is next, else {@code absent}; N has 32 bits, or 64
   * when {@code wide}.
   */
  private static long memargField(Cursor c, String name, long absent, boolean wide) {
    Sexp s = c.peek();
    if (s == null || !s.isAtom(Token.Kind.KEYWORD) || !s.token.text.startsWith(name)) {
      return absent;
    }
    c.next();
    try {
      return Numbers.nat(s.token.text.substring(name.length()), wide ? -1L : 0xffff_ffffL);
    } catch (Numbers.OutOfRange e) {
      throw TextError.at(
          s.token, (wide ? "i64" : "i32") + " constant out of range: " + s.token.text);
    }
  }
}
