import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * Generates the register IR's Java sources from {@code src/main/isa/ops.isa}: the opcode constants
 * with their names and formats ({@code Op}), the numeric and memory handlers ({@code Handlers}),
 * and the interpreter's dispatch loop ({@code Dispatch}). Run by the build (exec-maven-plugin, in
 * the generate-sources phase) as a source program: {@code java IsaGenerator.java OPS_TABLE
 * SIMD_TABLE OUTPUT_DIR}. The SIMD ops ({@code simd.isa}) are numbered after all others and get
 * their own handlers and dispatch ({@link SimdGenerator}).
 */
public final class IsaGenerator {
  private static final String IR_PACKAGE = "io.timeslice.wasm.internal.ir";
  private static final String EXEC_PACKAGE = "io.timeslice.wasm.internal.exec";
  private static final String JIT_PACKAGE = "io.timeslice.wasm.internal.jit";

  /**
   * One row of the table, after expansion (a {@code cmp} row yields several ops); {@code base}
   * names the row it came from (a comparison for its branch forms, a plain access for its address
   * forms).
   */
  record OpDef(
      String kind,
      String name,
      String format,
      String in,
      String out,
      String flags,
      String expr,
      String base) {
    OpDef(
        String kind, String name, String format, String in, String out, String flags, String expr) {
      this(kind, name, format, in, out, flags, expr, name);
    }

    OpDef derived(String kind, String name, String format, String flags, String expr) {
      return new OpDef(kind, name, format, in, out, flags, expr, this.name);
    }

    boolean traps() {
      return flags.contains("trap");
    }

    /** A rare op, dispatched by {@code Dispatch.cold} rather than the main loop's switch. */
    boolean cold() {
      return List.of(flags.split(",")).contains("cold");
    }

    /** Whether a NaN result is written as the canonical NaN. */
    boolean nan() {
      return List.of(flags.split(",")).contains("nan");
    }

    /** An atomic memory op (threads), a handler generated over {@code Atomics}. */
    boolean atomic() {
      return ATOMIC_KINDS.contains(kind);
    }

    /** A SIMD op, dispatched by {@code SimdDispatch}. */
    boolean simd() {
      return SimdGenerator.isSimd(kind);
    }

    /** A memory access's size in bytes, the first of its flags. */
    String size() {
      return flags.split(",")[0];
    }
  }

