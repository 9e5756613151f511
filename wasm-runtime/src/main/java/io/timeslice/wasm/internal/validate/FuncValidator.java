package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.MalformedModuleException;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.internal.binary.BodySkimmer;
import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.TypeCodes;
import java.util.Arrays;

/**
 * Decodes and validates one function body with the specification's algorithm (its appendix
 * "Validation Algorithm"): an operand stack of value types, a control stack of frames, and a
 * polymorphic stack after {@code unreachable}, {@code br}, {@code br_table} and {@code return}. It
 * reports each validated instruction to an {@link InstructionVisitor}, so that a translator runs in
 * the same pass. Types are their binary codes in {@code int}s; nothing is allocated per
 * instruction. One validator can validate many bodies of one module, one at a time.
 */
public final class FuncValidator {
  /** Opcodes after the {@code 0xFC} prefix are reported as {@code PREFIX_FC | sub}. */
  public static final int PREFIX_FC = 0xfc00;

  /** Atomic opcodes ({@code 0xFE} prefix, threads) are reported as {@code PREFIX_FE | sub}. */
  public static final int PREFIX_FE = AtomicValidator.PREFIX_FE;

  /** GC's opcodes ({@code 0xFB} prefix) are reported as {@code PREFIX_GC | sub}. */
  public static final int PREFIX_GC = GcValidator.PREFIX_GC;

  /** SIMD opcodes ({@code 0xFD} prefix) are reported as {@code PREFIX_SIMD | sub}. */
  public static final int PREFIX_SIMD = 0xfd000;

  /** The type of a value popped from the polymorphic part of the stack: it matches anything. */
  static final int UNKNOWN = 0;

  static final int I32 = 0x7f;
  static final int I64 = 0x7e;
  static final int F32 = 0x7d;
  static final int F64 = 0x7c;
  static final int V128 = 0x7b;
  static final int FUNCREF = 0x70;
  static final int EXTERNREF = 0x6f;
  static final int EXNREF = TypeCodes.EXN;

  private static final int[] NONE = {};

  private static final int BLOCK = 0x02;
  private static final int LOOP = 0x03;
  private static final int IF = 0x04;
  private static final int ELSE = 0x05;
  private static final int FUNCTION = 0x00;

  // Exception handling: a try block, and the frame of its catch and catch_all arms.
  private static final int TRY = 0x06;
  private static final int CATCH = 0x07;
  private static final int CATCH_ALL = 0x19;

  // WebAssembly 3.0's exception handling: a try_table block, and its catch clauses' kinds.
  private static final int TRY_TABLE = 0x1f;
  private static final int CATCH_REF = 0x01;
  private static final int CATCH_ALL_REF = 0x03;

  private final Config config;
  private final ModuleInfo module;
  private final int[][] typeParams;
  private final int[][] typeResults;

  private WasmReader in;
  private InstructionVisitor visitor = InstructionVisitor.NONE;
  private final LocalTypes locals = new LocalTypes();

  /** The operand stack of value types and the control stack of frames. */
  private final TypeStack s = new TypeStack(this);

  private int instructionStart;

  /** A validator for the bodies of {@code module}, whose module-level parts are valid. */
  public FuncValidator(Config config, ModuleInfo module) {
    this.config = config;
    this.module = module;
    int n = module.defs.size();
    this.typeParams = new int[n][];
    this.typeResults = new int[n][];
    for (int i = 0; i < n; i++) {
      typeParams[i] = module.defs.get(i).params();
      typeResults[i] = module.defs.get(i).results();
    }
  }

  /**
   * Reads a value type at {@code in}'s position: a numeric or reference type's byte, or with typed
   * function references {@code 0x64 ht} ({@code (ref ht)}) and {@code 0x63 ht} ({@code (ref null
   * ht)}); returns its type code.
   */
  static int valType(WasmReader in, Config config, ModuleInfo module) {
    int at = in.pos();
    int b = in.u8();
    if ((b == 0x63 || b == 0x64) && config.functionReferences()) {
      return TypeCodes.ref(b == 0x63, heapType(in, config, module));
    }
    if (!known(config, b)) {
      throw WasmReader.malformedAt("malformed value type", at);
    }
    checkFeature(config, b, at);
    return b;
  }

  /**
   * Whether {@code b} is a one-byte value type: {@code exnref} and {@code nullexnref} only with
   * exception handling, GC's reference types only with GC.
   */
  private static boolean known(Config config, int b) {
    ValType t = ValType.ofCode(b);
    return (t != null && !t.isReference()) || TypeCodes.abstractHeap(b, config) >= 0;
  }

