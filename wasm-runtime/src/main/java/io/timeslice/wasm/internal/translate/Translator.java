package io.timeslice.wasm.internal.translate;

import static io.timeslice.wasm.internal.translate.OperandStack.CONST;
import static io.timeslice.wasm.internal.translate.OperandStack.LOCAL;
import static io.timeslice.wasm.internal.translate.OperandStack.TEMP;
import static io.timeslice.wasm.internal.translate.OperandStack.V128;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;
import io.timeslice.wasm.internal.ir.SlotOutOfRange;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.validate.FuncValidator;
import io.timeslice.wasm.internal.validate.InstructionVisitor;

/**
 * Translates a function body into register IR while the validator validates it, in one pass (the
 * validator calls this visitor after each instruction). See docs/ir.md.
 *
 * <p>This class dispatches each instruction and keeps reachability; its parts hold the state, as in
 * Wasmi's translator: the {@link OperandStack} (where values are, and putting them into slots), the
 * {@link ControlStack} (blocks and their labels), the {@link Locals}, the {@link ConstantPool}, the
 * {@link FuelCharges}, and the {@link Fusion} stage, which rewrites what was just written into
 * superinstructions. The v128 instructions are translated by {@link SimdTranslator}, accesses of
 * other memories than memory 0 by {@link MemoryTranslator}, the ops on a memory or table index by
 * {@link BulkTranslator}, the atomics by {@link AtomicTranslator}; try blocks are collected in
 * {@link TryBlocks}.
 */
public final class Translator implements InstructionVisitor {
  private static final int I32 = 0x7f;
  private static final int I64 = 0x7e;

  /** The type of a catch arm's hidden value, the caught exception: one cell, a store reference. */
  private static final int EXCEPTION = 0x69;

  private final ModuleInfo module;
  private final FuncValidator validator;
  private final IrWriter w = new IrWriter();

  private int funcIndex;

  private final Locals locals = new Locals();
  private final ConstantPool pool;
  private final Fusion fusion;
  private final OperandStack stack;
  private final ControlStack control = new ControlStack(w);
  private final TryBlocks tries = new TryBlocks();
  private final FuelCharges charges;
  private final Branches branches;

  /** Instructions seen while the code is unreachable are skipped; nested blocks are counted. */
  private boolean dead;

  private int deadNesting;

  private CompiledFunction result;

  /**
   * Without optimisations: the optimised translator, and the size of its pool for this function.
   */
  private Translator optimized;

  private int reservedCells;

  /**
   * Whether the function's frame passed the 16-bit slots, so that its locals, parameters included,
   * are wide (docs/ir.md, "Wide locals").
   */
  private boolean wide;

  private final SimdTranslator simd;

  /** The accesses of other memories than memory 0 and of 64-bit ones. */
  private final MemoryTranslator memories;

  /** The instructions on a memory or table index: sizes, growth, bulk ops. */
  private final BulkTranslator bulk;

  /** The atomic instructions (threads). */
  private final AtomicTranslator atomics;

  /** Whether to meter fuel: charges at the charge points, else interruption checks only. */
  private final boolean fuel;

  /**
   * Whether to fold constants, use immediate forms and the constant pool, fuse compare-and-branch
   * and eliminate copies; off, every constant is loaded and every value copied where it goes.
   */
  private final boolean optimize;

  /** A translator without fuel metering (interruption checks at function entry and loops). */
  public Translator(ModuleInfo module, FuncValidator validator) {
    this(module, validator, false);
  }

  /**
   * A translator for the functions of {@code module}, driven by {@code validator}; with {@code
   * fuel}, it emits the charges of docs/fuel.md.
   */
  public Translator(ModuleInfo module, FuncValidator validator, boolean fuel) {
    this(module, validator, fuel, true);
  }

  /**
   * A translator for the functions of {@code module}, driven by {@code validator}; with {@code
   * fuel}, it emits the charges of docs/fuel.md; with {@code optimize}, the optimisations of
   * docs/ir.md.
   */
  public Translator(ModuleInfo module, FuncValidator validator, boolean fuel, boolean optimize) {
    this.module = module;
    this.validator = validator;
    this.fuel = fuel;
    this.optimize = optimize;
    this.pool = new ConstantPool(optimize);
    this.fusion = new Fusion(w, optimize);
    this.stack = new OperandStack(w, pool, fusion);
    this.charges = new FuelCharges(w, fuel);
    this.branches = new Branches(w, stack, control, fusion, locals, optimize);
    this.memories = new MemoryTranslator(stack, fusion, w, module);
    this.simd = new SimdTranslator(stack, fusion, w, memories);
    this.bulk = new BulkTranslator(stack, fusion, w, module, memories, charges);
    this.atomics = new AtomicTranslator(stack, w, memories, module);
  }

