import java.util.List;

/**
 * The SIMD part of {@link IsaGenerator}: the lane-wise handlers of {@code simd.isa} ({@code
 * SimdHandlers}) and the switch that dispatches every SIMD op ({@code SimdDispatch}), which {@code
 * Dispatch.cold} calls for opcodes past its own. A v128 is two cells, slot s (bytes 0-7) and s + 1
 * (bytes 8-15); no lane of a lane-wise op crosses them, so each such op is one function over a
 * 64-bit half, applied to both halves.
 */
final class SimdGenerator {
  private SimdGenerator() {}

  private static final String EXEC_PACKAGE = "io.timeslice.wasm.internal.exec";

  /** Whether {@code kind} is one of simd.isa's. */
  static boolean isSimd(String kind) {
    return kind.startsWith("v");
  }

  /** The lane's width in bits for an {@code in} or {@code out} lane type. */
  private static int laneBits(String t) {
    return switch (t) {
      case "i8", "u8" -> 8;
      case "i16", "u16" -> 16;
      case "i32", "u32", "f32" -> 32;
      case "i64", "f64" -> 64;
      default -> throw new IllegalArgumentException("lane type " + t);
    };
  }

  private static String javaType(String t) {
    return switch (t) {
      case "i8", "u8", "i16", "u16", "i32" -> "int";
      case "u32", "i64" -> "long";
      case "f32" -> "float";
      case "f64" -> "double";
      default -> throw new IllegalArgumentException("lane type " + t);
    };
  }

  /** Lane {@code i} (a bit offset) of the 64-bit half {@code h}, as a Java value of type t. */
  private static String readLane(String t, String h) {
    return switch (t) {
      case "i8" -> "(byte) (" + h + " >>> i)";
      case "u8" -> "(int) (" + h + " >>> i) & 0xff";
      case "i16" -> "(short) (" + h + " >>> i)";
      case "u16" -> "(int) (" + h + " >>> i) & 0xffff";
      case "i32" -> "(int) (" + h + " >>> i)";
      case "u32" -> "(" + h + " >>> i) & 0xffff_ffffL";
      case "i64" -> h;
      case "f32" -> "Float.intBitsToFloat((int) (" + h + " >>> i))";
      case "f64" -> "Double.longBitsToDouble(" + h + ")";
      default -> throw new IllegalArgumentException("lane type " + t);
    };
  }

  /**
   * The value's bits placed at lane {@code i}. With {@code nan}, a NaN becomes the canonical one:
   * floatToIntBits and doubleToLongBits canonicalise NaNs by definition.
   */
  private static String writeLane(String t, String value, boolean nan) {
    return switch (t) {
      case "i8" -> "((long) (" + value + ") & 0xffL) << i";
      case "i16" -> "((long) (" + value + ") & 0xffffL) << i";
      case "i32" -> "((long) (" + value + ") & 0xffff_ffffL) << i";
      case "i64" -> "(long) (" + value + ")";
      case "f32" ->
          "(Float."
              + (nan ? "floatToIntBits" : "floatToRawIntBits")
              + "("
              + value
              + ")"
              + " & 0xffff_ffffL) << i";
      case "f64" ->
          "Double." + (nan ? "doubleToLongBits" : "doubleToRawLongBits") + "(" + value + ")";
      default -> throw new IllegalArgumentException("lane type " + t);
    };
  }

  // ---- SimdHandlers ----

  static String handlersClass(List<IsaGenerator.OpDef> ops) {
    StringBuilder s = new StringBuilder(IsaGenerator.header(EXEC_PACKAGE));
    s.append(
        "/**\n * The lane-wise SIMD handlers of simd.isa. Each reads both halves of its operands, then\n");
    s.append(
        " * writes both halves of its result (which may be an operand), and returns the next pc. The\n");
    s.append(
        " * {@code …Half} functions compute one 64-bit half; the compiled tier calls them on its own\n");
    s.append(
        " * locals, so they are public. The vfn ops' handlers call their class's functions.\n */\n");
    s.append("@SuppressWarnings(\"cast\")\npublic final class SimdHandlers {\n");
    s.append("  private SimdHandlers() {}\n");
    for (IsaGenerator.OpDef op : ops) {
      switch (op.kind()) {
        case "vunop", "vbinop", "vshift", "vternop" -> laneWise(s, op);
        case "vfn" -> functions(s, op);
        default -> {}
      }
    }
    s.append("}\n");
    return s.toString();
  }

