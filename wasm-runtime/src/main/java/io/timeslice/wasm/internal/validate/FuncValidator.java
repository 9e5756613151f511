package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.MalformedModuleException;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.internal.binary.BodySkimmer;
import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.ModuleInfo;
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

  private static final int[] NONE = {};
  private static final int[][] SINGLE = new int[0x80][];

  static {
    for (int t : new int[] {I32, I64, F32, F64, V128, FUNCREF, EXTERNREF}) {
      SINGLE[t] = new int[] {t};
    }
  }

  private static final int BLOCK = 0x02;
  private static final int LOOP = 0x03;
  private static final int IF = 0x04;
  private static final int ELSE = 0x05;
  private static final int FUNCTION = 0x00;

  // Exception handling: a try block, and the frame of its catch and catch_all arms.
  private static final int TRY = 0x06;
  private static final int CATCH = 0x07;
  private static final int CATCH_ALL = 0x19;

  private final Config config;
  private final ModuleInfo module;
  private final int[][] typeParams;
  private final int[][] typeResults;

  private WasmReader in;
  private InstructionVisitor visitor = InstructionVisitor.NONE;
  private int[] locals = new int[16];
  private int localCount;

  private int[] stack = new int[64];
  private int sp;

  private int[] frameKind = new int[16];
  private int[] frameHeight = new int[16];
  private boolean[] frameUnreachable = new boolean[16];
  private int[][] frameParams = new int[16][];
  private int[][] frameResults = new int[16][];
  private int depth;
  private int instructionStart;

  /** A validator for the bodies of {@code module}, whose module-level parts are valid. */
  public FuncValidator(Config config, ModuleInfo module) {
    this.config = config;
    this.module = module;
    int n = module.types.size();
    this.typeParams = new int[n][];
    this.typeResults = new int[n][];
    for (int i = 0; i < n; i++) {
      FuncType t = module.types.get(i);
      typeParams[i] = codes(t.params().toArray(ValType[]::new));
      typeResults[i] = codes(t.results().toArray(ValType[]::new));
    }
  }

  private static int[] codes(ValType[] types) {
    int[] out = new int[types.length];
    for (int i = 0; i < types.length; i++) {
      out[i] = types[i].code();
    }
    return out.length == 0 ? NONE : out;
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
    readLocals(typeParams[typeIndex]);
    visitor.begin(funcIndex, Arrays.copyOf(locals, localCount));
    sp = 0;
    depth = 0;
    pushFrame(FUNCTION, NONE, typeResults[typeIndex]);
    int codeStart = in.pos();
    try {
      while (depth > 0) {
        if (!in.hasMore()) {
          throw BodySkimmer.overrun(in, depth);
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
    return frameUnreachable[depth - 1];
  }

  /** The number of open control frames, the function's own included. */
  public int controlDepth() {
    return depth;
  }

  /** The operand stack's height. */
  public int stackHeight() {
    return sp;
  }

  /** The byte offset of the instruction being validated. */
  public int instructionOffset() {
    return instructionStart;
  }

  // ---- locals ----

  private void readLocals(int[] params) {
    localCount = 0;
    for (int p : params) {
      addLocal(p);
    }
    int groups = in.u32();
    if (Integer.compareUnsigned(groups, in.remaining()) > 0) {
      throw in.malformed("unexpected end: local declarations");
    }
    // Decode every declaration first: a count overflowing 2^32 is malformed, and that must win
    // over the engine's (smaller) limit, which is checked before anything is allocated.
    int[] counts = new int[groups];
    int[] types = new int[groups];
    long total = params.length;
    int firstAt = in.pos();
    for (int g = 0; g < groups; g++) {
      int countAt = in.pos();
      counts[g] = in.u32();
      total += counts[g] & 0xffff_ffffL;
      if (total > 0xffff_ffffL) {
        throw WasmReader.malformedAt("too many locals", countAt);
      }
      int typeAt = in.pos();
      ValType t = ValType.ofCode(in.u8());
      if (t == null) {
        throw WasmReader.malformedAt("malformed value type", typeAt);
      }
      checkFeature(t.code(), typeAt);
      types[g] = t.code();
    }
    if (total > config.maxLocals()) {
      throw new InvalidModuleException(
          "too many locals: " + total + ", the limit is " + config.maxLocals(), firstAt);
    }
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < counts[g]; i++) {
        addLocal(types[g]);
      }
    }
  }

  private void addLocal(int type) {
    if (localCount == locals.length) {
      locals = Arrays.copyOf(locals, localCount * 2);
    }
    locals[localCount++] = type;
  }

  private void checkFeature(int type, int at) {
    if (type == V128 && !config.simd()) {
      throw new InvalidModuleException("SIMD support is not enabled", at);
    }
  }

  // ---- errors ----

  private InvalidModuleException invalid(String reason) {
    return new InvalidModuleException(reason, instructionStart);
  }

  private InvalidModuleException typeMismatch(int expected, int actual) {
    return invalid("type mismatch: expected " + name(expected) + ", found " + name(actual));
  }

  private static String name(int type) {
    if (type == UNKNOWN) {
      return "nothing";
    }
    ValType t = ValType.ofCode(type);
    return t == null ? "?" : t.toString();
  }

  // ---- the operand stack ----

  private void push(int type) {
    if (sp == stack.length) {
      stack = Arrays.copyOf(stack, sp * 2);
    }
    stack[sp++] = type;
  }

  private void push(int[] types) {
    for (int t : types) {
      push(t);
    }
  }

  private int pop() {
    if (sp == frameHeight[depth - 1]) {
      if (frameUnreachable[depth - 1]) {
        return UNKNOWN;
      }
      throw invalid("type mismatch: the stack is empty");
    }
    return stack[--sp];
  }

  private int pop(int expected) {
    int actual = pop();
    if (actual != expected && actual != UNKNOWN && expected != UNKNOWN) {
      throw typeMismatch(expected, actual);
    }
    return actual == UNKNOWN ? expected : actual;
  }

  private void pop(int[] types) {
    for (int i = types.length - 1; i >= 0; i--) {
      pop(types[i]);
    }
  }

  private void unop(int in, int out) {
    pop(in);
    push(out);
  }

  private void binop(int in, int out) {
    pop(in);
    pop(in);
    push(out);
  }

  // ---- the control stack ----

  private void pushFrame(int kind, int[] params, int[] results) {
    if (depth == frameKind.length) {
      int n = depth * 2;
      frameKind = Arrays.copyOf(frameKind, n);
      frameHeight = Arrays.copyOf(frameHeight, n);
      frameUnreachable = Arrays.copyOf(frameUnreachable, n);
      frameParams = Arrays.copyOf(frameParams, n);
      frameResults = Arrays.copyOf(frameResults, n);
    }
    frameKind[depth] = kind;
    frameHeight[depth] = sp;
    frameUnreachable[depth] = false;
    frameParams[depth] = params;
    frameResults[depth] = results;
    depth++;
    push(params);
  }

  private int[] popFrameResults() {
    int top = depth - 1;
    pop(frameResults[top]);
    if (sp != frameHeight[top]) {
      throw invalid("type mismatch: values remain on the stack at the end of a block");
    }
    return frameResults[top];
  }

  private int[] labelTypes(int frame) {
    return frameKind[frame] == LOOP ? frameParams[frame] : frameResults[frame];
  }

  private int labelFrame(int relativeDepth) {
    if (Integer.compareUnsigned(relativeDepth, depth) >= 0) {
      throw invalid("unknown label " + Integer.toUnsignedString(relativeDepth));
    }
    return depth - 1 - relativeDepth;
  }

  private void setUnreachable() {
    sp = frameHeight[depth - 1];
    frameUnreachable[depth - 1] = true;
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
    if (ValType.ofCode(b) != null) {
      in.u8();
      checkFeature(b, at);
      return new int[][] {NONE, SINGLE[b]};
    }
    long index = in.s33();
    if (index < 0 || index >= module.types.size()) {
      throw new InvalidModuleException("unknown type " + index, at);
    }
    int i = (int) index;
    if (!config.multiValue() && (typeParams[i].length > 0 || typeResults[i].length > 1)) {
      throw new InvalidModuleException("invalid result arity: multi-value is not enabled", at);
    }
    return new int[][] {typeParams[i], typeResults[i]};
  }

  // ---- instructions ----

  private void instruction(int op) {
    switch (op) {
      case 0x00 -> {
        setUnreachable();
        visitor.plain(op);
      }
      case 0x01 -> visitor.plain(op);
      case BLOCK, LOOP -> {
        int[][] bt = blockType();
        pop(bt[0]);
        pushFrame(op, bt[0], bt[1]);
        visitor.block(op, bt[0], bt[1]);
      }
      case IF -> {
        int[][] bt = blockType();
        pop(I32);
        pop(bt[0]);
        pushFrame(IF, bt[0], bt[1]);
        visitor.block(op, bt[0], bt[1]);
      }
      case ELSE -> {
        if (frameKind[depth - 1] != IF) {
          throw invalid("else without matching if");
        }
        popFrameResults();
        frameKind[depth - 1] = ELSE;
        frameUnreachable[depth - 1] = false;
        push(frameParams[depth - 1]);
        visitor.elseArm();
      }
      case 0x0b -> end();
      case TRY -> {
        requireExceptions(op);
        int[][] bt = blockType();
        pop(bt[0]);
        pushFrame(op, bt[0], bt[1]);
        visitor.block(op, bt[0], bt[1]);
      }
      case CATCH, CATCH_ALL -> {
        requireExceptions(op);
        int tag = op == CATCH ? tagIndex() : -1;
        int kind = frameKind[depth - 1];
        if (kind != TRY && kind != CATCH) {
          throw invalid(
              kind == CATCH_ALL ? "catch after catch_all" : "catch without a matching try");
        }
        popFrameResults();
        frameKind[depth - 1] = op;
        frameUnreachable[depth - 1] = false;
        if (tag >= 0) {
          push(tagParams(tag));
        }
        visitor.catchArm(tag);
      }
      case 0x18 -> {
        requireExceptions(op);
        int relative = in.u32();
        if (frameKind[depth - 1] != TRY) {
          throw invalid("delegate without a matching try");
        }
        // The label counts from the frames around the try, which delegate ends.
        if (Integer.compareUnsigned(relative, depth - 1) >= 0) {
          throw invalid("unknown label " + Integer.toUnsignedString(relative));
        }
        int[] results = popFrameResults();
        depth--;
        push(results);
        visitor.delegate(relative);
      }
      case 0x08 -> {
        requireExceptions(op);
        int tag = tagIndex();
        pop(tagParams(tag));
        setUnreachable();
        visitor.throwTag(tag);
      }
      case 0x09 -> {
        requireExceptions(op);
        int frame = labelFrame(in.u32());
        if (frameKind[frame] != CATCH && frameKind[frame] != CATCH_ALL) {
          throw invalid("invalid rethrow label");
        }
        setUnreachable();
        visitor.rethrow(depth - 1 - frame);
      }
      case 0x0c -> {
        int frame = labelFrame(in.u32());
        pop(labelTypes(frame));
        setUnreachable();
        visitor.branch(op, depth - 1 - frame);
      }
      case 0x0d -> {
        int frame = labelFrame(in.u32());
        pop(I32);
        int[] types = labelTypes(frame);
        pop(types);
        push(types);
        visitor.branch(op, depth - 1 - frame);
      }
      case 0x0e -> brTable();
      case 0x0f -> {
        pop(frameResults[0]);
        setUnreachable();
        visitor.plain(op);
      }
      case 0x10 -> {
        int f = in.u32();
        if (Integer.compareUnsigned(f, module.funcCount) >= 0) {
          throw invalid("unknown function " + Integer.toUnsignedString(f));
        }
        int type = module.funcTypeIndices[f];
        pop(typeParams[type]);
        push(typeResults[type]);
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
        pop(typeParams[type]);
        setUnreachable();
        visitor.returnCall(f);
      }
      case 0x13 -> {
        requireTailCall(op);
        int typeIndex = in.u32();
        int table = callIndirectTable(typeIndex);
        checkTailResults(typeResults[typeIndex]);
        pop(I32);
        pop(typeParams[typeIndex]);
        setUnreachable();
        visitor.returnCallIndirect(typeIndex, table);
      }
      case 0x1a -> {
        pop();
        visitor.plain(op);
      }
      case 0x1b -> {
        pop(I32);
        int t1 = pop();
        int t2 = pop();
        if (isRef(t1) || isRef(t2)) {
          throw invalid("type mismatch: select without a type needs numeric operands");
        }
        if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN) {
          throw typeMismatch(t1, t2);
        }
        int t = t1 == UNKNOWN ? t2 : t1;
        push(t);
        visitor.select(t);
      }
      case 0x1c -> {
        int n = in.u32();
        if (n != 1) {
          throw invalid("invalid result arity: select takes one type");
        }
        int typeAt = in.pos();
        ValType t = ValType.ofCode(in.u8());
        if (t == null) {
          throw WasmReader.malformedAt("malformed value type", typeAt);
        }
        pop(I32);
        pop(t.code());
        pop(t.code());
        push(t.code());
        visitor.select(t.code());
      }
      case 0x20, 0x21, 0x22 -> {
        int index = in.u32();
        if (Integer.compareUnsigned(index, localCount) >= 0) {
          throw invalid("unknown local " + Integer.toUnsignedString(index));
        }
        int t = locals[index];
        if (op == 0x20) {
          push(t);
        } else if (op == 0x21) {
          pop(t);
        } else {
          pop(t);
          push(t);
        }
        visitor.local(op, index);
      }
      case 0x23, 0x24 -> {
        int index = in.u32();
        if (Integer.compareUnsigned(index, module.globals.size()) >= 0) {
          throw invalid("unknown global " + Integer.toUnsignedString(index));
        }
        int t = module.globals.get(index).type().code();
        if (op == 0x23) {
          push(t);
        } else {
          if (!module.globals.get(index).mutable()) {
            throw invalid("global is immutable");
          }
          pop(t);
        }
        visitor.global(op, index);
      }
      case 0x25, 0x26 -> {
        int table = in.u32();
        int t = tableType(table);
        if (op == 0x25) {
          pop(I32);
          push(t);
        } else {
          pop(t);
          pop(I32);
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
          push(size);
        } else {
          unop(size, size);
        }
        visitor.indexed(op, memory, 0);
      }
      case 0x41 -> {
        int v = in.s32();
        push(I32);
        visitor.i32Const(v);
      }
      case 0x42 -> {
        long v = in.s64();
        push(I64);
        visitor.i64Const(v);
      }
      case 0x43 -> {
        int v = in.fixed32();
        push(F32);
        visitor.f32Const(v);
      }
      case 0x44 -> {
        long v = in.fixed64();
        push(F64);
        visitor.f64Const(v);
      }
      case 0xd0 -> {
        int typeAt = in.pos();
        int t = in.u8();
        if (t != FUNCREF && t != EXTERNREF) {
          throw WasmReader.malformedAt("malformed reference type", typeAt);
        }
        push(t);
        visitor.refNull(t);
      }
      case 0xd1 -> {
        int t = pop();
        if (!isRef(t) && t != UNKNOWN) {
          throw invalid("type mismatch: ref.is_null needs a reference, found " + name(t));
        }
        push(I32);
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
        push(FUNCREF);
        visitor.refFunc(f);
      }
      case 0xfc -> prefixedFc();
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
    int[] results = popFrameResults();
    int top = depth - 1;
    if (frameKind[top] == IF && !Arrays.equals(frameParams[top], frameResults[top])) {
      throw invalid("type mismatch: if without else must leave its parameters as results");
    }
    depth--;
    push(results);
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
    pop(I32);
    int[] defaultTypes = labelTypes(labelFrame(defaultDepth));
    for (int d : depths) {
      int[] types = labelTypes(labelFrame(d));
      if (types.length != defaultTypes.length) {
        throw invalid("type mismatch: br_table targets of different arity");
      }
      // Check the operands against this label without consuming them: popping only moves sp.
      int height = sp;
      pop(types);
      sp = height;
    }
    pop(defaultTypes);
    setUnreachable();
    visitor.branchTable(depths, defaultDepth);
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
    return codes(module.tags.get(tag).params().toArray(ValType[]::new));
  }

  /** Tail calls are WebAssembly 3.0: without them their opcodes are no opcodes at all. */
  private void requireTailCall(int op) {
    if (!config.tailCall()) {
      throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), instructionStart);
    }
  }

  /** A tail call returns the callee's results as the function's own: they must be its type. */
  private void checkTailResults(int[] calleeResults) {
    if (!Arrays.equals(calleeResults, frameResults[0])) {
      throw invalid("type mismatch: a tail call's results must be the function's results");
    }
  }

  private void callIndirect() {
    int typeIndex = in.u32();
    int table = callIndirectTable(typeIndex);
    pop(I32);
    pop(typeParams[typeIndex]);
    push(typeResults[typeIndex]);
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
    if (module.tables.get(table).element() != ValType.FUNCREF) {
      throw invalid("type mismatch: call_indirect needs a funcref table");
    }
    if (Integer.compareUnsigned(typeIndex, module.types.size()) >= 0) {
      throw invalid("unknown type " + Integer.toUnsignedString(typeIndex));
    }
    return table;
  }

  private int tableType(int table) {
    if (Integer.compareUnsigned(table, module.tables.size()) >= 0) {
      throw invalid("unknown table " + Integer.toUnsignedString(table));
    }
    TableType t = module.tables.get(table);
    return t.element().code();
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
  private int memoryIndex() {
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
    pop(lastAddressType());
    push(op == 0x2a ? F32 : type);
    visitor.memory(op, lastAlign, offset, lastMemory);
  }

  private void store(int op, int type) {
    long offset = memarg(naturalAlignment(op));
    pop(type);
    pop(lastAddressType());
    visitor.memory(op, lastAlign, offset, lastMemory);
  }

  private static boolean isRef(int t) {
    return t == FUNCREF || t == EXTERNREF;
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
      unop(I32, I32);
    } else if (op <= 0x4f) {
      binop(I32, I32);
    } else if (op == 0x50) {
      unop(I64, I32);
    } else if (op <= 0x5a) {
      binop(I64, I32);
    } else if (op <= 0x60) {
      binop(F32, I32);
    } else if (op <= 0x66) {
      binop(F64, I32);
    } else if (op <= 0x69) {
      unop(I32, I32);
    } else if (op <= 0x78) {
      binop(I32, I32);
    } else if (op <= 0x7b) {
      unop(I64, I64);
    } else if (op <= 0x8a) {
      binop(I64, I64);
    } else if (op <= 0x91) {
      unop(F32, F32);
    } else if (op <= 0x98) {
      binop(F32, F32);
    } else if (op <= 0x9f) {
      unop(F64, F64);
    } else if (op <= 0xa6) {
      binop(F64, F64);
    } else if (op <= 0xbf) {
      conversion(op);
    } else {
      if (!config.signExtension()) {
        throw invalid("sign-extension operators are not enabled");
      }
      if (op <= 0xc1) {
        unop(I32, I32);
      } else {
        unop(I64, I64);
      }
    }
  }

  private void conversion(int op) {
    switch (op) {
      case 0xa7 -> unop(I64, I32);
      case 0xa8, 0xa9, 0xbc -> unop(F32, I32);
      case 0xaa, 0xab -> unop(F64, I32);
      case 0xac, 0xad -> unop(I32, I64);
      case 0xae, 0xaf -> unop(F32, I64);
      case 0xb0, 0xb1, 0xbd -> unop(F64, I64);
      case 0xb2, 0xb3, 0xbe -> unop(I32, F32);
      case 0xb4, 0xb5 -> unop(I64, F32);
      case 0xb6 -> unop(F64, F32);
      case 0xb7, 0xb8 -> unop(I32, F64);
      case 0xb9, 0xba, 0xbf -> unop(I64, F64);
      default -> unop(F32, F64); // 0xbb f64.promote_f32
    }
  }

  private void prefixedFc() {
    int sub = in.u32();
    int op = PREFIX_FC | sub;
    if (sub <= 7) {
      if (!config.saturatingFloatToInt()) {
        throw invalid("non-trapping float-to-int conversions are not enabled");
      }
      int from = (sub & 2) == 0 ? F32 : F64;
      int to = sub < 4 ? I32 : I64;
      unop(from, to);
      visitor.plain(op);
      return;
    }
    switch (sub) {
      case 8 -> {
        int segment = in.u32();
        int memory = memoryIndex();
        requireDataCount();
        if (Integer.compareUnsigned(segment, dataSegments()) >= 0) {
          throw invalid("unknown data segment " + Integer.toUnsignedString(segment));
        }
        pop(I32);
        pop(I32);
        pop(addressType(memory));
        visitor.indexed(op, segment, memory);
      }
      case 9 -> {
        int segment = in.u32();
        requireDataCount();
        if (Integer.compareUnsigned(segment, dataSegments()) >= 0) {
          throw invalid("unknown data segment " + Integer.toUnsignedString(segment));
        }
        visitor.indexed(op, segment, 0);
      }
      case 10 -> {
        int dst = memoryIndex();
        int src = memoryIndex();
        int dt = addressType(dst);
        int st = addressType(src);
        // The count is an i64 only between two 64-bit memories.
        pop(dt == I64 && st == I64 ? I64 : I32);
        pop(st);
        pop(dt);
        visitor.indexed(op, dst, src);
      }
      case 11 -> {
        int memory = memoryIndex();
        int t = addressType(memory);
        pop(t);
        pop(I32);
        pop(t);
        visitor.indexed(op, memory, 0);
      }
      case 12 -> {
        int segment = in.u32();
        int table = in.u32();
        int t = tableType(table);
        int elemType = elementType(segment);
        if (t != elemType) {
          throw typeMismatch(t, elemType);
        }
        pop(I32);
        pop(I32);
        pop(I32);
        visitor.indexed(op, segment, table);
      }
      case 13 -> {
        int segment = in.u32();
        elementType(segment);
        visitor.indexed(op, segment, 0);
      }
      case 14 -> {
        int dst = in.u32();
        int src = in.u32();
        int dt = tableType(dst);
        int st = tableType(src);
        if (dt != st) {
          throw typeMismatch(dt, st);
        }
        pop(I32);
        pop(I32);
        pop(I32);
        visitor.indexed(op, dst, src);
      }
      case 15 -> {
        int table = in.u32();
        int t = tableType(table);
        pop(I32);
        pop(t);
        push(I32);
        visitor.indexed(op, table, 0);
      }
      case 16 -> {
        int table = in.u32();
        tableType(table);
        push(I32);
        visitor.indexed(op, table, 0);
      }
      case 17 -> {
        int table = in.u32();
        int t = tableType(table);
        pop(I32);
        pop(t);
        pop(I32);
        visitor.indexed(op, table, 0);
      }
      default ->
          throw WasmReader.malformedAt(
              "illegal opcode 0xfc " + Integer.toUnsignedString(sub), instructionStart);
    }
  }

  /**
   * {@code memory.init} and {@code data.drop} need the data count section when there is a data
   * section (a one-pass decoder meets the code before the data); without any data, the segment
   * index is simply unknown.
   */
  private void requireDataCount() {
    if (module.dataCount < 0 && module.hasDataSection) {
      throw WasmReader.malformedAt("data count section required", instructionStart);
    }
  }

  private int dataSegments() {
    return module.dataCount >= 0 ? module.dataCount : module.datas.size();
  }

  private int elementType(int segment) {
    if (Integer.compareUnsigned(segment, module.elements.size()) >= 0) {
      throw invalid("unknown elem segment " + Integer.toUnsignedString(segment));
    }
    return module.elements.get(segment).type().code();
  }

  // ---- access for SimdValidator ----

  WasmReader reader() {
    return in;
  }

  InstructionVisitor visitor() {
    return visitor;
  }

  void simdUnop(int in, int out) {
    unop(in, out);
  }

  void simdBinop(int in, int out) {
    binop(in, out);
  }

  void simdPop(int type) {
    pop(type);
  }

  void simdPush(int type) {
    push(type);
  }

  InvalidModuleException simdInvalid(String reason) {
    return invalid(reason);
  }
}