  /**
   * Validates and translates function {@code index} (a defined function).
   *
   * @throws io.timeslice.wasm.WasmException when the body is malformed or invalid
   * @throws UnsupportedOperationException for instructions the translator does not support yet
   */
  public CompiledFunction translate(int index) {
    if (!optimize) {
      // Frames as large as the optimised IR's and laid out alike (see finish), so that the value
      // stack fills at the same call and a stack-exhausting call consumes the same fuel.
      if (optimized == null) {
        optimized = new Translator(module, validator, fuel, true);
      }
      optimized.translate(index);
      reservedCells = optimized.pool.size();
      wide = optimized.wide;
    } else {
      wide = false;
    }
    try {
      attempt(index);
    } catch (SlotOutOfRange e) {
      if (wide) {
        throw tooLarge();
      }
      // Its frame passes the 16-bit slots: again, with wide locals.
      wide = true;
      try {
        attempt(index);
      } catch (SlotOutOfRange again) {
        throw tooLarge();
      }
    }
    CompiledFunction f = result;
    result = null;
    return f;
  }

  /** Validates and translates the function once, again without the pool if its slots collide. */
  private void attempt(int index) {
    validator.validate(index, this);
    if (result == null) {
      // Its slots collide with the pool's placeholders: again, with constants materialized.
      pool.enable(false);
      try {
        validator.validate(index, this);
      } finally {
        pool.enable(optimize);
      }
    }
  }

  /**
   * A function whose operand stack and constants alone pass the 16-bit slots: the one frame limit
   * wide locals leave (docs/limits.md).
   */
  private io.timeslice.wasm.InvalidModuleException tooLarge() {
    return new io.timeslice.wasm.InvalidModuleException(
        "function "
            + funcIndex
            + " needs more than 65535 frame slots for its operand stack and constants",
        module.codeOffsets[funcIndex - module.importedFuncs]);
  }

  // ---- the visitor ----

  @Override
  public void begin(int index, int[] localTypes) {
    funcIndex = index;
    var funcType = module.funcType(index);
    locals.reset(localTypes, wide);
    int[] resultTypes = new int[funcType.resultCount()];
    for (int i = 0; i < resultTypes.length; i++) {
      resultTypes[i] = funcType.result(i).code();
    }
    branches.begin(resultTypes);
    stack.reset(locals.cells());
    control.clear();
    dead = false;
    deadNesting = 0;
    fusion.reset();
    w.reset();
    pool.reset();
    tries.reset();
    charges.reset();
    control.push(ControlStack.BLOCK, 0, new int[0], resultTypes);
    chargePoint(true);
  }

  @Override
  public void v128Const(long low, long high) {
    if (!skip()) {
      stack.pushV128(low, high);
    }
  }

  @Override
  public void lane(int opcode, int lane) {
    if (!skip()) {
      simd.lane(opcode, lane);
    }
  }

  @Override
  public void shuffle(byte[] lanes) {
    if (!skip()) {
      simd.shuffle(lanes);
    }
  }

  @Override
  public void atomic(int opcode, long offset, int memory) {
    if (!skip()) {
      atomics.atomic(opcode, offset, memory);
    }
  }

  @Override
  public void memoryLane(int opcode, int align, long offset, int lane, int memory) {
    if (!skip()) {
      simd.memoryLane(opcode, offset, lane, memory);
    }
  }

  /** Called first by every instruction's visit: bills it to the open block, unless dead. */
  private boolean skip() {
    fusion.lastPc = -1;
    if (!dead) {
      charges.bill();
    }
    return dead;
  }

  /** Starts a block at a charge point (docs/fuel.md; {@code entry}: the function's). */
  private void chargePoint(boolean entry) {
    charges.chargePoint(entry);
    fusion.lastPc = -1;
  }

  /** Bills a structural instruction ({@code block}, {@code else}, {@code end}) unless dead. */
  private void billStructural() {
    if (!dead) {
      charges.bill();
    }
  }