  private static void laneWise(StringBuilder s, IsaGenerator.OpDef op) {
    int bits = laneBits(op.in());
    if (laneBits(op.out()) != bits) {
      throw new IllegalArgumentException(op.name() + ": lane widths differ");
    }
    String name = IsaGenerator.camel(op.name());
    String half = name + "Half";
    String t = javaType(op.in());
    s.append("\n  static int ").append(name).append("(int[] c, int pc, long[] st, int fp) {\n");
    String lo;
    String hi;
    int words;
    switch (op.kind()) {
      case "vunop" -> {
        s.append("    int a = fp + c[pc + 1];\n");
        lo = half + "(st[a])";
        hi = half + "(st[a + 1])";
        words = 2;
      }
      case "vbinop" -> {
        s.append("    int ab = c[pc + 1];\n");
        s.append("    int a = fp + (ab & 0xffff);\n    int b = fp + (ab >>> 16);\n");
        lo = half + "(st[a], st[b])";
        hi = half + "(st[a + 1], st[b + 1])";
        words = 2;
      }
      case "vshift" -> {
        s.append("    int ab = c[pc + 1];\n    int a = fp + (ab & 0xffff);\n");
        s.append("    int k = (int) st[fp + (ab >>> 16)] & ").append(bits - 1).append(";\n");
        lo = half + "(st[a], k)";
        hi = half + "(st[a + 1], k)";
        words = 2;
      }
      default -> {
        s.append("    int ab = c[pc + 1];\n");
        s.append("    int a = fp + (ab & 0xffff);\n    int b = fp + (ab >>> 16);\n");
        s.append("    int d = fp + c[pc + 2];\n");
        lo = half + "(st[a], st[b], st[d])";
        hi = half + "(st[a + 1], st[b + 1], st[d + 1])";
        words = 3;
      }
    }
    s.append("    long lo = ").append(lo).append(";\n");
    s.append("    long hi = ").append(hi).append(";\n");
    s.append("    int r = fp + (c[pc] >>> 16);\n    st[r] = lo;\n    st[r + 1] = hi;\n");
    s.append("    return pc + ").append(words).append(";\n  }\n");

    String params =
        switch (op.kind()) {
          case "vunop" -> "long x";
          case "vbinop" -> "long x, long y";
          case "vshift" -> "long x, int k";
          default -> "long x, long y, long z";
        };
    s.append("\n  public static long ").append(half).append("(").append(params).append(") {\n");
    StringBuilder lanes = new StringBuilder();
    lanes.append("      ").append(t).append(" a = ").append(readLane(op.in(), "x")).append(";\n");
    if (op.kind().equals("vbinop") || op.kind().equals("vternop")) {
      lanes.append("      ").append(t).append(" b = ").append(readLane(op.in(), "y")).append(";\n");
    }
    if (op.kind().equals("vternop")) {
      lanes.append("      ").append(t).append(" d = ").append(readLane(op.in(), "z")).append(";\n");
    }
    String lane = writeLane(op.out(), op.expr(), op.flags().contains("nan"));
    if (bits == 64) {
      s.append(lanes.toString().replace("      ", "    "));
      s.append("    return ").append(lane.replace(" << i", "")).append(";\n  }\n");
    } else {
      s.append("    long r = 0;\n");
      s.append("    for (int i = 0; i < 64; i += ").append(bits).append(") {\n");
      s.append(lanes);
      s.append("      r |= ").append(lane).append(";\n    }\n    return r;\n  }\n");
    }
  }