  /**
   * A heap type (s33): {@code func}, {@code extern}, with exception handling {@code exn} and {@code
   * noexn}, or a defined type's index, canonical.
   */
  static int heapType(WasmReader in, Config config, ModuleInfo module) {
    int at = in.pos();
    long h = in.s33();
    if (h < 0) {
      return TypeCodes.abstractHeapAt(h, at, config);
    }
    if (h >= module.defs.size()) {
      throw new InvalidModuleException("unknown type " + h, at);
    }
    return TypeCodes.CONCRETE | module.canonical((int) h);
  }

  /**
   * Validates every defined function's body of {@code module}, on several cores when it is large
   * and {@code config} allows it ({@link FunctionBodies}).
   *
   * @throws MalformedModuleException or {@link InvalidModuleException}: the lowest function's
   */
  public static void validateAll(Config config, ModuleInfo module) {
    FunctionBodies.forEach(
        module,
        config.parallelCompilation(),
        () -> {
          FuncValidator validator = new FuncValidator(config, module);
          return i -> validator.validate(i, InstructionVisitor.NONE);
        });
  }

  /**
   * Validates the body of function {@code funcIndex} (a defined function), reporting each
   * instruction to {@code visitor}.
   *
   * @throws MalformedModuleException when the body does not decode
   * @throws InvalidModuleException when it is not valid
   */
  public void validate(int funcIndex, InstructionVisitor visitor) {
    int defined = funcIndex - module.importedFuncs;
    int start = module.codeOffsets[defined];
    int end = start + module.codeLengths[defined];
    this.in = new WasmReader(module.bytes, start, end);
    this.visitor = visitor;
    int typeIndex = module.funcTypeIndices[funcIndex];
    locals.read(in, typeParams[typeIndex], config, module);
    visitor.begin(funcIndex, locals.types());
    s.sp = 0;
    s.depth = 0;
    s.initTop = 0;
    initialised.clear();
    initialised.set(0, typeParams[typeIndex].length); // parameters are always set
    s.pushFrame(FUNCTION, NONE, typeResults[typeIndex]);
    int codeStart = in.pos();
    try {
      while (s.depth > 0) {
        if (!in.hasMore()) {
          throw BodySkimmer.overrun(in, s.depth);
        }
        instructionStart = in.pos();
        instruction(in.u8());
      }
    } catch (InvalidModuleException invalid) {
      // Decode the whole body again, untyped: a malformed body must be reported as malformed.
      in.seek(codeStart);
      BodySkimmer.skim(in, 1, config);
      throw invalid;
    }
    if (in.hasMore()) {
      throw in.malformed("section size mismatch: operators remaining after end of function");
    }
  }

  // ---- queries for the visitor ----

  /** Whether the instruction being reported is unreachable code. */
  public boolean unreachable() {
    return s.frameUnreachable[s.depth - 1];
  }

  /** The number of open control frames, the function's own included. */
  public int controlDepth() {
    return s.depth;
  }

  /** The operand stack's height. */
  public int stackHeight() {
    return s.sp;
  }

  /** The byte offset of the instruction being validated. */
  public int instructionOffset() {
    return instructionStart;
  }

  /** A v128 needs SIMD. */
  static void checkFeature(Config config, int type, int at) {
    if (type == V128 && !config.simd()) {
      throw new InvalidModuleException("SIMD support is not enabled", at);
    }
  }

  // ---- errors ----

  InvalidModuleException invalid(String reason) {
    return new InvalidModuleException(reason, instructionStart);
  }

  InvalidModuleException typeMismatch(int expected, int actual) {
    return invalid("type mismatch: expected " + name(expected) + ", found " + name(actual));
  }

  private static String name(int type) {
    return type == UNKNOWN ? "nothing" : TypeCodes.name(type);
  }

  private int[][] blockType() {
    int at = in.pos();
    if (!in.hasMore()) {
      throw in.malformed("unexpected end");
    }
    int b = in.bytes()[at] & 0xff;
    if (b == 0x40) {
      in.u8();
      return new int[][] {NONE, NONE};
    }
    if (known(config, b)) {
      in.u8();
      checkFeature(config, b, at);
      return new int[][] {NONE, {b}};
    }
    if ((b == 0x63 || b == 0x64) && config.functionReferences()) {
      return new int[][] {NONE, {valType(in, config, module)}};
    }
    long index = in.s33();
    if (index < 0 || index >= module.types.size()) {
      throw new InvalidModuleException("unknown type " + index, at);
    }
    int i = (int) index;
    functionType(i, at);
    if (!config.multiValue() && (typeParams[i].length > 0 || typeResults[i].length > 1)) {
      throw new InvalidModuleException("invalid result arity: multi-value is not enabled", at);
    }
    return new int[][] {typeParams[i], typeResults[i]};
  }