  @Override
  public void plain(int opcode) {
    int last = fusion.lastPc;
    if (skip()) {
      return;
    }
    switch (opcode) {
      case 0x00 -> {
        w.c(Op.TRAP, TrapCode.UNREACHABLE.number());
        dead = true;
      }
      case 0x01 -> {}
      case 0x0f -> {
        branches.ret(last);
        dead = true;
      }
      case 0x1a -> stack.pop(1);
      case 0xd1 -> {
        int h = stack.height() - 1;
        int a = stack.slotFor(h);
        stack.pop(1);
        int at = w.ra(Op.I64_EQZ, stack.slotOf(h), a);
        stack.pushTemp(I32);
        fusion.lastPc = at;
      }
      case 0xd4 -> {
        int h = stack.height() - 1;
        int a = stack.slotFor(h);
        int t = stack.type[h];
        stack.pop(1);
        int at = w.ra(Op.REF_AS_NON_NULL, stack.slotOf(h), a);
        stack.pushTemp(t);
        fusion.lastPc = at;
      }
      case 0xbc, 0xbd, 0xbe, 0xbf -> stack.type[stack.height() - 1] = WasmOps.reinterpreted(opcode);
      case 0xd3 -> {
        int hb = stack.height() - 1;
        int a = stack.slotFor(hb - 1);
        int b = stack.slotFor(hb);
        stack.pop(2);
        w.rab(Op.REF_EQ, stack.slotOf(hb - 1), a, b);
        stack.pushTemp(I32);
      }
      // GC's conversions: the same reference, of the other hierarchy (docs/proposals.md).
      case FuncValidator.PREFIX_GC | 0x1a, FuncValidator.PREFIX_GC | 0x1b -> {}
      case FuncValidator.PREFIX_GC | 0x1c -> unaryGc(Op.REF_I31, 0x6c);
      case FuncValidator.PREFIX_GC | 0x1d -> unaryGc(Op.I31_GET_S, I32);
      case FuncValidator.PREFIX_GC | 0x1e -> unaryGc(Op.I31_GET_U, I32);
      default -> {
        if (opcode >= FuncValidator.PREFIX_SIMD) {
          simd.plain(opcode);
        } else {
          numeric(opcode);
        }
      }
    }
  }

  /** GC's {@code ref.test} and {@code ref.cast}: the operand and its type code ({@code Casts}). */
  @Override
  public void cast(int sub, int target) {
    if (skip()) {
      return;
    }
    int h = stack.height() - 1;
    int a = stack.slotFor(h);
    stack.pop(1);
    boolean test = sub < 0x16;
    w.rax(test ? Op.REF_TEST : Op.REF_CAST, stack.slotOf(h), a, target);
    stack.pushTemp(test ? I32 : target);
  }

  /**
   * {@code br_on_cast} and {@code br_on_cast_fail}: the reference stays where it is, on both paths;
   * a test into the cell above it (negated for br_on_cast_fail) decides the branch.
   */
  @Override
  public void brOnCast(boolean onFail, int relativeDepth, int target) {
    if (skip()) {
      return;
    }
    int frame = control.depth() - 1 - relativeDepth;
    int h = stack.height() - 1;
    int a = stack.materialize(h);
    int cond = a + OperandStack.cells(stack.type[h]);
    stack.cover(h, OperandStack.cells(stack.type[h]) + 1);
    w.rax(Op.REF_TEST, cond, a, target);
    if (onFail) {
      w.ra(Op.I32_EQZ, cond, cond);
    }
    branches.brIf(frame, cond, OperandStack.TEMP, -1);
    fusion.lastPc = -1;
  }

  private void unaryGc(int op, int resultType) {
    int h = stack.height() - 1;
    int a = stack.slotFor(h);
    stack.pop(1);
    w.ra(op, stack.slotOf(h), a);
    stack.pushTemp(resultType);
  }

  private void numeric(int opcode) {
    int op = WasmOps.irOp(opcode);
    if (op == WasmOps.NONE) {
      throw new UnsupportedOperationException(
          "not supported by the translator yet: " + WasmOps.name(opcode));
    }
    int resultType = WasmOps.resultType(opcode);
    if (Op.format(op) == OpFormat.RA) {
      int h = stack.height() - 1;
      int a = stack.slotFor(h);
      stack.pop(1);
      int at = w.ra(op, stack.slotOf(h), a);
      stack.pushTemp(resultType);
      fusion.lastPc = at;
      return;
    }
    binary(opcode, op, resultType);
  }