  /**
   * A vfn op's handler: its operands' cells read as its shape says, its functions called, its
   * result written (simd.isa's header).
   */
  private static void functions(StringBuilder s, IsaGenerator.OpDef op) {
    String[] shape = op.out().split(">");
    if (shape.length != 2 || !shape[1].matches("[vs]") || !shape[0].matches("[vs]{1,3}")) {
      throw new IllegalArgumentException(op.name() + ": shape " + op.out());
    }
    List<String> slots =
        switch (op.format()) {
          case "RA" -> List.of("c[pc + 1]");
          case "RAI" -> List.of("(c[pc + 1] & 0xffff)");
          case "RAB", "RABI", "RABV" -> List.of("(c[pc + 1] & 0xffff)", "(c[pc + 1] >>> 16)");
          case "RABC" -> List.of("(c[pc + 1] & 0xffff)", "(c[pc + 1] >>> 16)", "c[pc + 2]");
          default -> throw new IllegalArgumentException(op.name() + ": format " + op.format());
        };
    List<String> immediates =
        switch (op.format()) {
          case "RAI" -> List.of("c[pc + 1] >>> 16");
          case "RABI" -> List.of("c[pc + 2]");
          case "RABV" -> List.of("c[pc + 2]", "c[pc + 3]", "c[pc + 4]", "c[pc + 5]");
          default -> List.of();
        };
    int words =
        switch (op.format()) {
          case "RA", "RAI", "RAB" -> 2;
          case "RABI", "RABC" -> 3;
          default -> 6;
        };
    if (slots.size() != shape[0].length()) {
      throw new IllegalArgumentException(op.name() + ": shape " + op.out() + " for " + op.format());
    }
    String name = IsaGenerator.camel(op.name());
    s.append("\n  static int ").append(name).append("(int[] c, int pc, long[] st, int fp) {\n");
    List<String> args = new java.util.ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      String v = "abd".substring(i, i + 1);
      s.append("    int ").append(v).append(" = fp + ").append(slots.get(i)).append(";\n");
      args.add("st[" + v + "]");
      if (shape[0].charAt(i) == 'v') {
        args.add("st[" + v + " + 1]");
      }
    }
    args.addAll(immediates);
    String call = op.in() + "." + name + "%s(" + String.join(", ", args) + ")";
    if (shape[1].equals("v")) {
      s.append("    long lo = ").append(call.formatted("Lo")).append(";\n");
      s.append("    long hi = ").append(call.formatted("Hi")).append(";\n");
      s.append("    int r = fp + (c[pc] >>> 16);\n    st[r] = lo;\n    st[r + 1] = hi;\n");
    } else {
      s.append("    st[fp + (c[pc] >>> 16)] = ").append(call.formatted("")).append(";\n");
    }
    s.append("    return pc + ").append(words).append(";\n  }\n");
  }

  // ---- SimdDispatch ----

  /** The call of {@code op}'s handler, with the arguments its kind and flags ask for. */
  private static String call(IsaGenerator.OpDef op) {
    String name = IsaGenerator.camel(op.name());
    if (!op.kind().equals("vop")) {
      return "SimdHandlers." + name + "(code, pc, st, fp)";
    }
    List<String> flags = List.of(op.flags().split(","));
    return op.in()
        + "."
        + name
        + "(code, pc, st, fp"
        + (flags.contains("mem") ? ", mem" : "")
        + (flags.contains("x") ? ", x" : "")
        + ")";
  }

  static String dispatchClass(List<IsaGenerator.OpDef> ops) {
    StringBuilder s =
        new StringBuilder(
            IsaGenerator.header(
                EXEC_PACKAGE, "io.timeslice.wasm.TrapCode", "io.timeslice.wasm.internal.ir.Op"));
    s.append(
        "/**\n * The SIMD ops' dispatch (simd.isa), behind {@code Dispatch.cold}: a switch of their own keeps\n");
    s.append(
        " * the main loop and the cold switch as small as they were. Returns the next pc, or a negated\n");
    s.append(" * trap code.\n */\n");
    s.append("final class SimdDispatch {\n  private SimdDispatch() {}\n\n");
    s.append("  static int run(int[] code, int pc, long[] st, int fp, byte[] mem, Executor x) {\n");
    s.append("    return switch (code[pc] & 0xffff) {\n");
    for (IsaGenerator.OpDef op : ops) {
      if (isSimd(op.kind())) {
        s.append("      case Op.").append(op.name()).append(" -> ").append(call(op)).append(";\n");
      }
    }
    s.append("      default -> -TrapCode.INVALID_IR.number();\n    };\n  }\n\n");
    s.append("  /** The SIMD load or store at {@code pc} on the memory {@code mem}. */\n");
    s.append("  static int memory(int[] code, int pc, long[] st, int fp, byte[] mem) {\n");
    s.append("    return switch (code[pc] & 0xffff) {\n");
    for (IsaGenerator.OpDef op : ops) {
      if (isSimd(op.kind()) && call(op).endsWith(", mem)")) {
        s.append("      case Op.").append(op.name()).append(" -> ").append(call(op)).append(";\n");
      }
    }
    s.append("      default -> -TrapCode.INVALID_IR.number();\n    };\n  }\n}\n");
    return s.toString();
  }
}