  /** The kinds of the atomic ops: each has its generated handler ({@link #atomic}). */
  static final List<String> ATOMIC_KINDS =
      List.of("aload", "astore", "armw", "acmpxchg", "await", "anotify");

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: IsaGenerator OPS_TABLE SIMD_TABLE OUTPUT_DIR");
    }
    List<OpDef> ops = expand(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
    List<OpDef> simd = expand(Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8));
    if (ops.stream().anyMatch(OpDef::simd) || !simd.stream().allMatch(OpDef::simd)) {
      throw new IllegalArgumentException("SIMD ops belong in the SIMD table, and only they");
    }
    List<OpDef> all = new ArrayList<>(ops);
    all.addAll(simd);
    if (all.size() > 0xffff) {
      throw new IllegalArgumentException("too many ops for a 16-bit opcode");
    }
    Path ir = Files.createDirectories(Path.of(args[2], IR_PACKAGE.replace('.', '/')));
    Path exec = Files.createDirectories(Path.of(args[2], EXEC_PACKAGE.replace('.', '/')));
    write(ir.resolve("Op.java"), opClass(numbered(all)));
    write(exec.resolve("Handlers.java"), handlersClass(ops));
    write(exec.resolve("Dispatch.java"), dispatchClass(ops));
    write(exec.resolve("SimdHandlers.java"), SimdGenerator.handlersClass(simd));
    write(exec.resolve("SimdDispatch.java"), SimdGenerator.dispatchClass(simd));
    write(exec.resolve("OpSemantics.java"), semanticsClass(ops));
    Path jit = Files.createDirectories(Path.of(args[2], JIT_PACKAGE.replace('.', '/')));
    write(jit.resolve("OpTable.java"), opTableClass(numbered(all)));
  }

  private static void write(Path file, String text) throws IOException {
    // Leave an unchanged file alone so that incremental compilation stays incremental.
    if (Files.exists(file) && Files.readString(file).equals(text)) {
      return;
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static List<OpDef> expand(List<String> lines) {
    List<OpDef> ops = new ArrayList<>();
    int lineNo = 0;
    for (String raw : lines) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+", 7);
      if (f.length != 7) {
        throw new IllegalArgumentException("ops.isa:" + lineNo + ": expected 7 columns: " + line);
      }
      String kind = f[0],
          name = f[1],
          format = f[2],
          in = f[3],
          out = f[4],
          flags = f[5],
          expr = f[6];
      switch (kind) {
        case "cmp" -> {
          OpDef cmp = new OpDef("binop", name, "RAB", in, out, "-", expr + " ? 1 : 0");
          ops.add(cmp);
          ops.add(cmp.derived("binimm", name + "_IMM", "RAI", "-", expr + " ? 1 : 0"));
          ops.add(cmp.derived("brcmp", "BR_" + name, "ABJ", "-", expr));
          ops.add(cmp.derived("brcmpimm", "BR_" + name + "_IMM", "AIJ", "-", expr));
          if (in.equals("i32")) {
            // A loop counter's add fused with the branch that tests it: r = a + b (or imm), then
            // jump if r compares true with c.
            ops.add(cmp.derived("addbr", "ADD_BR_" + name, "RABCJ", "-", expr));
            ops.add(cmp.derived("addbr", "ADDI_BR_" + name, "RAICJ", "-", expr));
            ops.add(cmp.derived("addbr", "ADDI_BR_" + name + "_IMM", "RAIIJ", "-", expr));
          }
        }
        case "binop" -> {
          OpDef op = new OpDef(kind, name, format, in, out, flags, expr);
          ops.add(op);
          if (flags.contains("imm")) {
            ops.add(op.derived("binimm", name + "_IMM", "RAI", flags, expr));
          }
        }
        case "load", "store" -> {
          // Each access also gets forms whose address is an i32.add (_ADD) or i32.add with an
          // immediate (_ADDI) fused into it: the sum wraps at 32 bits, then the offset is added.
          boolean load = kind.equals("load");
          OpDef op = new OpDef(kind, name, format, in, out, flags, expr);
          ops.add(op);
          ops.add(op.derived(kind + "add", name + "_ADD", load ? "RABO" : "VABO", flags, expr));
          ops.add(op.derived(kind + "addi", name + "_ADDI", load ? "RAIO" : "VAIO", flags, expr));
        }
        case "aload", "astore", "armw", "acmpxchg", "await", "anotify" -> {
          OpDef op = new OpDef(kind, name, format, in, out, flags, expr);
          if (!op.cold()) {
            throw new IllegalArgumentException("ops.isa:" + lineNo + ": an atomic op is cold");
          }
          ops.add(op);
        }
        case "unop",
            "ternop",
            "shiftop",
            "addbr",
            "pc",
            "pair",
            "loadpair",
            "bulk",
            "frame",
            "vunop",
            "vbinop",
            "vshift",
            "vternop",
            "vfn",
            "vop" ->
            ops.add(new OpDef(kind, name, format, in, out, flags, expr));
        default ->
            throw new IllegalArgumentException("ops.isa:" + lineNo + ": unknown kind " + kind);
      }
    }
    return ops;
  }

  /**
   * The ops in opcode order: the main loop's ops first, the cold ones after them, then the SIMD
   * ones, so that the main switch's jump table ends at the last hot op instead of spanning every
   * opcode, and the cold one at the last cold op.
   */
  static List<OpDef> numbered(List<OpDef> ops) {
    List<OpDef> numbered =
        new ArrayList<>(ops.stream().filter(op -> !op.cold() && !op.simd()).toList());
    numbered.addAll(ops.stream().filter(OpDef::cold).toList());
    numbered.addAll(ops.stream().filter(OpDef::simd).toList());
    return numbered;
  }

  static String camel(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.toLowerCase(Locale.ROOT).split("_")) {
      b.append(b.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    // RETURN's handler cannot be called `return`.
    return SourceVersion.isKeyword(b) ? b + "Op" : b.toString();
  }

  static String header(String pkg, String... imports) {
    StringBuilder s = new StringBuilder();
    s.append(
        "// GENERATED by IsaGenerator from src/main/isa/ops.isa and simd.isa. Do not edit: edit the"
            + " tables.\n");
    s.append("package ").append(pkg).append(";\n\n");
    for (String i : imports) {
      s.append("import ").append(i).append(";\n");
    }
    return s.append(imports.length > 0 ? "\n" : "").toString();
  }

  // ---- Op: constants, names, formats ----

  static String opClass(List<OpDef> ops) {
    StringBuilder s = new StringBuilder(header(IR_PACKAGE));
    s.append(
        "/** The register IR's opcodes: hot ops in table order, then the cold ones; see docs/ir.md. */\n");
    s.append("public final class Op {\n  private Op() {}\n\n");
    for (int i = 0; i < ops.size(); i++) {
      s.append("  public static final int ")
          .append(ops.get(i).name())
          .append(" = ")
          .append(i)
          .append(";\n");
    }
    s.append("\n  /** The number of opcodes. */\n  public static final int COUNT = ")
        .append(ops.size())
        .append(";\n\n");
    s.append("  private static final String[] NAMES = {\n");
    for (OpDef op : ops) {
      s.append("    \"").append(op.name().toLowerCase(Locale.ROOT)).append("\",\n");
    }
    s.append("  };\n\n  private static final OpFormat[] FORMATS = {\n");
    for (OpDef op : ops) {
      s.append("    OpFormat.").append(op.format()).append(",\n");
    }
    s.append("  };\n\n");
    s.append("  /** The op's name as the disassembler prints it, e.g. {@code i32_add}. */\n");
    s.append("  public static String name(int op) {\n    return NAMES[op];\n  }\n\n");
    s.append("  /** The op's word layout. */\n");
    s.append("  public static OpFormat format(int op) {\n    return FORMATS[op];\n  }\n}\n");
    return s.toString();
  }

  // ---- Handlers: generated static methods for the numeric and memory ops ----

  private static String javaType(String t) {
    return switch (t) {
      case "i32", "raw32" -> "int";
      case "i64", "raw64" -> "long";
      case "f32" -> "float";
      case "f64" -> "double";
      default -> throw new IllegalArgumentException("type " + t);
    };
  }

  private static String read(String t, String slot) {
    String cell = "st[fp + " + slot + "]";
    return switch (t) {
      case "i32", "raw32" -> "(int) " + cell;
      case "i64", "raw64" -> cell;
      case "f32" -> "Float.intBitsToFloat((int) " + cell + ")";
      case "f64" -> "Double.longBitsToDouble(" + cell + ")";
      default -> throw new IllegalArgumentException("type " + t);
    };
  }

  /**
   * The bits of {@code value} of type {@code t}; with {@code canonical}, a NaN as the canonical NaN
   * (floatToIntBits and doubleToLongBits canonicalise NaNs by definition).
   */
  private static String bits(String t, String value, boolean canonical) {
    return switch (t) {
      case "i32", "raw32", "i64", "raw64" -> value;
      case "f32" ->
          (canonical ? "Float.floatToIntBits(" : "Float.floatToRawIntBits(") + value + ")";
      case "f64" ->
          (canonical ? "Double.doubleToLongBits(" : "Double.doubleToRawLongBits(") + value + ")";
      default -> throw new IllegalArgumentException("type " + t);
    };
  }

  /**
   * The expression's trap check: {@code WasmMath.i32DivS(a, b)} is checked by {@code i32DivSTrap}.
   */
  private static String trapCheck(String expr) {
    int paren = expr.indexOf('(');
    return expr.substring(0, paren) + "Trap" + expr.substring(paren);
  }

  static String handlersClass(List<OpDef> ops) {
    StringBuilder s = new StringBuilder(header(EXEC_PACKAGE, "io.timeslice.wasm.TrapCode"));
    s.append(
        "/**\n * The numeric and memory ops' handlers. Each takes the code, the pc of its first word (and\n");
    s.append(
        " * reads that word again: inlined, the read is the loop's own), the value stack and the frame\n");
    s.append(
        " * pointer, and returns the next pc, or a negative {@link TrapCode} number when the op traps.\n");
    s.append(" */\n");
    s.append("@SuppressWarnings(\"cast\")\nfinal class Handlers {\n  private Handlers() {}\n");
    for (OpDef op : ops) {
      switch (op.kind()) {
        case "unop" -> unop(s, op);
        case "binop", "binimm" -> binop(s, op);
        case "brcmp", "brcmpimm" -> brcmp(s, op);
        case "addbr" -> addbr(s, op);
        case "ternop", "shiftop" -> threeOperands(s, op);
        case "load", "loadadd", "loadaddi" -> load(s, op);
        case "store", "storeadd", "storeaddi" -> store(s, op);
        case "aload", "astore", "armw", "acmpxchg", "await", "anotify" -> atomic(s, op);
        default -> {}
      }
    }
    s.append("}\n");
    return s.toString();
  }

  private static void signature(StringBuilder s, OpDef op, boolean memory) {
    s.append("\n  static int ")
        .append(camel(op.name()))
        .append("(int[] c, int pc, long[] st, int fp")
        .append(memory ? ", byte[] mem" : "")
        .append(") {\n");
  }

  private static void result(StringBuilder s, OpDef op, String names) {
    if (op.traps()) {
      s.append("    int trap = ").append(trapCheck(op.expr())).append(";\n");
      s.append("    if (trap != 0) {\n      return -trap;\n    }\n");
    }
    s.append("    st[fp + (c[pc] >>> 16)] = ")
        .append(bits(op.out(), op.expr(), op.nan()))
        .append(";\n");
    s.append("    return pc + ").append(OpWords.of(op.format())).append(";\n  }\n");
  }

  private static void unop(StringBuilder s, OpDef op) {
    signature(s, op, false);
    s.append("    ")
        .append(javaType(op.in()))
        .append(" a = ")
        .append(read(op.in(), "c[pc + 1]"))
        .append(";\n");
    result(s, op, "a");
  }

  private static void binop(StringBuilder s, OpDef op) {
    signature(s, op, false);
    String t = javaType(op.in());
    s.append("    int ab = c[pc + 1];\n");
    s.append("    ").append(t).append(" a = ").append(read(op.in(), "(ab & 0xffff)")).append(";\n");
    if (op.kind().equals("binimm")) {
      s.append("    ").append(t).append(" b = ab >> 16;\n");
    } else {
      s.append("    ").append(t).append(" b = ").append(read(op.in(), "(ab >>> 16)")).append(";\n");
    }
    result(s, op, "a, b");
  }

  private static void brcmp(StringBuilder s, OpDef op) {
    s.append("\n  static int ")
        .append(camel(op.name()))
        .append("(int[] c, int pc, long[] st, int fp, Executor x) {\n");
    String t = javaType(op.in());
    s.append("    ")
        .append(t)
        .append(" a = ")
        .append(read(op.in(), "(c[pc] >>> 16)"))
        .append(";\n");
    if (op.kind().equals("brcmpimm")) {
      s.append("    ").append(t).append(" b = c[pc + 1];\n");
    } else {
      s.append("    ").append(t).append(" b = ").append(read(op.in(), "c[pc + 1]")).append(";\n");
    }
    s.append("    return ")
        .append(op.expr())
        .append(" ? Control.jump(c, pc, c[pc + 2], fp, x) : pc + 3;\n  }\n");
  }

  /**
   * A three-word op over two slots a and b and a third operand: slot d (a multiply-add) or the
   * constant distance k (a shift fusion).
   */
  private static void threeOperands(StringBuilder s, OpDef op) {
    signature(s, op, false);
    String t = javaType(op.in());
    s.append("    int ab = c[pc + 1];\n");
    s.append("    ").append(t).append(" a = ").append(read(op.in(), "(ab & 0xffff)")).append(";\n");
    s.append("    ").append(t).append(" b = ").append(read(op.in(), "(ab >>> 16)")).append(";\n");
    if (op.kind().equals("shiftop")) {
      s.append("    int k = c[pc + 2];\n");
    } else {
      s.append("    ").append(t).append(" d = ").append(read(op.in(), "c[pc + 2]")).append(";\n");
    }
    s.append("    st[fp + (c[pc] >>> 16)] = ")
        .append(bits(op.out(), op.expr(), op.nan()))
        .append(";\n");
    s.append("    return pc + 3;\n  }\n");
  }

  /**
   * An add-and-branch: {@code a} is the sum of slot a and slot b ({@code RAB…}) or imm16, written
   * to r; the compare forms ({@code …CJ}, {@code RAIIJ}) also read {@code b}, a slot or an imm32.
   */
  private static void addbr(StringBuilder s, OpDef op) {
    s.append("\n  static int ")
        .append(camel(op.name()))
        .append("(int[] c, int pc, long[] st, int fp, Executor x) {\n");
    s.append("    int ab = c[pc + 1];\n");
    String addend = op.format().startsWith("RAB") ? "(int) st[fp + (ab >>> 16)]" : "(ab >> 16)";
    s.append("    int a = (int) st[fp + (ab & 0xffff)] + ").append(addend).append(";\n");
    s.append("    st[fp + (c[pc] >>> 16)] = a;\n");
    boolean compares = op.format().endsWith("CJ") || op.format().equals("RAIIJ");
    if (compares) {
      String compared = op.format().equals("RAIIJ") ? "c[pc + 2]" : "(int) st[fp + c[pc + 2]]";
      s.append("    int b = ").append(compared).append(";\n");
    }
    int jumpWord = compares ? 3 : 2;
    String jump = "Control.jump(c, pc, c[pc + " + jumpWord + "], fp, x)";
    if (op.expr().equals("true")) {
      s.append("    return ").append(jump).append(";\n  }\n");
    } else {
      s.append("    return ")
          .append(op.expr())
          .append(" ? ")
          .append(jump)
          .append(" : pc + ")
          .append(jumpWord + 1)
          .append(";\n  }\n");
    }
  }

  /** The effective address in 64 bits, so that adding the offset never wraps. */
  private static String effectiveAddress(OpDef op) {
    String base =
        switch (op.kind()) {
          case "load" -> "st[fp + c[pc + 1]]";
          case "store" -> "st[fp + (c[pc] >>> 16)]";
          case "loadadd", "storeadd" ->
              "((int) st[fp + (c[pc + 1] & 0xffff)] + (int) st[fp + (c[pc + 1] >>> 16)])";
          case "loadaddi", "storeaddi" ->
              "((int) st[fp + (c[pc + 1] & 0xffff)] + (c[pc + 1] >> 16))";
          default -> throw new IllegalArgumentException(op.kind());
        };
    return "    long ea = (" + base + " & 0xffff_ffffL) + (c[pc + 2] & 0xffff_ffffL);\n";
  }

  /** The slot of a store's value: the second word of a plain store, the first of a fused one. */
  private static String storedSlot(OpDef op) {
    return op.kind().equals("store") ? "c[pc + 1]" : "(c[pc] >>> 16)";
  }

  private static void boundsCheck(StringBuilder s, String size) {
    // mem.length - size may be negative for a memory smaller than the access: then ea > it traps.
    s.append("    if (ea > mem.length - ").append(size).append(") {\n");
    s.append("      return -TrapCode.MEMORY_OUT_OF_BOUNDS.number();\n    }\n");
  }

  private static void load(StringBuilder s, OpDef op) {
    signature(s, op, true);
    s.append(effectiveAddress(op));
    boundsCheck(s, op.size());
    s.append("    st[fp + (c[pc] >>> 16)] = ").append(op.expr()).append(";\n");
    s.append("    return pc + 3;\n  }\n");
  }

  private static void store(StringBuilder s, OpDef op) {
    signature(s, op, true);
    s.append(effectiveAddress(op));
    boundsCheck(s, op.size());
    s.append("    ")
        .append(javaType(op.in()))
        .append(" b = ")
        .append(read(op.in(), storedSlot(op)))
        .append(";\n");
    s.append("    ").append(op.expr()).append(";\n");
    s.append("    return pc + 3;\n  }\n");
  }

  /**
   * An atomic op's handler: the effective address (slot a of word 1, or word 0's high half for a
   * store, plus the offset, the format's last word), {@code Atomics.check} of its alignment and
   * bounds, then the op's effect on {@code old}, the value there, and its operands {@code b} and
   * {@code d} (slot c of RABCO), all read before the result is written.
   */
  private static void atomic(StringBuilder s, OpDef op) {
    signature(s, op, true);
    String address =
        switch (op.format()) {
          case "RAO" -> "st[fp + c[pc + 1]]";
          case "ABO" -> "st[fp + (c[pc] >>> 16)]";
          case "RABO", "RABCO" -> "st[fp + (c[pc + 1] & 0xffff)]";
          default -> throw new IllegalArgumentException(op.name() + ": format " + op.format());
        };
    int words = op.format().equals("RABCO") ? 4 : 3;
    String size = op.size();
    s.append("    long ea = (")
        .append(address)
        .append(" & 0xffff_ffffL) + (c[pc + ")
        .append(words - 1)
        .append("] & 0xffff_ffffL);\n");
    s.append("    int trap = Atomics.check(mem, ea, ").append(size).append(");\n");
    s.append("    if (trap != 0) {\n      return -trap;\n    }\n");
    switch (op.format()) {
      case "ABO" -> s.append("    long b = st[fp + c[pc + 1]];\n");
      case "RABO" -> s.append("    long b = st[fp + (c[pc + 1] >>> 16)];\n");
      case "RABCO" -> {
        s.append("    long b = st[fp + (c[pc + 1] >>> 16)];\n");
        s.append("    long d = st[fp + c[pc + 2]];\n");
      }
      default -> {}
    }
    if (!op.kind().equals("astore") && !op.kind().equals("anotify")) {
      s.append("    long old = Atomics.read(mem, ea, ").append(size).append(");\n");
    }
    String result =
        switch (op.kind()) {
          case "aload" -> op.out().equals("i32") ? "(int) (" + op.expr() + ")" : op.expr();
          case "armw", "acmpxchg" -> op.out().equals("i32") ? "(int) old" : "old";
          case "await", "anotify" -> op.expr();
          default -> null;
        };
    switch (op.kind()) {
      case "astore", "armw" ->
          s.append("    Atomics.write(mem, ea, ")
              .append(size)
              .append(", ")
              .append(op.expr())
              .append(");\n");
      case "acmpxchg" ->
          s.append("    if (")
              .append(op.expr())
              .append(") {\n      Atomics.write(mem, ea, ")
              .append(size)
              .append(", d);\n    }\n");
      default -> {}
    }
    if (result != null) {
      s.append("    st[fp + (c[pc] >>> 16)] = ").append(result).append(";\n");
    }
    s.append("    return pc + ").append(words).append(";\n  }\n");
  }

  // ---- Dispatch: the interpreter loop ----

  static String dispatchClass(List<OpDef> ops) {
    StringBuilder s =
        new StringBuilder(header(EXEC_PACKAGE, "io.timeslice.wasm.TrapCode", IR_PACKAGE + ".Op"));
    s.append(
        "/**\n * The interpreter loop: one {@code switch} on the opcode of the word at {@code pc}; every case is a\n");
    s.append(
        " * call to a small static handler, so that this method stays far below HotSpot's 8,000-byte\n");
    s.append(
        " * HugeMethodLimit (checked by a test). Ops that cannot trap continue the loop; the others share\n");
    s.append(
        " * one check of their result after the switch. Wasm calls never recurse: {@code frame} ops\n");
    s.append(
        " * switch the executor's current function and share one reload of the loop's locals.\n */\n");
    s.append("final class Dispatch {\n  private Dispatch() {}\n\n");
    s.append(
        "  /**\n   * Runs until the outermost frame returns or a trap; returns an {@link Executor} status.\n");
    s.append(
        "   * The four values every case passes sit in the first local slots, which the JVM loads with\n");
    s.append(
        "   * one-byte instructions: HotSpot counts this method's size against the budget for what it\n");
    s.append("   * inlines into it.\n   */\n");
    s.append("  static int run(int[] code, int pc, long[] st, int fp, Executor x) {\n");
    s.append("    byte[] mem = x.memory;\n");
    s.append("    while (true) {\n      int status;\n      frame:\n      {\n");
    s.append("        int w = code[pc];\n");
    // A static final flag: the JIT removes the count when it is off.
    s.append("        if (Executor.COUNT_IR) {\n          x.irExecuted++;\n        }\n");
    s.append("        int next;\n");
    s.append("        switch (w & 0xffff) {\n");
    StringBuilder cold = new StringBuilder();
    StringBuilder memory = new StringBuilder();
    for (OpDef op : ops) {
      String call;
      switch (op.kind()) {
        case "unop", "binop", "binimm", "ternop", "shiftop" ->
            call = "Handlers." + camel(op.name()) + "(code, pc, st, fp)";
        case "brcmp", "brcmpimm", "addbr" ->
            call = "Handlers." + camel(op.name()) + "(code, pc, st, fp, x)";
        case "load",
            "loadadd",
            "loadaddi",
            "store",
            "storeadd",
            "storeaddi",
            "aload",
            "astore",
            "armw",
            "acmpxchg",
            "await",
            "anotify" ->
            call = "Handlers." + camel(op.name()) + "(code, pc, st, fp, mem)";
        case "pc" -> call = "Control." + camel(op.name()) + "(code, pc, st, fp, x)";
        case "pair" -> call = "Pairs." + camel(op.name()) + "(code, pc, st, fp)";
        case "loadpair" -> call = "Pairs." + camel(op.name()) + "(code, pc, st, fp, mem)";
        case "bulk" -> call = "Bulk." + camel(op.name()) + "(code, pc, st, fp, x)";
        case "frame" -> {
          if (op.cold()) {
            throw new IllegalArgumentException(op.name() + ": a frame op cannot be cold");
          }
          s.append("          case Op.").append(op.name()).append(" -> {\n");
          s.append("            status = Control.")
              .append(camel(op.name()))
              .append("(x, pc, fp);\n");
          s.append("            break frame;\n          }\n");
          continue;
        }
        default -> throw new IllegalStateException(op.kind());
      }
      if (call.endsWith(", mem)")) {
        memory.append("      case Op.").append(op.name()).append(" -> ").append(call).append(";\n");
      }
      if (op.cold()) {
        cold.append("      case Op.").append(op.name()).append(" -> ").append(call).append(";\n");
        continue;
      }
      // A taken backward branch may suspend on an interrupt, so branches go the trap path too.
      boolean mayTrap =
          op.traps()
              || op.kind().startsWith("load")
              || op.kind().startsWith("store")
              || op.kind().startsWith("brcmp")
              || op.kind().equals("addbr");
      s.append("          case Op.").append(op.name());
      if (mayTrap) {
        s.append(" -> next = ").append(call).append(";\n");
      } else {
        s.append(" -> {\n            pc = ")
            .append(call)
            .append(";\n            continue;\n          }\n");
      }
    }
    s.append("          default -> next = cold(code, pc, st, fp, mem, x);\n");
    s.append("        }\n");
    s.append("        if (next < 0) {\n          return x.trap(-next, pc);\n        }\n");
    s.append("        pc = next;\n        continue;\n      }\n");
    s.append("      if (status != Executor.CONTINUE) {\n        return status;\n      }\n");
    s.append("      code = x.func.code;\n      pc = x.pc;\n      fp = x.fp;\n");
    s.append("      st = x.stack;\n      mem = x.memory;\n    }\n  }\n\n");
    s.append(
        "  /**\n   * The rare ops ({@code cold} in ops.isa), behind the main switch's default case, and behind\n");
    s.append(
        "   * them the SIMD ops (SimdDispatch): a second dispatch for them keeps {@link #run} small, and\n");
    s.append(
        "   * HotSpot counts a method's own bytecode against the budget for what it inlines into it.\n");
    s.append("   * Returns the next pc, or a negated trap code.\n");
    s.append("   */\n");
    s.append(
        "  static int cold(int[] code, int pc, long[] st, int fp, byte[] mem, Executor x) {\n");
    s.append("    return switch (code[pc] & 0xffff) {\n");
    s.append(cold);
    s.append("      default -> SimdDispatch.run(code, pc, st, fp, mem, x);\n    };\n  }\n\n");
    s.append(
        "  /**\n   * The op at {@code pc}, a load or store, on the memory {@code mem} (MEMORY_SELECT: an access\n");
    s.append(
        "   * of a memory other than memory 0). Returns the next pc, or a negated trap code.\n   */\n");
    s.append("  static int memory(int[] code, int pc, long[] st, int fp, byte[] mem) {\n");
    s.append("    return switch (code[pc] & 0xffff) {\n");
    s.append(memory);
    s.append("      default -> SimdDispatch.memory(code, pc, st, fp, mem);\n    };\n  }\n}\n");
    return s.toString();
  }

  // ---- OpSemantics and OpTable: what the compiled tier needs to know of each op ----

  /** The kinds whose expression is a value of the {@code in} operands: one method each. */
  private static boolean hasSemantics(OpDef op) {
    return List.of("unop", "binop", "ternop", "shiftop").contains(op.kind());
  }

  /**
   * Every value expression of the table as a typed static method (and a trapping one's checker), so
   * that compiled code computes exactly what the interpreter's handlers compute.
   */
  static String semanticsClass(List<OpDef> ops) {
    StringBuilder s = new StringBuilder(header(EXEC_PACKAGE));
    s.append(
        "/**\n * The table's expressions as typed functions of their operands, for the compiled tier: it calls\n");
    s.append(
        " * these (which HotSpot inlines) for every op it does not emit bytecode for itself. Trapping ones\n");
    s.append(" * have a checker returning 0 or the trap code, called first.\n */\n");
    s.append(
        "@SuppressWarnings(\"cast\")\npublic final class OpSemantics {\n  private OpSemantics() {}\n");
    for (OpDef op : ops) {
      if (!hasSemantics(op)) {
        continue;
      }
      String t = javaType(op.in());
      String params =
          switch (op.kind()) {
            case "unop" -> t + " a";
            case "binop" -> t + " a, " + t + " b";
            case "ternop" -> t + " a, " + t + " b, " + t + " d";
            case "shiftop" -> t + " a, " + t + " b, int k";
            default -> throw new IllegalStateException(op.kind());
          };
      String name = camel(op.name());
      s.append("\n  public static ")
          .append(javaType(op.out()))
          .append(' ')
          .append(name)
          .append('(')
          .append(params)
          .append(") {\n    return ")
          .append(op.expr())
          .append(";\n  }\n");
      if (op.traps()) {
        s.append("\n  public static int ")
            .append(name)
            .append("Trap(")
            .append(params)
            .append(") {\n    return ")
            .append(trapCheck(op.expr()))
            .append(";\n  }\n");
      }
    }
    return s.append("}\n").toString();
  }

  private static final List<String> JIT_KINDS =
      List.of(
          "unop",
          "binop",
          "binimm",
          "brcmp",
          "brcmpimm",
          "addbr",
          "ternop",
          "shiftop",
          "load",
          "loadadd",
          "loadaddi",
          "store",
          "storeadd",
          "storeaddi",
          "pair",
          "loadpair",
          "pc",
          "frame",
          "bulk",
          "simd",
          "vunop",
          "vbinop",
          "vshift",
          "vternop",
          "vfn",
          "atomic");

  private static final List<String> LANE_WISE = List.of("vunop", "vbinop", "vshift", "vternop");

  /** The SIMD kinds the compiled tier knows by kind; its other SIMD ops are "simd". */
  private static final List<String> JIT_SIMD_KINDS =
      List.of("vunop", "vbinop", "vshift", "vternop", "vfn");

  /** A lane's size in bytes, from the lane type of simd.isa's {@code in} column. */
  private static String laneBytes(String lane) {
    return String.valueOf(Integer.parseInt(lane.replaceAll("[^0-9]", "")) / 8);
  }

  private static final List<String> JIT_TYPES =
      List.of("-", "i32", "i64", "f32", "f64", "raw32", "raw64");

  /**
   * Per opcode: its kind, base op, operand types, trap flag, access size; see OpTable's javadoc.
   */
  static String opTableClass(List<OpDef> ops) {
    StringBuilder s = new StringBuilder(header(JIT_PACKAGE, IR_PACKAGE + ".Op"));
    s.append(
        "/**\n * What the compiled tier knows of each opcode, indexed by opcode: its {@link #KIND} (the table's\n");
    s.append(
        " * kind after expansion: a comparison's branch forms are {@code BRCMP}…), its {@link #BASE} op (the\n");
    s.append(
        " * comparison or binop a derived form came from; the plain access of an address form; else\n");
    s.append(
        " * itself), operand types {@link #IN} and {@link #OUT}, whether it traps, and a memory access's\n");
    s.append(
        " * size (a lane-wise SIMD op's lane size). Generated, like everything of the ISA, from ops.isa\n");
    s.append(" * and simd.isa.\n */\n");
    s.append("final class OpTable {\n  private OpTable() {}\n\n");
    for (int i = 0; i < JIT_KINDS.size(); i++) {
      s.append("  static final int ")
          .append(JIT_KINDS.get(i).toUpperCase(Locale.ROOT))
          .append(" = ")
          .append(i)
          .append(";\n");
    }
    s.append('\n');
    for (int i = 0; i < JIT_TYPES.size(); i++) {
      String t = JIT_TYPES.get(i);
      s.append("  static final int ")
          .append(t.equals("-") ? "NONE" : t.toUpperCase(Locale.ROOT))
          .append(" = ")
          .append(i)
          .append(";\n");
    }
    StringBuilder kind = new StringBuilder();
    StringBuilder base = new StringBuilder();
    StringBuilder in = new StringBuilder();
    StringBuilder out = new StringBuilder();
    StringBuilder traps = new StringBuilder();
    StringBuilder nan = new StringBuilder();
    StringBuilder size = new StringBuilder();
    StringBuilder shape = new StringBuilder();
    for (OpDef op : ops) {
      boolean fn = op.kind().equals("vfn");
      shape
          .append("    ")
          .append(fn ? "\"" + op.in() + " " + op.out() + "\"" : "null")
          .append(",\n");
      // Lane-wise SIMD ops keep their kind (the compiled tier calls their …Half functions), and
      // so do vfn ops (it calls their functions); the other SIMD ops are "simd" (it emits each).
      // The atomic ops are "atomic", which the compiled tier does not compile: a function with one
      // stays interpreted.
      String k =
          op.simd() && !JIT_SIMD_KINDS.contains(op.kind())
              ? "simd"
              : op.atomic() ? "atomic" : op.kind();
      if (!JIT_KINDS.contains(k)) {
        throw new IllegalArgumentException("a kind the compiled tier does not know: " + k);
      }
      kind.append("    ").append(k.toUpperCase(Locale.ROOT)).append(",\n");
      base.append("    Op.").append(op.base()).append(",\n");
      in.append("    ").append(JIT_TYPES.indexOf(op.in())).append(",\n");
      out.append("    ").append(JIT_TYPES.indexOf(op.out())).append(",\n");
      traps.append("    ").append(op.traps()).append(",\n");
      nan.append("    ").append(op.nan()).append(",\n");
      boolean access =
          !op.simd() && (op.kind().startsWith("load") || op.kind().startsWith("store"));
      String laneBytes = LANE_WISE.contains(op.kind()) ? laneBytes(op.in()) : "0";
      size.append("    ").append(access ? op.size() : laneBytes).append(",\n");
    }
    s.append("\n  static final int[] KIND = {\n").append(kind).append("  };\n");
    s.append("\n  static final int[] BASE = {\n").append(base).append("  };\n");
    s.append("\n  static final int[] IN = {\n").append(in).append("  };\n");
    s.append("\n  static final int[] OUT = {\n").append(out).append("  };\n");
    s.append("\n  static final boolean[] TRAPS = {\n").append(traps).append("  };\n");
    s.append("\n  static final boolean[] NAN = {\n").append(nan).append("  };\n");
    s.append("\n  static final int[] SIZE = {\n").append(size).append("  };\n");
    s.append(
        "\n  /** A vfn op's class and shape (simd.isa), as \"SimdLanes vs>v\"; else null. */\n");
    s.append("  static final String[] SHAPE = {\n").append(shape).append("  };\n");
    s.append(
        "\n  /** The OpSemantics method of an op with a value expression, by its base's name. */\n");
    s.append("  static String method(int op) {\n    return NAMES[BASE[op]];\n  }\n");
    s.append("\n  private static final String[] NAMES = {\n");
    for (OpDef op : ops) {
      s.append("    \"").append(camel(op.name())).append("\",\n");
    }
    s.append("  };\n}\n");
    return s.toString();
  }

  /** Fixed word counts of the formats the generated handlers advance over. */
  static final class OpWords {
    static int of(String format) {
      return switch (format) {
        case "RA", "RAB", "RAI" -> 2;
        case "ABJ", "AIJ", "RAO", "ABO" -> 3;
        default -> throw new IllegalArgumentException("no fixed handler size for format " + format);
      };
    }
  }
}