  private void binary(int opcode, int op, int resultType) {
    OperandStack s = stack;
    int ha = s.height() - 2;
    int hb = s.height() - 1;
    if (optimize && s.kind[ha] == CONST && s.kind[hb] == CONST) {
      Long folded = ConstantFolding.fold(opcode, s.bits[ha], s.bits[hb]);
      if (folded != null) {
        s.pop(2);
        s.push(CONST, 0, folded, resultType);
        return;
      }
    }
    if (optimize
        && s.kind[ha] == CONST
        && s.kind[hb] != CONST
        && ConstantFolding.commutes(opcode)) {
      s.swap(ha, hb);
    }
    if (optimize && s.kind[hb] == CONST && ConstantFolding.isRightIdentity(opcode, s.bits[hb])) {
      s.pop(1); // x + 0, x * 1, x << 0, …: the value is x, wherever it is
      s.type[ha] = resultType;
      if (s.kind[ha] == TEMP && s.where[ha] != s.slotOf(ha)) {
        // 0 + x, swapped above: x is the temporary of the height above, whose slot the next value
        // will take, so it moves down to its own.
        fusion.copy(s.slotOf(ha), s.where[ha]);
        s.where[ha] = s.slotOf(ha);
      }
      return;
    }
    if (fusion.binary(s, ha, hb, op)) {
      return;
    }
    int immOp = WasmOps.variant(op, "", "_imm");
    int at;
    if (optimize
        && s.kind[hb] == CONST
        && immOp != WasmOps.NONE
        && IrWriter.fitsImm16(s.bits[hb])) {
      int a = s.slotFor(ha);
      at = w.rai(immOp, s.slotOf(ha), a, (int) s.bits[hb]);
      fusion.immediateWritten(immOp, (int) s.bits[hb], at);
    } else {
      int a = s.slotFor(ha);
      int b = s.slotFor(hb);
      at = fusion.addOrPair(op, s.slotOf(ha), a, b);
    }
    s.pop(2);
    s.pushTemp(resultType);
    fusion.lastPc = at;
    fusion.binaryWritten(op, at);
  }

  @Override
  public void i32Const(int value) {
    if (!skip()) {
      stack.push(CONST, 0, value, I32);
    }
  }

  @Override
  public void i64Const(long value) {
    if (!skip()) {
      stack.push(CONST, 0, value, I64);
    }
  }

  @Override
  public void f32Const(int value) {
    if (!skip()) {
      stack.push(CONST, 0, value, 0x7d);
    }
  }

  @Override
  public void f64Const(long value) {
    if (!skip()) {
      stack.push(CONST, 0, value, 0x7c);
    }
  }

  @Override
  public void local(int opcode, int index) {
    int last = fusion.lastPc;
    if (skip()) {
      return;
    }
    if (locals.wide()) {
      wideLocal(opcode, index);
      return;
    }
    OperandStack s = stack;
    int cell = locals.cell(index);
    if (opcode == 0x20) {
      s.push(LOCAL, cell, 0, locals.type(index));
      return;
    }
    int h = s.height() - 1;
    if (optimize && s.kind[h] == LOCAL && s.where[h] == cell) {
      // x = x: nothing changes, and no copy of x needs preserving.
      if (opcode == 0x21) {
        s.pop(1);
      }
      return;
    }
    if (optimize && last >= 0 && s.ownTemp(h) && !s.referencesLocal(cell, h)) {
      // The instruction that produced the value writes the local directly.
      w.setResultSlot(last, cell);
    } else {
      s.preserveLocal(cell);
      switch (s.kind[h]) {
        case CONST -> s.constantValue(cell, h);
        default -> {
          if (s.where[h] != cell || s.kind[h] != LOCAL) {
            s.copyValue(cell, s.where[h], s.type[h]);
          }
        }
      }
    }
    if (opcode == 0x21) {
      s.pop(1);
    } else {
      s.kind[h] = LOCAL;
      s.where[h] = cell;
    }
  }

  /**
   * {@code local.get}, {@code set} or {@code tee} of a wide local: a copy between its cell and the
   * operand stack, emitted at once (a wide local never stands on the stack as a local, so nothing
   * on the stack refers to it when it changes).
   */
  private void wideLocal(int opcode, int index) {
    boolean v128 = locals.type(index) == V128;
    int cell = locals.cell(index);
    if (opcode == 0x20) {
      w.rx(v128 ? Op.LOCAL_GET_WIDE_V128 : Op.LOCAL_GET_WIDE, stack.slotOf(stack.height()), cell);
      stack.pushTemp(locals.type(index));
      return;
    }
    int value = stack.slotFor(stack.height() - 1);
    w.rx(v128 ? Op.LOCAL_SET_WIDE_V128 : Op.LOCAL_SET_WIDE, value, cell);
    if (opcode == 0x21) {
      stack.pop(1);
    }
  }