  // ---- instructions ----

  private void instruction(int op) {
    switch (op) {
      case 0x00 -> {
        s.setUnreachable();
        visitor.plain(op);
      }
      case 0x01 -> visitor.plain(op);
      case BLOCK, LOOP -> {
        int[][] bt = blockType();
        s.pop(bt[0]);
        s.pushFrame(op, bt[0], bt[1]);
        visitor.block(op, bt[0], bt[1]);
      }
      case IF -> {
        int[][] bt = blockType();
        s.pop(I32);
        s.pop(bt[0]);
        s.pushFrame(IF, bt[0], bt[1]);
        visitor.block(op, bt[0], bt[1]);
      }
      case ELSE -> {
        if (s.frameKind[s.depth - 1] != IF) {
          throw invalid("else without matching if");
        }
        s.popFrameResults();
        resetLocals(s.frameInit[s.depth - 1]);
        s.frameKind[s.depth - 1] = ELSE;
        s.frameUnreachable[s.depth - 1] = false;
        s.push(s.frameParams[s.depth - 1]);
        visitor.elseArm();
      }
      case 0x0b -> end();
      case TRY -> {
        requireExceptions(op);
        int[][] bt = blockType();
        s.pop(bt[0]);
        s.pushFrame(op, bt[0], bt[1]);
        visitor.block(op, bt[0], bt[1]);
      }
      case CATCH, CATCH_ALL -> {
        requireExceptions(op);
        int tag = op == CATCH ? tagIndex() : -1;
        int kind = s.frameKind[s.depth - 1];
        if (kind != TRY && kind != CATCH) {
          throw invalid(
              kind == CATCH_ALL ? "catch after catch_all" : "catch without a matching try");
        }
        s.popFrameResults();
        resetLocals(s.frameInit[s.depth - 1]);
        s.frameKind[s.depth - 1] = op;
        s.frameUnreachable[s.depth - 1] = false;
        if (tag >= 0) {
          s.push(tagParams(tag));
        }
        visitor.catchArm(tag);
      }
      case 0x18 -> {
        requireExceptions(op);
        int relative = in.u32();
        if (s.frameKind[s.depth - 1] != TRY) {
          throw invalid("delegate without a matching try");
        }
        // The label counts from the frames around the try, which delegate ends.
        if (Integer.compareUnsigned(relative, s.depth - 1) >= 0) {
          throw invalid("unknown label " + Integer.toUnsignedString(relative));
        }
        int[] results = s.popFrameResults();
        s.depth--;
        s.push(results);
        visitor.delegate(relative);
      }
      case TRY_TABLE -> tryTable();
      case 0x0a -> {
        requireExceptions(op);
        s.pop(EXNREF);
        s.setUnreachable();
        visitor.throwRef();
      }
      case 0x08 -> {
        requireExceptions(op);
        int tag = tagIndex();
        s.pop(tagParams(tag));
        s.setUnreachable();
        visitor.throwTag(tag);
      }
      case 0x09 -> {
        requireExceptions(op);
        int frame = s.labelFrame(in.u32());
        if (s.frameKind[frame] != CATCH && s.frameKind[frame] != CATCH_ALL) {
          throw invalid("invalid rethrow label");
        }
        s.setUnreachable();
        visitor.rethrow(s.depth - 1 - frame);
      }
      case 0x0c -> {
        int frame = s.labelFrame(in.u32());
        s.pop(s.labelTypes(frame));
        s.setUnreachable();
        visitor.branch(op, s.depth - 1 - frame);
      }
      case 0x0d -> {
        int frame = s.labelFrame(in.u32());
        s.pop(I32);
        int[] types = s.labelTypes(frame);
        s.pop(types);
        s.push(types);
        visitor.branch(op, s.depth - 1 - frame);
      }
      case 0x0e -> brTable();
      case 0x0f -> {
        s.pop(s.frameResults[0]);
        s.setUnreachable();
        visitor.plain(op);
      }
      case 0x10 -> {
        int f = in.u32();
        if (Integer.compareUnsigned(f, module.funcCount) >= 0) {
          throw invalid("unknown function " + Integer.toUnsignedString(f));
        }
        int type = module.funcTypeIndices[f];
        s.pop(typeParams[type]);
        s.push(typeResults[type]);
        visitor.call(f);
      }
      case 0x11 -> callIndirect();
      case 0x12 -> {
        requireTailCall(op);
        int f = in.u32();
        if (Integer.compareUnsigned(f, module.funcCount) >= 0) {
          throw invalid("unknown function " + Integer.toUnsignedString(f));
        }
        int type = module.funcTypeIndices[f];
        checkTailResults(typeResults[type]);
        s.pop(typeParams[type]);
        s.setUnreachable();
        visitor.returnCall(f);
      }
      case 0x13 -> {
        requireTailCall(op);
        int typeIndex = in.u32();
        int table = callIndirectTable(typeIndex);
        checkTailResults(typeResults[typeIndex]);
        s.pop(I32);
        s.pop(typeParams[typeIndex]);
        s.setUnreachable();
        visitor.returnCallIndirect(typeIndex, table);
      }
      case 0x1a -> {
        s.pop();
        visitor.plain(op);
      }
      case 0x14, 0x15 -> callRef(op);
      case 0xd4 -> {
        requireFunctionReferences(op);
        s.push(nonNull(popRef()));
        visitor.plain(op);
      }
      case 0xd5 -> {
        requireFunctionReferences(op);
        int frame = s.labelFrame(in.u32());
        int t = popRef();
        int[] types = s.labelTypes(frame);
        s.pop(types);
        s.push(types);
        s.push(nonNull(t));
        visitor.branch(op, s.depth - 1 - frame);
      }
      case 0xd6 -> {
        requireFunctionReferences(op);
        int frame = s.labelFrame(in.u32());
        int t = popRef();
        int[] types = s.labelTypes(frame);
        if (types.length == 0 || !TypeCodes.isRef(types[types.length - 1])) {
          throw invalid("type mismatch: br_on_non_null needs a label ending in a reference");
        }
        int last = types[types.length - 1];
        if (t != UNKNOWN && !TypeCodes.matches(module, nonNull(t), last)) {
          throw typeMismatch(last, nonNull(t));
        }
        int[] rest = Arrays.copyOf(types, types.length - 1);
        s.pop(rest);
        s.push(rest);
        visitor.branch(op, s.depth - 1 - frame);
      }
      case 0x1b -> {
        s.pop(I32);
        int t1 = s.pop();
        int t2 = s.pop();
        if (isRef(t1) || isRef(t2)) {
          throw invalid("type mismatch: select without a type needs numeric operands");
        }
        if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN) {
          throw typeMismatch(t1, t2);
        }
        int t = t1 == UNKNOWN ? t2 : t1;
        s.push(t);
        visitor.select(t);
      }
      case 0x1c -> {
        int n = in.u32();
        if (n != 1) {
          throw invalid("invalid result arity: select takes one type");
        }
        int t = valType(in, config, module);
        s.pop(I32);
        s.pop(t);
        s.pop(t);
        s.push(t);
        visitor.select(t);
      }
      case 0x20, 0x21, 0x22 -> {
        int index = in.u32();
        if (Integer.compareUnsigned(index, locals.count()) >= 0) {
          throw invalid("unknown local " + Integer.toUnsignedString(index));
        }
        int t = locals.type(index);
        if (!TypeCodes.defaultable(t)) {
          initialisation(op, index);
        }
        if (op == 0x20) {
          s.push(t);
        } else if (op == 0x21) {
          s.pop(t);
        } else {
          s.pop(t);
          s.push(t);
        }
        visitor.local(op, index);
      }
      case 0x23, 0x24 -> {
        int index = in.u32();
        if (Integer.compareUnsigned(index, module.globals.size()) >= 0) {
          throw invalid("unknown global " + Integer.toUnsignedString(index));
        }
        int t = module.globalCode(index);
        if (op == 0x23) {
          s.push(t);
        } else {
          if (!module.globals.get(index).mutable()) {
            throw invalid("global is immutable");
          }
          s.pop(t);
        }
        visitor.global(op, index);
      }
      case 0x25, 0x26 -> {
        int table = in.u32();
        int t = tableType(table);
        if (op == 0x25) {
          s.pop(I32);
          s.push(t);
        } else {
          s.pop(t);
          s.pop(I32);
        }
        visitor.indexed(op, table, 0);
      }
      case 0x28, 0x2a, 0x2c, 0x2d, 0x2e, 0x2f -> load(op, I32);
      case 0x29, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35 -> load(op, I64);
      case 0x2b -> load(op, F64);
      case 0x36, 0x3a, 0x3b -> store(op, I32);
      case 0x37, 0x3c, 0x3d, 0x3e -> store(op, I64);
      case 0x38 -> store(op, F32);
      case 0x39 -> store(op, F64);
      case 0x3f, 0x40 -> {
        int memory = memoryIndex();
        int size = addressType(memory);
        if (op == 0x3f) {
          s.push(size);
        } else {
          s.unop(size, size);
        }
        visitor.indexed(op, memory, 0);
      }
      case 0x41 -> {
        int v = in.s32();
        s.push(I32);
        visitor.i32Const(v);
      }
      case 0x42 -> {
        long v = in.s64();
        s.push(I64);
        visitor.i64Const(v);
      }
      case 0x43 -> {
        int v = in.fixed32();
        s.push(F32);
        visitor.f32Const(v);
      }
      case 0x44 -> {
        long v = in.fixed64();
        s.push(F64);
        visitor.f64Const(v);
      }
      case 0xd0 -> {
        int t;
        if (config.functionReferences()) {
          t = heapType(in, config, module);
        } else {
          int typeAt = in.pos();
          t = in.u8();
          if (t != FUNCREF && t != EXTERNREF && !(t == EXNREF && config.exceptionHandling())) {
            throw WasmReader.malformedAt("malformed reference type", typeAt);
          }
        }
        s.push(t);
        visitor.refNull(t);
      }
      case 0xd1 -> {
        int t = s.pop();
        if (!isRef(t) && t != UNKNOWN) {
          throw invalid("type mismatch: ref.is_null needs a reference, found " + name(t));
        }
        s.push(I32);
        visitor.plain(op);
      }
      case 0xd2 -> {
        int f = in.u32();
        if (Integer.compareUnsigned(f, module.funcCount) >= 0) {
          throw invalid("unknown function " + Integer.toUnsignedString(f));
        }
        if (!module.declaredFunctionRefs.get(f)) {
          throw invalid("undeclared function reference " + f);
        }
        s.push(config.functionReferences() ? module.funcRefCode(f) : FUNCREF);
        visitor.refFunc(f);
      }
      case 0xd3 -> GcValidator.refEq(this, op);
      case 0xfb -> GcValidator.instruction(this);
      case 0xfc -> BulkValidator.instruction(this);
      case 0xfe -> {
        if (!config.threads()) {
          throw WasmReader.malformedAt("illegal opcode fe", instructionStart);
        }
        AtomicValidator.instruction(this, in.u32(), instructionStart);
      }
      case 0xfd -> {
        if (!config.simd()) {
          throw invalid("SIMD support is not enabled");
        }
        SimdValidator.instruction(this, in.u32());
      }
      default -> numeric(op);
    }
  }

  private void end() {
    int[] results = s.popFrameResults();
    int top = s.depth - 1;
    resetLocals(s.frameInit[top]);
    if (s.frameKind[top] == IF && !Arrays.equals(s.frameParams[top], s.frameResults[top])) {
      throw invalid("type mismatch: if without else must leave its parameters as results");
    }
    s.depth--;
    s.push(results);
    visitor.end();
  }

  private void brTable() {
    int n = in.u32();
    if (Integer.compareUnsigned(n, in.remaining()) > 0) {
      throw in.malformed("unexpected end: br_table targets");
    }
    int[] depths = new int[n];
    for (int i = 0; i < n; i++) {
      depths[i] = in.u32();
    }
    int defaultDepth = in.u32();
    s.pop(I32);
    int[] defaultTypes = s.labelTypes(s.labelFrame(defaultDepth));
    for (int d : depths) {
      int[] types = s.labelTypes(s.labelFrame(d));
      if (types.length != defaultTypes.length) {
        throw invalid("type mismatch: br_table targets of different arity");
      }
      // Check the operands against this label without consuming them: popping only moves sp.
      int height = s.sp;
      s.pop(types);
      s.sp = height;
    }
    s.pop(defaultTypes);
    s.setUnreachable();
    visitor.branchTable(depths, defaultDepth);
  }

  /**
   * {@code try_table bt catch* ... end}: each catch clause branches to a label around the block
   * (its depth counts from outside it) with the values it pushes — the tag's ({@code catch}), those
   * and the exception ({@code catch_ref}, a {@code (ref exn)}), nothing ({@code catch_all}) or the
   * exception ({@code catch_all_ref}) — which must match the label's types.
   */
  private void tryTable() {
    requireExceptions(TRY_TABLE);
    int[][] bt = blockType();
    int n = in.u32();
    if (Integer.compareUnsigned(n, in.remaining()) > 0) {
      throw in.malformed("unexpected end: try_table catch clauses");
    }
    int[] clauses = new int[3 * n];
    for (int i = 0; i < n; i++) {
      int kindAt = in.pos();
      int kind = in.u8();
      if (kind > CATCH_ALL_REF) {
        throw WasmReader.malformedAt("malformed catch clause", kindAt);
      }
      int tag = kind <= CATCH_REF ? tagIndex() : -1;
      int frame = s.labelFrame(in.u32());
      int[] values = tag >= 0 ? tagParams(tag) : NONE;
      if (kind == CATCH_REF || kind == CATCH_ALL_REF) {
        values = Arrays.copyOf(values, values.length + 1);
        values[values.length - 1] = TypeCodes.ref(false, EXNREF);
      }
      checkCatchLabel(values, s.labelTypes(frame));
      clauses[3 * i] = kind;
      clauses[3 * i + 1] = tag;
      clauses[3 * i + 2] = s.depth - 1 - frame;
    }
    s.pop(bt[0]);
    s.pushFrame(TRY_TABLE, bt[0], bt[1]);
    visitor.tryTable(bt[0], bt[1], clauses);
  }

  private void checkCatchLabel(int[] values, int[] label) {
    boolean match = values.length == label.length;
    for (int i = 0; match && i < label.length; i++) {
      match = TypeCodes.matches(module, values[i], label[i]);
    }
    if (!match) {
      throw invalid(
          "type mismatch: catch clause gives "
              + names(values)
              + " but its label takes "
              + names(label));
    }
  }

  private static String names(int[] types) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < types.length; i++) {
      out.append(i == 0 ? "" : " ").append(name(types[i]));
    }
    return out.append(']').toString();
  }

  /** Exception handling's instructions are no opcodes without it. */
  private void requireExceptions(int op) {
    if (!config.exceptionHandling()) {
      throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), instructionStart);
    }
  }

  private int tagIndex() {
    int tag = in.u32();
    if (Integer.compareUnsigned(tag, module.tags.size()) >= 0) {
      throw invalid("unknown tag " + Integer.toUnsignedString(tag));
    }
    return tag;
  }

  private int[] tagParams(int tag) {
    return typeParams[module.tagTypeIndices.get(tag)];
  }

  /** Tail calls are WebAssembly 3.0: without them their opcodes are no opcodes at all. */
  private void requireTailCall(int op) {
    if (!config.tailCall()) {
      throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), instructionStart);
    }
  }

  /** A tail call returns the callee's results as the function's own: they must be its type. */
  private void checkTailResults(int[] calleeResults) {
    int[] own = s.frameResults[0];
    boolean match = calleeResults.length == own.length;
    for (int i = 0; match && i < own.length; i++) {
      match = TypeCodes.matches(module, calleeResults[i], own[i]);
    }
    if (!match) {
      throw invalid("type mismatch: a tail call's results must be the function's results");
    }
  }

  // ---- typed function references ----

  /** Whether each non-defaultable local has been set, and the log of those set, for undoing. */
  private final java.util.BitSet initialised = new java.util.BitSet();

  private int[] initLog = new int[8];

  /** Their instructions are no opcodes without typed function references. */
  private void requireFunctionReferences(int op) {
    if (!config.functionReferences()) {
      throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), instructionStart);
    }
  }

  /**
   * The proposal's local initialisation: a non-defaultable local must be set before {@code
   * local.get} reads it; setting it holds to the end of the innermost block.
   */
  private void initialisation(int op, int index) {
    if (op == 0x20) {
      if (!initialised.get(index)) {
        throw invalid("uninitialized local " + index);
      }
    } else if (!initialised.get(index)) {
      initialised.set(index);
      if (s.initTop == initLog.length) {
        initLog = Arrays.copyOf(initLog, s.initTop * 2);
      }
      initLog[s.initTop++] = index;
    }
  }

  /** Forgets the locals set since the log's height was {@code height} (a block ends). */
  private void resetLocals(int height) {
    while (s.initTop > height) {
      initialised.clear(initLog[--s.initTop]);
    }
  }

  /** Pops a reference operand, of any reference type (or the polymorphic stack's unknown). */
  private int popRef() {
    int t = s.pop();
    if (t != UNKNOWN && !TypeCodes.isRef(t)) {
      throw invalid("type mismatch: expected a reference, found " + name(t));
    }
    return t;
  }

  private static int nonNull(int t) {
    return t == UNKNOWN ? UNKNOWN : t | TypeCodes.NON_NULL;
  }

  /** {@code call_ref $t} and {@code return_call_ref $t}: the callee is a {@code (ref null $t)}. */
  private void callRef(int op) {
    requireFunctionReferences(op);
    int at = in.pos();
    int typeIndex = in.u32();
    if (Integer.compareUnsigned(typeIndex, module.types.size()) >= 0) {
      throw new InvalidModuleException("unknown type " + Integer.toUnsignedString(typeIndex), at);
    }
    functionType(typeIndex, at);
    s.pop(TypeCodes.CONCRETE | module.canonical(typeIndex));
    s.pop(typeParams[typeIndex]);
    if (op == 0x14) {
      s.push(typeResults[typeIndex]);
      visitor.callRef(typeIndex);
    } else {
      checkTailResults(typeResults[typeIndex]);
      s.setUnreachable();
      visitor.returnCallRef(typeIndex);
    }
  }

  private void callIndirect() {
    int typeIndex = in.u32();
    int table = callIndirectTable(typeIndex);
    s.pop(I32);
    s.pop(typeParams[typeIndex]);
    s.push(typeResults[typeIndex]);
    visitor.callIndirect(typeIndex, table);
  }

  /** Reads and checks {@code call_indirect}'s table; checks its type index. */
  private int callIndirectTable(int typeIndex) {
    int tableAt = in.pos();
    int table;
    if (config.referenceTypes()) {
      table = in.u32();
    } else {
      table = in.u8();
      if (table != 0) {
        throw WasmReader.malformedAt("zero byte expected", tableAt);
      }
    }
    if (Integer.compareUnsigned(table, module.tables.size()) >= 0) {
      throw invalid("unknown table " + Integer.toUnsignedString(table));
    }
    if (!TypeCodes.matches(module, module.tableCode(table), FUNCREF)) {
      throw invalid("type mismatch: call_indirect needs a funcref table");
    }
    if (Integer.compareUnsigned(typeIndex, module.types.size()) >= 0) {
      throw invalid("unknown type " + Integer.toUnsignedString(typeIndex));
    }
    functionType(typeIndex, instructionStart);
    return table;
  }

  /** Checks that type {@code index} is a function type (GC: not a struct or array type). */
  private void functionType(int index, int at) {
    if (!module.isFunc(index)) {
      throw new InvalidModuleException(
          "type mismatch: type " + index + " is not a function type", at);
    }
  }

  int tableType(int table) {
    if (Integer.compareUnsigned(table, module.tables.size()) >= 0) {
      throw invalid("unknown table " + Integer.toUnsignedString(table));
    }
    return module.tableCode(table);
  }

  private void zeroByte() {
    int at = in.pos();
    if (in.u8() != 0) {
      throw WasmReader.malformedAt("zero byte expected", at);
    }
  }

  void requireMemory(int index) {
    if (Integer.compareUnsigned(index, module.memories.size()) >= 0) {
      throw invalid("unknown memory " + Integer.toUnsignedString(index));
    }
  }

  /**
   * A memory index immediate: with multi-memory a u32, else the zero byte of Wasm 2.0; the memory
   * must exist.
   */
  int memoryIndex() {
    int memory;
    if (config.multiMemory()) {
      memory = in.u32();
    } else {
      zeroByte();
      memory = 0;
    }
    requireMemory(memory);
    return memory;
  }

  /** Whether the relaxed SIMD instructions exist. */
  boolean relaxedSimd() {
    return config.relaxedSimd();
  }

  /** The type of addresses and sizes of {@code memory}: i64 for a 64-bit memory, else i32. */
  int addressType(int memory) {
    return module.memories.get(memory).index64() ? I64 : I32;
  }

  /**
   * Reads a memarg, checking the alignment against {@code naturalLog2}; returns the offset (u64 for
   * a 64-bit memory). With multi-memory, bit 6 of the alignment says a memory index follows.
   */
  long memarg(int naturalLog2) {
    int align = in.u32();
    int memory = 0;
    if (config.multiMemory() && (align & 0x40) != 0) {
      align &= ~0x40;
      memory = in.u32();
    }
    requireMemory(memory);
    // With memory64, offsets are u64 numbers, which a 32-bit memory's must fit in 32 bits.
    long offset = config.memory64() ? in.u64() : in.u32() & 0xffff_ffffL;
    if (!module.memories.get(memory).index64() && Long.compareUnsigned(offset, 0xffff_ffffL) > 0) {
      throw invalid("offset out of range");
    }
    if (Integer.compareUnsigned(align, naturalLog2) > 0) {
      throw invalid("alignment must not be larger than natural");
    }
    lastAlign = align;
    lastMemory = memory;
    return offset;
  }

  private int lastAlign;
  private int lastMemory;

  int lastAlign() {
    return lastAlign;
  }

  /** The memory of the last memarg read. */
  int lastMemory() {
    return lastMemory;
  }

  /** The address type of the last memarg's memory. */
  int lastAddressType() {
    return addressType(lastMemory);
  }

  private static int naturalAlignment(int op) {
    return switch (op) {
      case 0x28, 0x2a, 0x34, 0x35, 0x36, 0x38, 0x3e -> 2;
      case 0x29, 0x2b, 0x37, 0x39 -> 3;
      case 0x2e, 0x2f, 0x32, 0x33, 0x3b, 0x3d -> 1;
      default -> 0;
    };
  }

  private void load(int op, int type) {
    long offset = memarg(naturalAlignment(op));
    s.pop(lastAddressType());
    s.push(op == 0x2a ? F32 : type);
    visitor.memory(op, lastAlign, offset, lastMemory);
  }

  private void store(int op, int type) {
    long offset = memarg(naturalAlignment(op));
    s.pop(type);
    s.pop(lastAddressType());
    visitor.memory(op, lastAlign, offset, lastMemory);
  }

  private static boolean isRef(int t) {
    return TypeCodes.isRef(t);
  }

  private void numeric(int op) {
    if (op >= 0x45 && op <= 0xc4) {
      numericTyping(op);
      visitor.plain(op);
      return;
    }
    throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), instructionStart);
  }

  private void numericTyping(int op) {
    if (op == 0x45) {
      s.unop(I32, I32);
    } else if (op <= 0x4f) {
      s.binop(I32, I32);
    } else if (op == 0x50) {
      s.unop(I64, I32);
    } else if (op <= 0x5a) {
      s.binop(I64, I32);
    } else if (op <= 0x60) {
      s.binop(F32, I32);
    } else if (op <= 0x66) {
      s.binop(F64, I32);
    } else if (op <= 0x69) {
      s.unop(I32, I32);
    } else if (op <= 0x78) {
      s.binop(I32, I32);
    } else if (op <= 0x7b) {
      s.unop(I64, I64);
    } else if (op <= 0x8a) {
      s.binop(I64, I64);
    } else if (op <= 0x91) {
      s.unop(F32, F32);
    } else if (op <= 0x98) {
      s.binop(F32, F32);
    } else if (op <= 0x9f) {
      s.unop(F64, F64);
    } else if (op <= 0xa6) {
      s.binop(F64, F64);
    } else if (op <= 0xbf) {
      conversion(op);
    } else {
      if (!config.signExtension()) {
        throw invalid("sign-extension operators are not enabled");
      }
      if (op <= 0xc1) {
        s.unop(I32, I32);
      } else {
        s.unop(I64, I64);
      }
    }
  }

  private void conversion(int op) {
    switch (op) {
      case 0xa7 -> s.unop(I64, I32);
      case 0xa8, 0xa9, 0xbc -> s.unop(F32, I32);
      case 0xaa, 0xab -> s.unop(F64, I32);
      case 0xac, 0xad -> s.unop(I32, I64);
      case 0xae, 0xaf -> s.unop(F32, I64);
      case 0xb0, 0xb1, 0xbd -> s.unop(F64, I64);
      case 0xb2, 0xb3, 0xbe -> s.unop(I32, F32);
      case 0xb4, 0xb5 -> s.unop(I64, F32);
      case 0xb6 -> s.unop(F64, F32);
      case 0xb7, 0xb8 -> s.unop(I32, F64);
      case 0xb9, 0xba, 0xbf -> s.unop(I64, F64);
      default -> s.unop(F32, F64); // 0xbb f64.promote_f32
    }
  }

  // ---- access for SimdValidator, AtomicValidator and BulkValidator ----

  WasmReader reader() {
    return in;
  }

  TypeStack stack() {
    return s;
  }

  ModuleInfo module() {
    return module;
  }

  Config config() {
    return config;
  }

  InstructionVisitor visitor() {
    return visitor;
  }

  void simdUnop(int in, int out) {
    s.unop(in, out);
  }

  void simdBinop(int in, int out) {
    s.binop(in, out);
  }

  void simdPop(int type) {
    s.pop(type);
  }

  void simdPush(int type) {
    s.push(type);
  }

  InvalidModuleException simdInvalid(String reason) {
    return invalid(reason);
  }
}
