package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.ValType;
import io.timeslice.wasm.fuzz.ModuleGenerator.Sig;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates one function body for {@link ModuleGenerator}: type-directed, so every body validates.
 * An expression production leaves exactly one value of the requested type; a statement leaves the
 * stack as it found it. Unconditional branches end a statement list (what follows is dead code,
 * which is valid too and exercises the translator's unreachable-code handling).
 */
final class BodyGenerator {
  private static final int MAX_EXPR_DEPTH = 7;
  private static final int MAX_STMT_DEPTH = 5;

  private final ModuleGenerator m;
  private final Entropy in;
  private final Sig sig;
  private final WasmWriter code = new WasmWriter();
  private final List<ValType> locals = new ArrayList<>();
  private final List<List<ValType>> labels = new ArrayList<>(); // branch types, innermost last
  private int budget;

  BodyGenerator(ModuleGenerator m, Entropy in, int function) {
    this.m = m;
    this.in = in;
    this.sig = m.funcSig(function);
    this.budget = in.chance(10) ? in.between(1_000, 6_000) : in.between(20, 600);
  }

  byte[] generate() {
    locals.addAll(sig.params());
    List<ValType> declared = new ArrayList<>();
    for (ValType t : ModuleGenerator.NUMERIC) {
      declared.add(t);
      declared.add(t);
    }
    int extra = in.chance(8) ? in.between(50, 400) : in.below(6);
    for (int i = 0; i < extra; i++) {
      declared.add(in.pick(ModuleGenerator.NUMERIC));
    }
    locals.addAll(declared);
    labels.add(sig.results());
    guard();
    statements(0, in.between(1, 12));
    if (in.chance(10)) {
      values(sig.results(), 0);
      op(0x0f); // return
    } else {
      values(sig.results(), 0); // the last producer writes its result in place
    }
    op(0x0b);
    WasmWriter body = new WasmWriter();
    List<int[]> runs = new ArrayList<>();
    for (ValType t : declared) {
      if (!runs.isEmpty() && runs.getLast()[1] == t.code()) {
        runs.getLast()[0]++;
      } else {
        runs.add(new int[] {1, t.code()});
      }
    }
    body.u32(runs.size());
    for (int[] run : runs) {
      body.u32(run[0]).u8(run[1]);
    }
    return body.bytes(code.toByteArray()).toByteArray();
  }

  // ---- encoding ----

  private void op(int opcode) {
    code.u8(opcode);
    budget--;
  }

  private void prefixed(int sub) {
    code.u8(0xfc).u32(sub);
    budget--;
  }

  static void constant(WasmWriter w, ValType t, long bits) {
    switch (t) {
      case I32 -> w.u8(0x41).s32((int) bits);
      case I64 -> w.u8(0x42).s64(bits);
      case F32 -> w.u8(0x43).f32((int) bits);
      case F64 -> w.u8(0x44).f64(bits);
      default -> throw new IllegalArgumentException(t.toString());
    }
  }

  /** The bits of a constant: an edge value, a small number or anything. */
  static long value(Entropy in, ValType t) {
    int kind = in.below(10);
    return switch (t) {
      case I32 ->
          kind < 5 ? in.pick(EdgeValues.I32) : kind < 8 ? in.between(-8, 100) : in.nextInt();
      case I64 ->
          kind < 5 ? in.pick(EdgeValues.I64) : kind < 8 ? in.between(-8, 100) : in.nextLong();
      case F32 ->
          kind < 6
              ? in.pick(EdgeValues.F32)
              : kind < 8 ? Float.floatToRawIntBits(in.between(-50, 50) / 4f) : in.nextInt();
      case F64 ->
          kind < 6
              ? in.pick(EdgeValues.F64)
              : kind < 8 ? Double.doubleToRawLongBits(in.between(-50, 50) / 4d) : in.nextLong();
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  private void constant(ValType t) {
    constant(code, t, value(in, t));
    budget--;
  }

  private void i32(int v) {
    constant(code, ValType.I32, v);
    budget--;
  }

  private void blockType(List<ValType> params, List<ValType> results) {
    if (params.isEmpty() && results.isEmpty()) {
      code.u8(0x40);
    } else if (params.isEmpty() && results.size() == 1) {
      code.u8(results.getFirst().code());
    } else {
      code.s64(m.type(new Sig(params, results)));
    }
  }

  /** Pays one unit of the hang limit, trapping when none is left (binaryen's scheme). */
  private void guard() {
    code.u8(0x23).u32(0).u8(0x45).u8(0x04).u8(0x40).u8(0x00).u8(0x0b);
    code.u8(0x23).u32(0).u8(0x41).u8(1).u8(0x6b).u8(0x24).u32(0);
    budget -= 8;
  }

  /**
   * Replaces a NaN that an arithmetic operation just returned by the canonical NaN. Which NaN an
   * operation on NaNs returns is nondeterministic in Wasm, and differs between engines and even
   * between HotSpot's compilations of one Java expression (operands of a commutative op swapped);
   * canonicalised, every NaN's bits are determined, so that every engine and configuration must
   * agree bit for bit — while NaN constants with payloads still flow through loads, stores,
   * reinterpretations, abs, neg and copysign, which must keep them. binaryen's {@code --denan} does
   * the like for its modules.
   */
  private void canonicalizeNan(ValType t) {
    int scratch = localOf(t);
    code.u8(0x21).u32(scratch);
    code.u8(0x20).u32(scratch);
    constant(code, t, t == ValType.F32 ? 0x7fc0_0000L : 0x7ff8_0000_0000_0000L);
    code.u8(0x20).u32(scratch).u8(0x20).u32(scratch);
    code.u8(t == ValType.F32 ? 0x5b : 0x61); // eq: false only for NaN
    code.u8(0x1b);
    code.u8(0x22).u32(scratch); // the scratch local must not keep the raw NaN either
    budget -= 8;
  }

  // ---- locals and labels ----

  private int localOf(ValType t) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < locals.size(); i++) {
      if (locals.get(i) == t) {
        candidates.add(i);
      }
    }
    return candidates.isEmpty() ? -1 : candidates.get(in.below(candidates.size()));
  }

  /** The relative depth of a random enclosing label. */
  private int anyLabel() {
    return in.below(labels.size());
  }

  private List<ValType> labelTypes(int depth) {
    return labels.get(labels.size() - 1 - depth);
  }

  private void values(List<ValType> types, int depth) {
    for (ValType t : types) {
      expr(t, depth);
    }
  }

  private void drops(int n) {
    for (int i = 0; i < n; i++) {
      op(0x1a);
    }
  }

  // ---- expressions ----

  private void leaf(ValType t) {
    int local = localOf(t);
    if (local >= 0 && in.chance(50)) {
      code.u8(0x20).u32(local);
      budget--;
    } else {
      constant(t);
    }
  }

  void expr(ValType t, int depth) {
    if (budget <= 0 || depth >= MAX_EXPR_DEPTH || in.exhausted()) {
      leaf(t);
      return;
    }
    int choice = in.below(24);
    switch (choice) {
      case 0, 1 -> constant(t);
      case 2, 3 -> leaf(t);
      case 4 -> {
        int g = 1 + List.of(ModuleGenerator.NUMERIC).indexOf(t);
        code.u8(0x23).u32(g);
        budget--;
      }
      case 5, 6 -> unary(t, depth);
      case 7, 8, 9 -> binary(t, depth);
      case 10 -> convert(t, depth);
      case 11, 12 -> load(t, depth);
      case 13 -> call(t, depth);
      case 14 -> select(t, depth);
      case 15 -> structured(t, depth);
      case 16 -> {
        int local = localOf(t);
        expr(t, depth + 1);
        code.u8(0x22).u32(local);
        budget--;
      }
      case 17 -> branchWithValue(t, depth);
      case 18, 19, 20 -> pattern(t, depth);
      case 21 -> compare(t, depth);
      case 22 -> special(t, depth);
      default -> multiValue(t, depth);
    }
  }

  private static final int[] I32_UNARY = {0x67, 0x68, 0x69, 0x45, 0xc0, 0xc1};
  private static final int[] I64_UNARY = {0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4};
  private static final int[] F32_UNARY = {0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91};
  private static final int[] F64_UNARY = {0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f};

  private void unary(ValType t, int depth) {
    int[] ops =
        switch (t) {
          case I32 -> I32_UNARY;
          case I64 -> I64_UNARY;
          case F32 -> F32_UNARY;
          default -> F64_UNARY;
        };
    expr(t, depth + 1);
    int opcode = in.pick(ops);
    op(opcode);
    if (ops == F32_UNARY || ops == F64_UNARY) {
      if (opcode != 0x8b && opcode != 0x8c && opcode != 0x99 && opcode != 0x9a) {
        canonicalizeNan(t); // all but abs and neg compute a new NaN
      }
    }
  }

  private static int binaryBase(ValType t) {
    return switch (t) {
      case I32 -> 0x6a;
      case I64 -> 0x7c;
      case F32 -> 0x92;
      default -> 0xa0;
    };
  }

  private void binary(ValType t, int depth) {
    boolean integer = t == ValType.I32 || t == ValType.I64;
    int index = in.below(integer ? 15 : 7);
    expr(t, depth + 1);
    expr(t, depth + 1);
    if (integer && index >= 3 && index <= 6 && in.chance(70)) {
      // Divisions: usually by a non-zero divisor, so that the call goes on; INT_MIN / -1 stays.
      constant(code, t, 1);
      op(t == ValType.I32 ? 0x72 : 0x84); // or
    }
    op(binaryBase(t) + index);
    if (!integer && index != 6) {
      canonicalizeNan(t); // copysign keeps its NaN's bits; the others compute a new one
    }
  }

  /** A comparison producing i32, of any operand type. */
  private void compare(ValType t, int depth) {
    if (t != ValType.I32) {
      binary(t, depth);
      return;
    }
    ValType operand = in.pick(ModuleGenerator.NUMERIC);
    expr(operand, depth + 1);
    int opcode;
    switch (operand) {
      case I32 -> {
        if (in.chance(10)) {
          op(0x45);
          return;
        }
        expr(operand, depth + 1);
        opcode = 0x46 + in.below(10);
      }
      case I64 -> {
        if (in.chance(10)) {
          op(0x50);
          return;
        }
        expr(operand, depth + 1);
        opcode = 0x51 + in.below(10);
      }
      case F32 -> {
        expr(operand, depth + 1);
        opcode = 0x5b + in.below(6);
      }
      default -> {
        expr(operand, depth + 1);
        opcode = 0x61 + in.below(6);
      }
    }
    op(opcode);
  }

  private record Conversion(ValType from, ValType to, int opcode, boolean prefixed) {}

  private static final Conversion[] CONVERSIONS = {
    new Conversion(ValType.I64, ValType.I32, 0xa7, false),
    new Conversion(ValType.F32, ValType.I32, 0xa8, false),
    new Conversion(ValType.F32, ValType.I32, 0xa9, false),
    new Conversion(ValType.F64, ValType.I32, 0xaa, false),
    new Conversion(ValType.F64, ValType.I32, 0xab, false),
    new Conversion(ValType.I32, ValType.I64, 0xac, false),
    new Conversion(ValType.I32, ValType.I64, 0xad, false),
    new Conversion(ValType.F32, ValType.I64, 0xae, false),
    new Conversion(ValType.F32, ValType.I64, 0xaf, false),
    new Conversion(ValType.F64, ValType.I64, 0xb0, false),
    new Conversion(ValType.F64, ValType.I64, 0xb1, false),
    new Conversion(ValType.I32, ValType.F32, 0xb2, false),
    new Conversion(ValType.I32, ValType.F32, 0xb3, false),
    new Conversion(ValType.I64, ValType.F32, 0xb4, false),
    new Conversion(ValType.I64, ValType.F32, 0xb5, false),
    new Conversion(ValType.F64, ValType.F32, 0xb6, false),
    new Conversion(ValType.I32, ValType.F64, 0xb7, false),
    new Conversion(ValType.I32, ValType.F64, 0xb8, false),
    new Conversion(ValType.I64, ValType.F64, 0xb9, false),
    new Conversion(ValType.I64, ValType.F64, 0xba, false),
    new Conversion(ValType.F32, ValType.F64, 0xbb, false),
    new Conversion(ValType.F32, ValType.I32, 0xbc, false),
    new Conversion(ValType.F64, ValType.I64, 0xbd, false),
    new Conversion(ValType.I32, ValType.F32, 0xbe, false),
    new Conversion(ValType.I64, ValType.F64, 0xbf, false),
    new Conversion(ValType.F32, ValType.I32, 0, true),
    new Conversion(ValType.F32, ValType.I32, 1, true),
    new Conversion(ValType.F64, ValType.I32, 2, true),
    new Conversion(ValType.F64, ValType.I32, 3, true),
    new Conversion(ValType.F32, ValType.I64, 4, true),
    new Conversion(ValType.F32, ValType.I64, 5, true),
    new Conversion(ValType.F64, ValType.I64, 6, true),
    new Conversion(ValType.F64, ValType.I64, 7, true),
  };

  private void convert(ValType t, int depth) {
    List<Conversion> candidates = new ArrayList<>();
    for (Conversion c : CONVERSIONS) {
      if (c.to() == t) {
        candidates.add(c);
      }
    }
    Conversion c = candidates.get(in.below(candidates.size()));
    if (!c.prefixed()
        && c.opcode() >= 0xa8
        && c.opcode() <= 0xb1
        && c.opcode() != 0xac
        && c.opcode() != 0xad
        && in.chance(50)) {
      // Trapping truncations get their operand from the edges of their range, mostly.
      constant(c.from());
    } else {
      expr(c.from(), depth + 1);
    }
    if (c.prefixed()) {
      prefixed(c.opcode());
    } else {
      op(c.opcode());
    }
    if (c.opcode() == 0xb6 || c.opcode() == 0xbb) {
      canonicalizeNan(t); // demote and promote of a NaN return a new one
    }
  }

  // ---- memory ----

  private record Access(int opcode, ValType type, int alignLog2) {}

  private static final Access[] LOADS = {
    new Access(0x28, ValType.I32, 2), new Access(0x29, ValType.I64, 3),
    new Access(0x2a, ValType.F32, 2), new Access(0x2b, ValType.F64, 3),
    new Access(0x2c, ValType.I32, 0), new Access(0x2d, ValType.I32, 0),
    new Access(0x2e, ValType.I32, 1), new Access(0x2f, ValType.I32, 1),
    new Access(0x30, ValType.I64, 0), new Access(0x31, ValType.I64, 0),
    new Access(0x32, ValType.I64, 1), new Access(0x33, ValType.I64, 1),
    new Access(0x34, ValType.I64, 2), new Access(0x35, ValType.I64, 2),
  };

  private static final Access[] STORES = {
    new Access(0x36, ValType.I32, 2), new Access(0x37, ValType.I64, 3),
    new Access(0x38, ValType.F32, 2), new Access(0x39, ValType.F64, 3),
    new Access(0x3a, ValType.I32, 0), new Access(0x3b, ValType.I32, 1),
    new Access(0x3c, ValType.I64, 0), new Access(0x3d, ValType.I64, 1),
    new Access(0x3e, ValType.I64, 2),
  };

  private Access access(Access[] table, ValType t) {
    List<Access> candidates = new ArrayList<>();
    for (Access a : table) {
      if (a.type() == t) {
        candidates.add(a);
      }
    }
    return candidates.get(in.below(candidates.size()));
  }

  private int memoryBytes() {
    return m.memoryPages * ModuleGenerator.PAGE;
  }

  /** An address: usually in bounds, often fusable ({@code i32.add}), sometimes at the edge. */
  private long address(int width, int depth) {
    int bytes = memoryBytes();
    int kind = in.below(40) / 4; // 9 (the edges) one time in 40
    if (kind < 4 || bytes == 0) {
      i32(bytes == 0 ? in.below(4) : in.below(bytes - width + 1));
      return in.below(4) == 0 ? in.below(17) : 0;
    }
    if (kind < 7) {
      // Address fusion: the sum of a masked value and a small constant or a second masked value.
      expr(ValType.I32, depth + 1);
      i32(bytes / 2 - 1 & ~7);
      op(0x71);
      if (in.chance(50)) {
        i32(in.below(64));
      } else {
        expr(ValType.I32, depth + 1);
        i32(bytes / 4 - 1);
        op(0x71);
      }
      op(0x6a);
      return in.below(3) == 0 ? in.below(64) : 0;
    }
    if (kind < 9 || in.chance(50)) {
      expr(ValType.I32, depth + 1);
      i32(bytes - 16);
      op(0x71);
      return in.below(9);
    }
    // Edges: the last bytes, one past, far past, negative; offsets up to 2^32 - 1.
    int[] edges = {bytes - width, bytes - width + 1, bytes, bytes - 1, -1, Integer.MAX_VALUE, 0};
    i32(in.pick(edges));
    long[] offsets = {0, 1, width, 65_535, 65_536, 0x7fff_ffffL, 0xffff_ffffL};
    return in.pick(offsets);
  }

  private void memarg(Access a, long offset) {
    code.u32(in.below(a.alignLog2() + 1)).u32(offset);
  }

  private void load(ValType t, int depth) {
    Access a = access(LOADS, t);
    long offset = address(1 << a.alignLog2(), depth); // natural alignment = width
    op(a.opcode());
    memarg(a, offset);
  }

  private void store(int depth) {
    ValType t = in.pick(ModuleGenerator.NUMERIC);
    Access a = access(STORES, t);
    long offset = address(1 << a.alignLog2(), depth);
    expr(t, depth + 1);
    op(a.opcode());
    memarg(a, offset);
  }

  // ---- calls ----

  private void arguments(Sig callee, int depth) {
    values(callee.params(), depth + 1);
  }

  /** A call whose first result is {@code t}; the other results are dropped. */
  private void call(ValType t, int depth) {
    List<Integer> candidates = new ArrayList<>();
    for (int f = 0; f < m.functionCount(); f++) {
      List<ValType> results = m.funcSig(f).results();
      if (!results.isEmpty() && results.getFirst() == t) {
        candidates.add(f);
      }
    }
    if (candidates.isEmpty() || depth > 3) {
      leaf(t);
      return;
    }
    int f = candidates.get(in.below(candidates.size()));
    Sig callee = m.funcSig(f);
    if (in.chance(30) && callIndirect(f, depth)) {
      drops(callee.results().size() - 1);
      return;
    }
    arguments(callee, depth);
    op(0x10);
    code.u32(f);
    drops(callee.results().size() - 1);
  }

  /** call_indirect of the slot initially holding {@code f}, or an edge index; false if none. */
  private boolean callIndirect(int f, int depth) {
    int slot = -1;
    for (int s = 0; s < m.activeElems; s++) {
      if (m.elemFunction(s) == f) {
        slot = s;
      }
    }
    if (slot < 0) {
      return false;
    }
    arguments(m.funcSig(f), depth);
    if (in.chance(95)) {
      i32(slot);
    } else {
      i32(in.pick(new int[] {m.tableSize, m.tableSize - 1, -1, m.activeElems, in.nextInt()}));
    }
    op(0x11);
    code.u32(m.funcTypes.get(f)).u32(0);
    return true;
  }

  private void callStatement(int depth) {
    int f = in.below(m.functionCount());
    Sig callee = m.funcSig(f);
    if (!(in.chance(30) && callIndirect(f, depth))) {
      arguments(callee, depth);
      op(0x10);
      code.u32(f);
    }
    drops(callee.results().size());
  }

  // ---- control ----

  private void select(ValType t, int depth) {
    expr(t, depth + 1);
    expr(t, depth + 1);
    if (in.chance(60)) {
      // select_i32_<cmp>: an i32 comparison of two slots (a constant operand would take the
      // comparison's immediate form, which does not fuse), right before the select.
      code.u8(0x20).u32(localOf(ValType.I32)).u8(0x20).u32(localOf(ValType.I32));
      op(0x46 + in.below(10));
    } else {
      compare(ValType.I32, depth + 1);
    }
    if (in.chance(50)) {
      op(0x1b);
    } else {
      op(0x1c);
      code.u32(1).u8(t.code());
    }
  }

  /** A block, if or loop with result {@code t}. */
  private void structured(ValType t, int depth) {
    int kind = in.below(3);
    List<ValType> result = List.of(t);
    if (kind == 0) {
      op(0x02);
      blockType(List.of(), result);
      labels.add(result);
      statements(depth + 1, in.below(4));
      expr(t, depth + 1);
    } else if (kind == 1) {
      compare(ValType.I32, depth + 1);
      op(0x04);
      blockType(List.of(), result);
      labels.add(result);
      statements(depth + 1, in.below(3));
      expr(t, depth + 1);
      op(0x05);
      statements(depth + 1, in.below(3));
      expr(t, depth + 1);
    } else {
      op(0x03);
      blockType(List.of(), result);
      labels.add(List.of());
      guard();
      statements(depth + 1, in.below(3));
      if (in.chance(40)) {
        compare(ValType.I32, depth + 1);
        op(0x0d);
        code.u32(0); // br_if to the loop's own header: bounded by the guard
      }
      expr(t, depth + 1);
    }
    labels.removeLast();
    op(0x0b);
  }

  /** A block with parameters and several results, of which the first ({@code t}) is kept. */
  private void multiValue(ValType t, int depth) {
    List<ValType> params = new ArrayList<>();
    int np = in.below(4);
    for (int i = 0; i < np; i++) {
      params.add(in.pick(ModuleGenerator.NUMERIC));
    }
    List<ValType> results = new ArrayList<>();
    results.add(t);
    int nr = in.below(in.chance(10) ? 20 : 4);
    for (int i = 0; i < nr; i++) {
      results.add(in.pick(ModuleGenerator.NUMERIC));
    }
    values(params, depth + 1);
    boolean loop = in.chance(25);
    op(loop ? 0x03 : 0x02);
    blockType(params, results);
    labels.add(loop ? params : results);
    if (loop) {
      guard();
    }
    // The parameters are on the stack: keep some in locals, drop the rest.
    for (int i = params.size() - 1; i >= 0; i--) {
      if (in.chance(50)) {
        code.u8(0x21).u32(localOf(params.get(i)));
        budget--;
      } else {
        op(0x1a);
      }
    }
    statements(depth + 1, in.below(3));
    if (loop && in.chance(30)) {
      values(params, depth + 1);
      compare(ValType.I32, depth + 1);
      op(0x0d);
      code.u32(0);
      drops(params.size());
    }
    values(results, depth + 1);
    labels.removeLast();
    op(0x0b);
    drops(results.size() - 1);
  }

  /** {@code br_if} to an enclosing label that carries exactly a {@code t}: its value stays. */
  private void branchWithValue(ValType t, int depth) {
    for (int d = 0; d < labels.size(); d++) {
      if (labelTypes(d).equals(List.of(t)) && in.chance(50)) {
        expr(t, depth + 1);
        compare(ValType.I32, depth + 1);
        op(0x0d);
        code.u32(d);
        return;
      }
    }
    leaf(t);
  }

  /** Instruction pairs the translator fuses into superinstructions (docs/ir.md). */
  private void pattern(ValType t, int depth) {
    int kind = in.below(6);
    switch (t) {
      case I32 -> {
        switch (kind) {
          case 0 -> { // i32_xor_rotl, i32_xor_shl, i32_xor_shr_u, i32_or_shl, i32_or_shr_u
            boolean shiftedFirst = in.chance(30);
            if (!shiftedFirst) {
              expr(t, depth + 1);
            }
            expr(t, depth + 1);
            i32(in.chance(70) ? in.between(0, 33) : in.pick(EdgeValues.I32));
            op(in.pick(new int[] {0x77, 0x78, 0x74, 0x76, 0x75}));
            if (shiftedFirst) {
              expr(t, depth + 1);
            }
            op(in.chance(50) ? 0x73 : 0x72);
          }
          case 1 -> { // i32_and_not
            expr(t, depth + 1);
            if (in.chance(80)) {
              expr(t, depth + 1);
              i32(-1);
            } else {
              i32(-1);
              expr(t, depth + 1);
            }
            op(0x73);
            op(0x71);
          }
          case 2 -> addPair(t, depth);
          case 3 -> loadPair(t, depth);
          default -> {
            // A comparison and select: select_i32_<cmp>
            select(t, depth);
          }
        }
      }
      case I64 -> {
        if (kind < 3) {
          addPair(t, depth);
        } else {
          loadPair(t, depth);
        }
      }
      default -> {
        if (kind < 4) { // f32/f64 multiply-add, product on either side
          boolean productFirst = in.chance(60);
          if (!productFirst) {
            expr(t, depth + 1);
          }
          expr(t, depth + 1);
          expr(t, depth + 1);
          op(binaryBase(t) + 2);
          if (productFirst) {
            expr(t, depth + 1);
          }
          op(binaryBase(t));
          canonicalizeNan(t); // after the add only: the product goes straight into it (fusion)
        } else {
          loadPair(t, depth);
        }
      }
    }
  }

  private void addPair(ValType t, int depth) {
    int add = binaryBase(t);
    leaf(t);
    leaf(t);
    op(add);
    leaf(t);
    op(add);
    if (in.chance(50)) {
      leaf(t);
      op(add);
    }
  }

  /** Two loads of one width in a row; sometimes the second loads through the first. */
  private void loadPair(ValType t, int depth) {
    if (t == ValType.I32 && in.chance(25)) {
      load(ValType.I32, depth);
      op(0x28);
      code.u32(2).u32(in.below(8));
      return;
    }
    load(t, depth);
    load(t, depth);
    boolean integer = t == ValType.I32 || t == ValType.I64;
    int index = integer ? in.below(3) : in.below(7);
    op(binaryBase(t) + index);
    if (!integer && index != 6) {
      canonicalizeNan(t);
    }
  }

  /** memory.size/grow, table.size/grow, ref.is_null: i32 results with side effects. */
  private void special(ValType t, int depth) {
    if (t != ValType.I32) {
      leaf(t);
      return;
    }
    switch (in.below(5)) {
      case 0 -> {
        op(0x3f);
        code.u8(0);
      }
      case 1 -> {
        i32(in.pick(new int[] {0, 1, 2, -1, 0x10000, 3}));
        op(0x40);
        code.u8(0);
      }
      case 2 -> {
        prefixed(16);
        code.u32(0);
      }
      case 3 -> {
        funcref(depth);
        i32(in.pick(new int[] {0, 1, 3, -1, 100}));
        prefixed(15);
        code.u32(0);
      }
      default -> {
        funcref(depth);
        op(0xd1);
      }
    }
  }

  private void funcref(int depth) {
    switch (in.below(3)) {
      case 0 -> {
        op(0xd0);
        code.u8(0x70);
      }
      case 1 -> {
        op(0xd2);
        code.u32(in.below(m.functionCount()));
      }
      default -> {
        tableIndex(depth);
        op(0x25);
        code.u32(0);
      }
    }
  }

  private void tableIndex(int depth) {
    if (in.chance(95)) {
      i32(in.below(m.tableSize));
    } else {
      i32(in.pick(new int[] {m.tableSize, m.tableMax, -1, in.nextInt()}));
    }
  }

  // ---- statements ----

  private void statements(int depth, int count) {
    for (int i = 0; i < count && budget > 0; i++) {
      if (statement(depth)) {
        return; // an unconditional branch: the rest of the list would be dead
      }
    }
  }

  /** One statement; true when it ended in an unconditional branch. */
  private boolean statement(int depth) {
    if (depth >= MAX_STMT_DEPTH || in.exhausted()) {
      ValType t = in.pick(ModuleGenerator.NUMERIC);
      leaf(t);
      code.u8(0x21).u32(localOf(t));
      return false;
    }
    int choice = in.below(30);
    switch (choice) {
      case 0, 1, 2, 3 -> {
        ValType t = in.pick(ModuleGenerator.NUMERIC);
        expr(t, 0);
        code.u8(0x21).u32(localOf(t));
        budget--;
      }
      case 4 -> {
        ValType t = in.pick(ModuleGenerator.NUMERIC);
        expr(t, 0);
        code.u8(0x24).u32(1 + List.of(ModuleGenerator.NUMERIC).indexOf(t));
        budget--;
      }
      case 5, 6, 7 -> store(0);
      case 8, 9, 10 -> {
        int log = in.below(4);
        expr(ModuleGenerator.NUMERIC[log], 0);
        op(0x10);
        code.u32(log);
      }
      case 11 -> {
        ValType t = in.pick(ModuleGenerator.NUMERIC);
        expr(t, 0);
        op(0x1a);
      }
      case 12, 13 -> ifElse(depth);
      case 14, 15 -> {
        return block(depth);
      }
      case 16, 17 -> countedLoop(depth);
      case 18 -> bulkMemory();
      case 19 -> tableOp();
      case 20 -> deepNest(depth);
      case 21 -> bigBrTable(depth);
      case 22, 23 -> copies();
      case 24 -> callStatement(0);
      case 25 -> {
        ValType t = in.pick(ModuleGenerator.NUMERIC);
        multiValue(t, 0);
        op(0x1a);
      }
      case 26 -> {
        if (in.chance(30)) {
          values(sig.results(), 0);
          op(0x0f);
          return true;
        }
      }
      case 27 -> {
        return branch(depth);
      }
      default -> {
        int d = anyLabel();
        List<ValType> types = labelTypes(d);
        values(types, 0);
        compare(ValType.I32, 0);
        op(0x0d);
        code.u32(d);
        drops(types.size());
      }
    }
    return false;
  }

  /** br or br_table to enclosing labels of one type: ends the statement list. */
  private boolean branch(int depth) {
    int d = anyLabel();
    List<ValType> types = labelTypes(d);
    values(types, 0);
    if (in.chance(50)) {
      op(0x0c);
      code.u32(d);
      return true;
    }
    List<Integer> same = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (labelTypes(i).equals(types)) {
        same.add(i);
      }
    }
    expr(ValType.I32, 1);
    int n = in.below(in.chance(10) ? 2_000 : 10);
    op(0x0e);
    code.u32(n);
    for (int i = 0; i < n; i++) {
      code.u32(same.get(in.below(same.size())));
    }
    code.u32(d);
    return true;
  }

  private void ifElse(int depth) {
    compare(ValType.I32, 0);
    op(0x04);
    code.u8(0x40);
    labels.add(List.of());
    statements(depth + 1, in.below(4));
    if (in.chance(60)) {
      op(0x05);
      statements(depth + 1, in.below(4));
    }
    labels.removeLast();
    op(0x0b);
  }

  private boolean block(int depth) {
    List<ValType> results = in.chance(60) ? List.of() : List.of(in.pick(ModuleGenerator.NUMERIC));
    op(0x02);
    blockType(List.of(), results);
    labels.add(results);
    statements(depth + 1, in.between(1, 5));
    values(results, 1);
    labels.removeLast();
    op(0x0b);
    drops(results.size());
    return false;
  }

  /**
   * A counted loop ending in add-and-branch shapes: {@code i += k; br_if (i < n)}, {@code br_if (i
   * != n)} on a tee, a countdown on {@code br_if i}. The hang guard bounds it whatever happens to
   * the counter in the body.
   */
  private void countedLoop(int depth) {
    int counter = localOf(ValType.I32);
    i32(in.between(-3, 3));
    code.u8(0x21).u32(counter);
    op(0x03);
    code.u8(0x40);
    labels.add(List.of());
    guard();
    statements(depth + 1, in.between(0, 4));
    int step = in.pick(new int[] {1, 1, 2, 3, -1, 4, 8});
    switch (in.below(3)) {
      case 0 -> {
        code.u8(0x20).u32(counter);
        i32(step);
        op(0x6a);
        code.u8(0x21).u32(counter);
        code.u8(0x20).u32(counter);
        if (in.chance(50)) {
          i32(in.between(1, 40));
        } else {
          code.u8(0x20).u32(localOf(ValType.I32));
        }
        op(in.pick(new int[] {0x48, 0x49, 0x47, 0x4c, 0x4d}));
      }
      case 1 -> {
        code.u8(0x20).u32(counter);
        i32(step);
        op(0x6a);
        code.u8(0x22).u32(counter);
        i32(in.between(1, 40));
        op(0x47);
      }
      default -> {
        code.u8(0x20).u32(counter);
        i32(1);
        op(0x6b);
        code.u8(0x22).u32(counter);
      }
    }
    op(0x0d);
    code.u32(0);
    labels.removeLast();
    op(0x0b);
  }

  /** Runs of copies (clang's phi moves): copy2 and copy4. */
  private void copies() {
    int n = in.between(2, 6);
    for (int i = 0; i < n; i++) {
      ValType t = in.pick(ModuleGenerator.NUMERIC);
      code.u8(0x20).u32(localOf(t)).u8(0x21).u32(localOf(t));
      budget -= 2;
    }
  }

  /** {@code depth} nested blocks left by a br_table with many targets. */
  private void deepNest(int depth) {
    int d = in.chance(20) ? in.between(100, 400) : in.between(5, 40);
    if (budget < d * 3) {
      return;
    }
    for (int i = 0; i < d; i++) {
      op(0x02);
      code.u8(0x40);
      labels.add(List.of());
    }
    expr(ValType.I32, 2);
    int n = in.between(1, d * 2);
    op(0x0e);
    code.u32(n);
    for (int i = 0; i < n; i++) {
      code.u32(in.below(d));
    }
    code.u32(in.below(d));
    for (int i = 0; i < d; i++) {
      labels.removeLast();
      op(0x0b);
      if (in.chance(15)) {
        i32(i);
        op(0x10);
        code.u32(0); // log which block the branch left
      }
    }
  }

  /** A br_table with up to thousands of targets over a few blocks, its index from the edges. */
  private void bigBrTable(int depth) {
    int blocks = in.between(2, 12);
    for (int i = 0; i < blocks; i++) {
      op(0x02);
      code.u8(0x40);
      labels.add(List.of());
    }
    if (in.chance(50)) {
      expr(ValType.I32, 2);
    } else {
      constant(ValType.I32);
    }
    int n = in.chance(30) ? in.between(500, 5_000) : in.between(0, 64);
    op(0x0e);
    code.u32(n);
    for (int i = 0; i < n; i++) {
      code.u32(in.below(blocks));
    }
    code.u32(in.below(blocks));
    for (int i = 0; i < blocks; i++) {
      labels.removeLast();
      op(0x0b);
      i32(i * 1000 + n);
      op(0x10);
      code.u32(0);
    }
  }

  private int count() {
    int bytes = memoryBytes();
    return switch (in.below(6)) {
      case 0 -> 0;
      case 1 -> bytes;
      case 2 -> in.pick(new int[] {1, bytes + 1, -1, ModuleGenerator.PAGE});
      default -> in.below(300);
    };
  }

  private void bulkMemory() {
    int bytes = Math.max(1, memoryBytes());
    int kind = in.below(8);
    if (kind == 7) {
      prefixed(9); // data.drop
      code.u32(1);
      return;
    }
    i32(in.chance(80) ? in.below(bytes) : in.pick(new int[] {bytes, -1, bytes - 1}));
    switch (kind) {
      case 0, 1, 2 -> {
        i32(in.nextByte());
        i32(count());
        prefixed(11);
        code.u8(0);
      }
      case 3, 4 -> {
        i32(in.below(bytes));
        i32(count());
        prefixed(10);
        code.u8(0).u8(0);
      }
      default -> {
        i32(in.below(m.passiveData.length + 2));
        i32(in.chance(70) ? in.below(m.passiveData.length + 1) : count());
        prefixed(8);
        code.u32(1).u8(0);
      }
    }
  }

  private void tableOp() {
    switch (in.below(6)) {
      case 0 -> {
        tableIndex(0);
        funcref(0);
        op(0x26);
        code.u32(0);
      }
      case 1 -> {
        tableIndex(0);
        funcref(0);
        i32(in.below(m.tableSize + 2));
        prefixed(17);
        code.u32(0);
      }
      case 2 -> {
        tableIndex(0);
        tableIndex(0);
        i32(in.below(m.tableSize + 2));
        prefixed(14);
        code.u32(0).u32(0);
      }
      case 3 -> {
        tableIndex(0);
        i32(in.below(m.functionCount() + 2));
        i32(in.below(m.tableSize + 1));
        prefixed(12);
        code.u32(1).u32(0);
      }
      case 4 -> {
        prefixed(13); // elem.drop
        code.u32(in.below(3));
      }
      default -> {
        funcref(0);
        i32(in.below(4));
        prefixed(15);
        code.u32(0);
        op(0x1a);
      }
    }
  }
}