  @Override
  public void global(int opcode, int index) {
    if (skip()) {
      return;
    }
    boolean v128 = module.globals.get(index).type() == io.timeslice.wasm.ValType.V128;
    if (opcode == 0x23) {
      int at = w.rx(v128 ? Op.GLOBAL_GET_V128 : Op.GLOBAL_GET, stack.slotOf(stack.height()), index);
      stack.pushTemp(module.globals.get(index).type().code());
      fusion.lastPc = at;
    } else {
      int value = stack.slotFor(stack.height() - 1);
      w.rx(v128 ? Op.GLOBAL_SET_V128 : Op.GLOBAL_SET, value, index);
      stack.pop(1);
    }
  }

  @Override
  public void memory(int opcode, int align, long offset, int memory) {
    if (skip()) {
      return;
    }
    if (opcode >= FuncValidator.PREFIX_SIMD) {
      simd.memory(opcode, offset, memory);
      return;
    }
    int op = WasmOps.irOp(opcode);
    if (memory != 0 || memories.index64(memory)) {
      memories.access(opcode, op, offset, memory);
      return;
    }
    if (opcode <= 0x35) {
      int h = stack.height() - 1;
      int at = fusion.load(stack, op, h, (int) offset);
      stack.pop(1);
      stack.pushTemp(WasmOps.loadType(opcode));
      fusion.lastPc = at;
    } else {
      fusion.store(stack, op, (int) offset);
      stack.pop(2);
    }
  }

  @Override
  public void indexed(int opcode, int index0, int index1) {
    if (!skip()) {
      bulk.indexed(opcode, index0, index1);
    }
  }

  @Override
  public void refNull(int t) {
    if (!skip()) {
      stack.push(CONST, 0, 0, t);
    }
  }

  @Override
  public void refFunc(int funcIndex) {
    if (skip()) {
      return;
    }
    int at = w.rx(Op.REF_FUNC, stack.slotOf(stack.height()), funcIndex);
    stack.pushTemp(0x70);
    fusion.lastPc = at;
  }

  @Override
  public void select(int t) {
    int last = fusion.lastPc;
    if (skip()) {
      return;
    }
    int hc = stack.height() - 1;
    int hb = stack.height() - 2;
    int ha = stack.height() - 3;
    int c = stack.slotFor(hc);
    int b = stack.slotFor(hb);
    int a = stack.slotFor(ha);
    int at = t != V128 ? fusion.compareSelect(stack, last, hc, stack.slotOf(ha), a, b) : -1;
    if (at < 0) {
      at = w.sel(t == V128 ? Op.SELECT_V128 : Op.SELECT, stack.slotOf(ha), a, b, c);
    }
    stack.pop(3);
    stack.pushTemp(t);
    fusion.lastPc = at;
  }

  @Override
  public void call(int callee) {
    if (skip()) {
      return;
    }
    var type0 = module.funcType(callee);
    int base = stack.height() - type0.paramCount();
    stack.materializeFrom(base);
    w.rx(Op.CALL, stack.slotOf(base), callee);
    finishCall(type0);
  }

  @Override
  public void callIndirect(int typeIndex, int tableIndex) {
    if (skip()) {
      return;
    }
    var type0 = module.types.get(typeIndex);
    int index = stack.slotFor(stack.height() - 1);
    stack.pop(1);
    int base = stack.height() - type0.paramCount();
    stack.materializeFrom(base);
    w.calli(Op.CALL_INDIRECT, stack.slotOf(base), index, tableIndex, typeIndex);
    finishCall(type0);
  }

  @Override
  public void returnCall(int callee) {
    if (skip()) {
      return;
    }
    var type0 = module.funcType(callee);
    int base = stack.height() - type0.paramCount();
    stack.materializeFrom(base);
    w.rx(Op.RETURN_CALL, stack.slotOf(base), callee);
    finishTailCall(type0, base);
  }

  @Override
  public void returnCallIndirect(int typeIndex, int tableIndex) {
    if (skip()) {
      return;
    }
    var type0 = module.types.get(typeIndex);
    int index = stack.slotFor(stack.height() - 1);
    stack.pop(1);
    int base = stack.height() - type0.paramCount();
    stack.materializeFrom(base);
    w.calli(Op.RETURN_CALL_INDIRECT, stack.slotOf(base), index, tableIndex, typeIndex);
    finishTailCall(type0, base);
  }

  @Override
  public void callRef(int typeIndex) {
    viaReference(typeIndex, false);
  }

  @Override
  public void returnCallRef(int typeIndex) {
    viaReference(typeIndex, true);
  }

  /** {@code call_ref} or (a {@code tail} call) {@code return_call_ref} of the reference on top. */
  private void viaReference(int typeIndex, boolean tail) {
    if (skip()) {
      return;
    }
    var type0 = module.types.get(typeIndex);
    int ref = stack.slotFor(stack.height() - 1);
    stack.pop(1);
    int base = stack.height() - type0.paramCount();
    stack.materializeFrom(base);
    w.ra(tail ? Op.RETURN_CALL_REF : Op.CALL_REF, stack.slotOf(base), ref);
    if (tail) {
      finishTailCall(type0, base);
    } else {
      finishCall(type0);
    }
  }

  /**
   * After a tail call: a Wasm callee never comes back here, but a host function returns to the next
   * instruction with its results where its arguments were, and this return hands them on.
   */
  private void finishTailCall(io.timeslice.wasm.FuncType callee, int base) {
    int results = callee.resultCells();
    stack.cover(base, Math.max(callee.paramCells(), results));
    if (results == 0) {
      w.n(Op.RETURN);
    } else {
      w.rn(Op.RETURN_SPAN, 0, stack.slotOf(base), results);
    }
    dead = true;
  }

  /**
   * After a call, whose arguments were put into their own slots, where the callee's frame begins:
   * nothing live is above them (they are on top), and values below that refer to locals stay valid
   * (a callee cannot change its caller's locals). Its results replace them.
   */
  private void finishCall(io.timeslice.wasm.FuncType callee) {
    stack.pop(callee.paramCount());
    // The callee's frame extends past our temporaries; our frame must cover its argument cells.
    stack.cover(stack.height(), callee.paramCells());
    for (int i = 0; i < callee.resultCount(); i++) {
      stack.pushTemp(callee.result(i).code());
    }
  }

  @Override
  public void block(int opcode, int[] params, int[] results) {
    if (dead) {
      deadNesting++;
      fusion.lastPc = -1;
      return;
    }
    billStructural();
    int cond = -1;
    int condKind = 0;
    int fusedAt = -1;
    if (opcode == ControlStack.IF) {
      condKind = stack.kind[stack.height() - 1];
      fusedAt = fusion.lastPc;
      cond = stack.slotFor(stack.height() - 1);
      stack.pop(1);
    }
    fusion.lastPc = -1;
    // A local's value left on the stack below the block is copied to its own slot before the block:
    // a copy made where the block writes the local would run on one path only (an if arm) or on
    // every iteration (a loop), while the value is read after the block on all of them
    // (regression cases local-get-preserved-on-one-path*, TranslatorRegressionTest).
    int base = stack.height() - params.length;
    materializeBelowBlock(base);
    control.push(opcode, stack.height(), params, results);
    int frame = control.depth() - 1;
    if (opcode == ControlStack.TRY || opcode == ControlStack.TRY_TABLE) {
      // A label, so that no fusion spans the body's start.
      w.markLabel();
      fusion.lastPc = -1;
      control.tryId[frame] = tries.open(w.position(), control.tryAround(frame - 1));
    } else if (opcode == ControlStack.LOOP) {
      control.loopStart[frame] = w.position();
      w.markLabel();
      chargePoint(false);
    } else if (opcode == ControlStack.IF) {
      control.elseJump[frame] = fusion.jumpIf(false, cond, condKind, fusedAt);
      chargePoint(false);
    }
  }

  @Override
  public void elseArm() {
    fusion.lastPc = -1;
    if (deadNesting > 0) {
      return;
    }
    int frame = control.depth() - 1;
    billStructural();
    if (!dead) {
      branches.copyResults(frame);
      control.target(frame, fusion.jump(), 0);
    }
    w.patchJump(control.elseJump[frame], 0, w.position());
    control.elseJump[frame] = -1;
    control.kind[frame] = ControlStack.ELSE;
    dead = false;
    chargePoint(false);
    stack.replaceFrom(control.base[frame], control.paramTypes[frame]);
  }

  @Override
  public void end() {
    int last = fusion.lastPc;
    fusion.lastPc = -1;
    if (deadNesting > 0) {
      deadNesting--;
      return;
    }
    int frame = control.depth() - 1;
    billStructural();
    if (frame == 0) {
      if (!dead) {
        branches.ret(last);
      }
      charges.close();
      finish();
      return;
    }
    if (!dead) {
      branches.copyResults(frame);
    }
    if (control.elseJump[frame] >= 0) {
      // An if without else: its false branch lands here (its params are its results).
      w.patchJump(control.elseJump[frame], 0, w.position());
    }
    closeBlock(frame);
  }

  /**
   * Gives every value below a block starting at height {@code base} and its parameters their own
   * slots.
   */
  private void materializeBelowBlock(int base) {
    for (int h = 0; h < base; h++) {
      if (stack.kind[h] == LOCAL) {
        stack.materialize(h);
      }
    }
    stack.materializeFrom(base);
  }

  /** The end of a block that is not the function's: its label is here, its results on the stack. */
  private void closeBlock(int frame) {
    if (control.kind[frame] == ControlStack.TRY || control.kind[frame] == ControlStack.TRY_TABLE) {
      tries.closeBody(control.tryId[frame], w.position());
    }
    if (control.kind[frame] != ControlStack.LOOP) {
      control.pinLabel(frame);
      fusion.lastPc = -1;
    }
    control.pop();
    dead = false;
    stack.replaceFrom(control.base[frame], control.resultTypes[frame]);
    chargePoint(false);
  }

  // ---- exception handling ----

  /**
   * {@code catch} (tag {@code tag}) or {@code catch_all} (-1): ends the body or the arm before,
   * then opens an arm, a charge point where the executor lands with the exception in the frame's
   * base cell (a hidden value below the arm's, for {@code rethrow}) and its values above it.
   */
  @Override
  public void catchArm(int tag) {
    fusion.lastPc = -1;
    if (deadNesting > 0) {
      return;
    }
    int frame = control.depth() - 1;
    billStructural();
    int id = control.tryId[frame];
    tries.closeBody(id, w.position());
    if (!dead) {
      branches.copyResults(frame);
      control.target(frame, fusion.jump(), 0);
    }
    control.kind[frame] = ControlStack.CATCH;
    dead = false;
    w.markLabel();
    int handler = w.position();
    chargePoint(false);
    stack.truncate(control.base[frame]);
    int exceptionSlot = stack.slotOf(stack.height());
    stack.pushTemp(EXCEPTION);
    int payloadSlot = stack.slotOf(stack.height());
    if (tag >= 0) {
      for (io.timeslice.wasm.ValType t : module.tags.get(tag).params()) {
        stack.pushTemp(t.code());
      }
    }
    tries.addCatch(id, tag, handler, exceptionSlot, payloadSlot);
  }

  /**
   * {@code try_table}: a block whose body is a try. Each catch clause is a landing pad before the
   * body, which the body's first instruction jumps over: the executor lands there with the
   * exception's values (and, for the _ref kinds, its reference after them) where the stack below
   * the block ends, and the pad branches with them to the clause's label, paying its charge as any
   * branch does. The clauses themselves cost nothing: they are part of the try_table.
   */
  @Override
  public void tryTable(int[] params, int[] results, int[] clauses) {
    if (dead) {
      block(ControlStack.TRY_TABLE, params, results);
      return;
    }
    int outer = control.depth() - 1;
    int base = stack.height() - params.length;
    int over = -1;
    int[] handlers = new int[clauses.length / 3];
    int[][] slots = new int[handlers.length][];
    if (handlers.length > 0) {
      // Before the pads, every value below the block and its parameters are in their own slots.
      materializeBelowBlock(base);
      over = fusion.jump();
    }
    for (int i = 0; i < handlers.length; i++) {
      w.markLabel();
      fusion.lastPc = -1;
      handlers[i] = w.position();
      stack.truncate(base);
      int tag = clauses[3 * i + 1];
      int payloadSlot = stack.slotOf(base);
      if (tag >= 0) {
        for (io.timeslice.wasm.ValType t : module.tags.get(tag).params()) {
          stack.pushTemp(t.code());
        }
      }
      int exnSlot = TryBlocks.NO_SLOT;
      if ((clauses[3 * i] & 1) != 0) {
        exnSlot = stack.slotOf(stack.height());
        stack.pushTemp(EXCEPTION);
      }
      slots[i] = new int[] {tag, exnSlot, payloadSlot};
      branches.br(outer - clauses[3 * i + 2]);
    }
    if (over >= 0) {
      stack.replaceFrom(base, params);
      w.patchJump(over, 0, w.position());
    }
    block(ControlStack.TRY_TABLE, params, results);
    int id = control.tryId[control.depth() - 1];
    for (int i = 0; i < handlers.length; i++) {
      tries.addCatch(id, slots[i][0], handlers[i], slots[i][1], slots[i][2]);
    }
  }

  /** {@code throw_ref}: rethrows the exception of the reference on top; null traps. */
  @Override
  public void throwRef() {
    if (skip()) {
      return;
    }
    int h = stack.height() - 1;
    int ref = stack.slotFor(h);
    stack.pop(1);
    w.rx(Op.RETHROW, ref, 0);
    dead = true;
  }

  /**
   * {@code delegate}: ends the try; an exception of its body goes to the try around the block at
   * relative depth {@code relative} among the frames around it (or to the caller).
   */
  @Override
  public void delegate(int relative) {
    fusion.lastPc = -1;
    if (deadNesting > 0) {
      deadNesting--;
      return;
    }
    int frame = control.depth() - 1;
    billStructural();
    tries.closeBody(control.tryId[frame], w.position());
    tries.delegate(control.tryId[frame], control.tryAround(frame - 1 - relative));
    if (!dead) {
      branches.copyResults(frame);
    }
    closeBlock(frame);
  }

  @Override
  public void throwTag(int tag) {
    if (skip()) {
      return;
    }
    int base = stack.height() - module.tags.get(tag).paramCount();
    stack.materializeFrom(base);
    w.rx(Op.THROW, stack.slotOf(base), tag);
    dead = true;
  }

  @Override
  public void rethrow(int relative) {
    if (skip()) {
      return;
    }
    w.rx(Op.RETHROW, stack.slotOf(control.base[control.depth() - 1 - relative]), 0);
    dead = true;
  }

  // ---- branches ----

  @Override
  public void branch(int opcode, int relativeDepth) {
    int fusedAt = fusion.lastPc;
    if (skip()) {
      return;
    }
    int frame = control.depth() - 1 - relativeDepth;
    if (opcode == 0x0c) {
      branches.br(frame);
      dead = true;
      return;
    }
    if (opcode == 0xd5) {
      brOnNull(frame);
      return;
    }
    if (opcode == 0xd6) {
      // The reference is the last value the branch carries, and its condition: taken when not
      // null (a reference is its non-zero id); not taken, it is dropped.
      int h = stack.height() - 1;
      branches.brIf(frame, stack.slotFor(h), stack.kind[h], -1);
      stack.pop(1);
      fusion.lastPc = -1;
      return;
    }
    int condKind = stack.kind[stack.height() - 1];
    int cond = stack.slotFor(stack.height() - 1);
    stack.pop(1);
    branches.brIf(frame, cond, condKind, fusedAt);
    fusion.lastPc = -1;
  }

  /**
   * {@code br_on_null}: branches (without the reference) when the reference on top is null, which a
   * test into the cell above it decides; not taken, the reference stays, in its own slot.
   */
  private void brOnNull(int frame) {
    int h = stack.height() - 1;
    int a = stack.materialize(h);
    int t = stack.type[h];
    int cond = a + OperandStack.cells(t);
    stack.cover(h, OperandStack.cells(t) + 1);
    w.ra(Op.I64_EQZ, cond, a);
    stack.pop(1);
    branches.brIf(frame, cond, OperandStack.TEMP, -1);
    stack.pushTemp(t);
    fusion.lastPc = -1;
  }

  @Override
  public void branchTable(int[] depths, int defaultDepth) {
    if (skip()) {
      return;
    }
    int index = stack.slotFor(stack.height() - 1);
    stack.pop(1);
    branches.brTable(index, depths, defaultDepth);
    dead = true;
  }

  private void finish() {
    control.clear();
    if (!tries.isEmpty()) {
      // After the function's last instruction, never run: the executor's try table.
      w.ht(Op.HANDLERS, tries.encode());
    }
    var t = module.funcType(funcIndex);
    int ownSlots = locals.cells() + stack.maxCells() + 1;
    if (pool.collides(ownSlots)) {
      result = null;
      return;
    }
    // Unoptimised, the cells the optimised pool would take stay unused.
    int shift = optimize ? pool.size() : reservedCells;
    int frameSize = ownSlots + shift;
    if (frameSize > 0xffff) {
      throw SlotOutOfRange.signal();
    }
    if (shift > 0) {
      // The pool goes between the locals and the temporaries, which move up.
      pool.place(w, locals.cells(), shift);
    }
    // Wide locals lie before the frame pointer, which is past them (docs/ir.md).
    int fpShift = locals.allCells() - locals.cells();
    result =
        new CompiledFunction(
            module.displayName(funcIndex),
            t,
            t.paramCells(),
            locals.allCells(),
            t.resultCells(),
            pool.values(),
            frameSize + fpShift,
            w.toArray(),
            fpShift);
  }
}
