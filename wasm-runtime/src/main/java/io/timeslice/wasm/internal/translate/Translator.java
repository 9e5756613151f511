package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.FuelCosts;
import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.validate.FuncValidator;
import io.timeslice.wasm.internal.validate.InstructionVisitor;
import java.util.Arrays;

/**
 * Translates a function body into register IR while the validator validates it, in one pass (the
 * validator calls this visitor after each instruction). See docs/ir.md.
 *
 * <p>The operand stack holds <i>where</i> values are, not the values: a local (so {@code local.get}
 * emits nothing), a constant (so small constants become immediates), or a temporary. Every stack
 * height {@code h} owns its frame cells, after the locals' and those of the heights below it (a
 * v128 takes two cells, other values one): a temporary at height h is always there. So the results
 * of a block, the arguments of a branch and the arguments of a call have fixed, known slots, and
 * merging control flow needs no register allocation. The v128 instructions are translated by {@link
 * SimdTranslator}.
 */
public final class Translator implements InstructionVisitor {
  private static final int LOCAL = 0;
  private static final int TEMP = 1;
  private static final int CONST = 2;

  private static final int I32 = 0x7f;
  private static final int I64 = 0x7e;
  private static final int V128 = 0x7b;

  private static final int BLOCK = 0x02;
  private static final int LOOP = 0x03;
  private static final int IF = 0x04;
  private static final int ELSE = 0x05;

  // Exception handling: a try block in its body, and in a catch or catch_all arm.
  private static final int TRY = 0x06;
  private static final int CATCH = 0x07;

  /** The type of a catch arm's hidden value, the caught exception: one cell, a store reference. */
  private static final int EXCEPTION = 0x69;

  private final ModuleInfo module;
  private final FuncValidator validator;
  private final IrWriter w = new IrWriter();

  private int funcIndex;

  /** The cells the locals take, parameters included; local i begins at {@code localCell[i]}. */
  private int localCells;

  private int[] localCell = new int[16];
  private int[] localType = new int[16];

  /** The results of the function: how many values, and their types. */
  private int numResults;

  private int[] resultTypes;

  // The operand stack: per height, what kind of place holds the value, and which.
  private int[] kind = new int[32];
  private int[] where = new int[32];
  private long[] bits = new long[32];

  /** A v128 constant's bytes 8-15 ({@link #bits} holds bytes 0-7). */
  private long[] bitsHigh = new long[32];

  private int[] type = new int[32];

  /** The first cell of height h, counted from the first temporary cell; one entry past the top. */
  private int[] cellAt = new int[33];

  private int height;

  /** The most temporary cells in use at once, a callee's arguments included. */
  private int maxCells;

  // The control stack: the function's own frame is frame 0.
  private int[] frameKind = new int[16];
  private int[] frameBase = new int[16];
  private int[] frameParams = new int[16];
  private int[] frameResults = new int[16];
  private int[][] frameParamTypes = new int[16][];
  private int[][] frameResultTypes = new int[16][];
  private int[] frameLoopStart = new int[16];
  private int[] frameElseJump = new int[16];

  /** A try frame's number in {@link #tries}. */
  private int[] frameTry = new int[16];

  private final TryBlocks tries = new TryBlocks();
  private int[][] framePending = new int[16][];
  private int[] framePendingCount = new int[16];
  private int depth;

  /** Instructions seen while the code is unreachable are skipped; nested blocks are counted. */
  private boolean dead;

  private int deadNesting;

  /** The last instruction emitted, if it produced the temporary on top and may be rewritten. */
  private int lastPc = -1;

  /** Where the latest COPY2 was emitted, to merge it and the two copies after it into a COPY4. */
  private int lastCopy2 = -1;

  /** Where the latest i32.add or i32.add_imm was emitted, to fuse it into a memory access. */
  private int addPc = -1;

  /** Where the latest f32.mul or f64.mul was emitted, to fuse it into an add. */
  private int mulPc = -1;

  /** Where the latest i32 shift or rotate by a constant was emitted, to fuse it into xor or or. */
  private int shiftPc = -1;

  /** Where the latest i32.xor with -1 (a bitwise not) was emitted, to fuse it into an and. */
  private int notPc = -1;

  private CompiledFunction result;

  /**
   * Constant-pool slots are written as placeholders counting down from the top of the 16-bit slot
   * range, and mapped between the locals and the temporaries when the function ends. A function
   * whose own slots reach the placeholder range is translated again without a pool.
   */
  private static final int POOL_PLACEHOLDER_TOP = 0xffff;

  private static final int MAX_POOL = 0x1000;

  private boolean poolEnabled;

  /**
   * Without optimisations: the optimised translator, and the size of its pool for this function.
   */
  private Translator optimized;

  private int reservedCells;
  private long[] pool = new long[16];
  private int poolSize;
  private final java.util.Map<Long, Integer> poolIndex = new java.util.HashMap<>();
  private final java.util.Map<V128, Integer> poolIndexV128 = new java.util.HashMap<>();

  /** A v128 constant, as a key of its two pool cells. */
  private record V128(long low, long high) {}

  private final SimdTranslator simd;

  /** The accesses of other memories than memory 0 and of 64-bit ones. */
  private final MemoryTranslator memories;

  /** The atomic instructions (threads). */
  private final AtomicTranslator atomics;

  /** Whether to meter fuel: charges at the charge points, else interruption checks only. */
  private final boolean fuel;

  /**
   * Whether to fold constants, use immediate forms and the constant pool, fuse compare-and-branch
   * and eliminate copies; off, every constant is loaded and every value copied where it goes.
   */
  private final boolean optimize;

  /**
   * Where the open block's CONSUME_FUEL is, or -1; and the cost of its Wasm instructions so far.
   */
  private int chargeAt = -1;

  private long chargeSum;

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
    this.poolEnabled = optimize;
    this.simd = new SimdTranslator(this);
    this.memories = new MemoryTranslator(this, module);
    this.atomics = new AtomicTranslator(this, module);
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
      reservedCells = optimized.poolSize;
    }
    validator.validate(index, this);
    if (result == null) {
      // Its slots collide with the pool's placeholders: again, with constants materialized.
      poolEnabled = false;
      try {
        validator.validate(index, this);
      } finally {
        poolEnabled = optimize;
      }
    }
    CompiledFunction f = result;
    result = null;
    return f;
  }

  // ---- the operand stack ----

  private void ensure(int n) {
    if (n > kind.length) {
      int size = Math.max(n, kind.length * 2);
      kind = Arrays.copyOf(kind, size);
      where = Arrays.copyOf(where, size);
      bits = Arrays.copyOf(bits, size);
      bitsHigh = Arrays.copyOf(bitsHigh, size);
      type = Arrays.copyOf(type, size);
      cellAt = Arrays.copyOf(cellAt, size + 1);
    }
  }

  /** The cells a value of type code {@code t} takes: two for a v128, else one. */
  static int cells(int t) {
    return t == V128 ? 2 : 1;
  }

  private static int cells(int[] types) {
    int n = 0;
    for (int t : types) {
      n += cells(t);
    }
    return n;
  }

  private void push(int k, int w0, long b, int t) {
    ensure(height + 1);
    kind[height] = k;
    where[height] = w0;
    bits[height] = b;
    type[height] = t;
    cellAt[height + 1] = cellAt[height] + cells(t);
    height++;
    maxCells = Math.max(maxCells, cellAt[height]);
  }

  /** Pushes a temporary of type code {@code t} in its own slot. */
  void pushTemp(int t) {
    push(TEMP, slotOf(height), 0, t);
  }

  /** Pushes a v128 constant. */
  @Override
  public void v128Const(long low, long high) {
    if (!skip()) {
      push(CONST, 0, low, V128);
      bitsHigh[height - 1] = high;
    }
  }

  /** The first cell of the value at height {@code h} (or of the next value, at the top). */
  int slotOf(int h) {
    return localCells + cellAt[h];
  }

  // ---- for the translator's parts: SimdTranslator, MemoryTranslator ----

  /** The operand stack's height. */
  int height() {
    return height;
  }

  /** Drops the top {@code n} operands (their instruction has read their slots). */
  void pop(int n) {
    height -= n;
  }

  /** The IR written so far. */
  IrWriter writer() {
    return w;
  }

  /** The translation of accesses of other memories than memory 0 and of 64-bit ones. */
  MemoryTranslator memories() {
    return memories;
  }

  /**
   * Makes the value at height {@code h} the temporary in its own slot, which an instruction just
   * wrote (a converted address or count).
   */
  void ownSlot(int h) {
    kind[h] = TEMP;
    where[h] = slotOf(h);
  }

  /**
   * Records that the instruction at {@code at} produced the temporary just pushed, so that a {@code
   * local.set} or the return right after it may take over its result slot.
   */
  void produced(int at) {
    lastPc = at;
  }

  /** Puts the value at height {@code h} into its own slot; returns that slot. */
  private int materialize(int h) {
    int slot = slotOf(h);
    switch (kind[h]) {
      case LOCAL -> copyValue(slot, where[h], type[h]);
      case CONST -> constantValue(slot, h);
      default -> {
        return slot;
      }
    }
    kind[h] = TEMP;
    where[h] = slot;
    return slot;
  }

  /** Copies a value of type {@code t} from {@code src} to {@code dest}: a v128 is two cells. */
  private void copyValue(int dest, int src, int t) {
    copy(dest, src);
    if (cells(t) == 2) {
      copy(dest + 1, src + 1);
    }
  }

  /** Writes the constant at height {@code h} to {@code slot}: a v128 is two cells. */
  private void constantValue(int slot, int h) {
    constant(slot, bits[h]);
    if (cells(type[h]) == 2) {
      constant(slot + 1, bitsHigh[h]);
    }
  }

  /**
   * Emits a copy of slot {@code src} to {@code dest}; right after another copy, with no label
   * between them, the two become one {@code copy2}, and a {@code copy2} with two more copies right
   * after it one {@code copy4} (clang's phi moves come in runs: SHA-2 rotates eight variables).
   */
  private void copy(int dest, int src) {
    int prev = w.position() - 2;
    if (optimize
        && prev >= 0
        && prev == w.lastStart()
        && (w.word(prev) & 0xffff) == Op.COPY
        && !w.atLabel()) {
      int r = w.word(prev) >>> 16;
      int a = w.word(prev + 1);
      int pair = prev - 3;
      if (pair >= 0
          && pair == lastCopy2
          && (w.word(pair) & 0xffff) == Op.COPY2
          && !w.isLabel(prev)) {
        int as = w.word(pair + 1);
        int r0 = w.word(pair) >>> 16;
        int b0 = w.word(pair + 2);
        w.rewind(pair);
        w.ra4(Op.COPY4, r0, as & 0xffff, as >>> 16, b0, r, a, dest, src);
        lastCopy2 = -1;
      } else {
        w.rewind(prev);
        lastCopy2 = w.rara(Op.COPY2, r, a, dest, src);
      }
    } else {
      w.ra(Op.COPY, dest, src);
    }
  }

  private void constant(int slot, long value) {
    if (value == (int) value) {
      w.ri32(Op.CONST32, slot, (int) value);
    } else {
      w.ri64(Op.CONST64, slot, value);
    }
  }

  /**
   * The slot holding the value at height {@code h}: a constant is read from the function's constant
   * pool (copied into the frame on entry), so no instruction loads it; without room in the pool it
   * is materialized.
   */
  int slotFor(int h) {
    if (kind[h] != CONST) {
      return where[h];
    }
    if (!poolEnabled || poolSize + cells(type[h]) > MAX_POOL) {
      return materialize(h);
    }
    return cells(type[h]) == 2 ? poolSlot(bits[h], bitsHigh[h]) : poolSlot(bits[h]);
  }

  /** The placeholder slot of {@code value} in the pool; finish() moves it after the locals. */
  private int poolSlot(long value) {
    Integer index = poolIndex.get(value);
    if (index == null) {
      index = poolSize;
      addToPool(value);
      poolIndex.put(value, index);
    }
    return POOL_PLACEHOLDER_TOP - index;
  }

  /**
   * The placeholder slot of a v128 constant's first pool cell; its second cell is the pool's next,
   * so that after finish() the two are adjacent, as a v128 operand's cells must be.
   */
  private int poolSlot(long low, long high) {
    V128 key = new V128(low, high);
    Integer index = poolIndexV128.get(key);
    if (index == null) {
      index = poolSize;
      addToPool(low);
      addToPool(high);
      poolIndexV128.put(key, index);
    }
    return POOL_PLACEHOLDER_TOP - index;
  }

  private void addToPool(long value) {
    if (poolSize == pool.length) {
      pool = Arrays.copyOf(pool, poolSize * 2);
    }
    pool[poolSize++] = value;
  }

  /** Copies the values that are still local references to {@code local} into their own slots. */
  private void preserveLocal(int local) {
    for (int h = 0; h < height; h++) {
      if (kind[h] == LOCAL && where[h] == local) {
        materialize(h);
      }
    }
  }

  // ---- the control stack ----

  private void pushFrame(int k, int[] paramTypes, int[] resultTypes) {
    int params = paramTypes.length;
    int results = resultTypes.length;
    if (depth == frameKind.length) {
      int n = depth * 2;
      frameKind = Arrays.copyOf(frameKind, n);
      frameBase = Arrays.copyOf(frameBase, n);
      frameParams = Arrays.copyOf(frameParams, n);
      frameResults = Arrays.copyOf(frameResults, n);
      frameParamTypes = Arrays.copyOf(frameParamTypes, n);
      frameResultTypes = Arrays.copyOf(frameResultTypes, n);
      frameLoopStart = Arrays.copyOf(frameLoopStart, n);
      frameElseJump = Arrays.copyOf(frameElseJump, n);
      frameTry = Arrays.copyOf(frameTry, n);
      framePending = Arrays.copyOf(framePending, n);
      framePendingCount = Arrays.copyOf(framePendingCount, n);
    }
    frameKind[depth] = k;
    frameBase[depth] = height - params;
    frameParams[depth] = params;
    frameResults[depth] = results;
    frameParamTypes[depth] = paramTypes;
    frameResultTypes[depth] = resultTypes;
    frameLoopStart[depth] = -1;
    frameElseJump[depth] = -1;
    framePendingCount[depth] = 0;
    if (framePending[depth] == null) {
      framePending[depth] = new int[8];
    }
    depth++;
  }

  /** The number of values a branch to {@code frame} carries. */
  private int labelArity(int frame) {
    return frameKind[frame] == LOOP ? frameParams[frame] : frameResults[frame];
  }

  /** The types of the values a branch to {@code frame} carries. */
  private int[] labelTypes(int frame) {
    return frameKind[frame] == LOOP ? frameParamTypes[frame] : frameResultTypes[frame];
  }

  /**
   * The slot of value {@code i} of {@code types} placed at {@code frame}'s base (its label's values
   * or its results): the cells from the base on, laid out by the types (the stack above the base
   * may hold other values when a branch leaves).
   */
  private int baseSlot(int frame, int[] types, int i) {
    int slot = slotOf(frameBase[frame]);
    for (int j = 0; j < i; j++) {
      slot += cells(types[j]);
    }
    return slot;
  }

  /** Makes the branch at {@code at} (table entry {@code index}) go to {@code frame}'s label. */
  private void target(int frame, int at, int index) {
    if (frameKind[frame] == LOOP) {
      w.patchJump(at, index, frameLoopStart[frame]);
      return;
    }
    int n = framePendingCount[frame];
    if (n + 2 > framePending[frame].length) {
      framePending[frame] = Arrays.copyOf(framePending[frame], n * 2 + 2);
    }
    framePending[frame][n] = at;
    framePending[frame][n + 1] = index;
    framePendingCount[frame] = n + 2;
  }

  /** Resolves the forward branches to {@code frame}'s label, which is here. */
  private void pinLabel(int frame) {
    int here = w.position();
    int[] pending = framePending[frame];
    for (int i = 0; i < framePendingCount[frame]; i += 2) {
      w.patchJump(pending[i], pending[i + 1], here);
    }
    framePendingCount[frame] = 0;
    lastPc = -1;
  }

  /** Whether the top {@code arity} values already sit in {@code frame}'s label slots. */
  private boolean inPlace(int frame, int arity) {
    for (int i = 0; i < arity; i++) {
      int h = height - arity + i;
      if (kind[h] != TEMP || where[h] != baseSlot(frame, labelTypes(frame), i)) {
        return false;
      }
    }
    return true;
  }

  /** Copies the top values, those of a branch to {@code frame}, into its label slots. */
  private void copyToLabel(int frame, int arity) {
    copyToBase(frame, labelTypes(frame), arity);
  }

  /** Copies the top values, {@code frame}'s results, into their slots after the block. */
  private void copyResults(int frame) {
    copyToBase(frame, frameResultTypes[frame], frameResults[frame]);
  }

  /**
   * Copies the top {@code arity} values, of {@code types}, to the slots of those types at the
   * frame's base, lowest cell first: each value's slot is at or above its destination (the values
   * are of those types), so no copy overwrites a cell that a later one reads.
   */
  private void copyToBase(int frame, int[] types, int arity) {
    for (int i = 0; i < arity; i++) {
      int h = height - arity + i;
      int dest = baseSlot(frame, types, i);
      switch (kind[h]) {
        case CONST -> constantValue(dest, h);
        case LOCAL -> copyValue(dest, where[h], type[h]);
        default -> {
          if (where[h] != dest) {
            copyValue(dest, where[h], type[h]);
          }
        }
      }
    }
  }

  /** Replaces the top values by the values of {@code types} in the frame's label slots. */
  private void pushResults(int frame, int[] types) {
    height = frameBase[frame];
    for (int t : types) {
      pushTemp(t);
    }
  }

  // ---- the visitor ----

  @Override
  public void begin(int index, int[] localTypes) {
    funcIndex = index;
    if (localTypes.length > localCell.length) {
      localCell = new int[localTypes.length];
    }
    localType = localTypes;
    int cell = 0;
    for (int i = 0; i < localTypes.length; i++) {
      localCell[i] = cell;
      cell += cells(localTypes[i]);
    }
    localCells = cell;
    var funcType = module.funcType(index);
    numResults = funcType.resultCount();
    resultTypes = new int[numResults];
    for (int i = 0; i < numResults; i++) {
      resultTypes[i] = funcType.result(i).code();
    }
    height = 0;
    maxCells = 0;
    depth = 0;
    dead = false;
    deadNesting = 0;
    lastPc = -1;
    lastCopy2 = -1;
    addPc = -1;
    mulPc = -1;
    shiftPc = -1;
    notPc = -1;
    w.reset();
    poolSize = 0;
    poolIndex.clear();
    poolIndexV128.clear();
    tries.reset();
    chargeAt = -1;
    chargeSum = 0;
    pushFrame(BLOCK, new int[0], resultTypes);
    chargePoint(true);
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
    lastPc = -1;
    if (!dead) {
      chargeSum += FuelCosts.INSTRUCTION;
    }
    return dead;
  }

  /**
   * Starts a block at a charge point (docs/fuel.md): closes the open block's charge and emits the
   * new one, patched when the block ends. Without fuel, the function entry ({@code entry}) gets an
   * interruption check instead, and other charge points nothing: loops are checked by their
   * backward branches (Control.jump).
   */
  private void chargePoint(boolean entry) {
    closeCharge();
    if (fuel) {
      chargeAt = w.i(Op.CONSUME_FUEL, 0);
    } else if (entry) {
      w.n(Op.CHECK_INTERRUPT);
    }
    lastPc = -1;
  }

  private void closeCharge() {
    if (chargeAt >= 0) {
      if (chargeSum > Integer.MAX_VALUE) {
        throw new UnsupportedOperationException("a block costs more than 2^31 fuel");
      }
      w.setWord(chargeAt + 1, (int) chargeSum);
      chargeAt = -1;
    }
    chargeSum = 0;
  }

  /** With fuel, charges the surcharge for the count at height {@code h} before a bulk op. */
  private void surcharge(int h, int unit) {
    if (fuel) {
      w.rx(Op.CONSUME_FUEL_DYN, slotFor(h), unit);
    }
  }

  /** Bills a structural instruction ({@code block}, {@code else}, {@code end}) unless dead. */
  private void billStructural() {
    if (!dead) {
      chargeSum += FuelCosts.INSTRUCTION;
    }
  }

  @Override
  public void plain(int opcode) {
    int last = lastPc;
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
        emitReturn(last);
        dead = true;
      }
      case 0x1a -> height--;
      case 0xd1 -> {
        int h = height - 1;
        int a = slotFor(h);
        height--;
        int at = w.ra(Op.I64_EQZ, slotOf(h), a);
        pushTemp(I32);
        lastPc = at;
      }
      case 0xbc, 0xbd, 0xbe, 0xbf -> type[height - 1] = reinterpreted(opcode);
      default -> {
        if (opcode >= FuncValidator.PREFIX_SIMD) {
          simd.plain(opcode);
        } else {
          numeric(opcode);
        }
      }
    }
  }

  private static int reinterpreted(int opcode) {
    return switch (opcode) {
      case 0xbc -> I32;
      case 0xbd -> I64;
      case 0xbe -> 0x7d;
      default -> 0x7c;
    };
  }

  private void numeric(int opcode) {
    int op = WasmOps.irOp(opcode);
    if (op == WasmOps.NONE) {
      throw new UnsupportedOperationException(
          "not supported by the translator yet: " + WasmOps.name(opcode));
    }
    int resultType = resultType(opcode);
    if (Op.format(op) == OpFormat.RA) {
      int h = height - 1;
      int a = slotFor(h);
      height--;
      int at = w.ra(op, slotOf(h), a);
      pushTemp(resultType);
      lastPc = at;
      return;
    }
    binary(opcode, op, resultType);
  }

  private void binary(int opcode, int op, int resultType) {
    int ha = height - 2;
    int hb = height - 1;
    if (optimize && kind[ha] == CONST && kind[hb] == CONST) {
      Long folded = ConstantFolding.fold(opcode, bits[ha], bits[hb]);
      if (folded != null) {
        height -= 2;
        push(CONST, 0, folded, resultType);
        return;
      }
    }
    if (optimize && kind[ha] == CONST && kind[hb] != CONST && ConstantFolding.commutes(opcode)) {
      swap(ha, hb);
    }
    if (optimize && kind[hb] == CONST && ConstantFolding.isRightIdentity(opcode, bits[hb])) {
      height--; // x + 0, x * 1, x << 0, …: the value is x, wherever it is
      type[ha] = resultType;
      if (kind[ha] == TEMP && where[ha] != slotOf(ha)) {
        // 0 + x, swapped above: x is the temporary of the height above, whose slot the next value
        // will take, so it moves down to its own.
        copy(slotOf(ha), where[ha]);
        where[ha] = slotOf(ha);
      }
      return;
    }
    if (optimize && (op == Op.F32_ADD || op == Op.F64_ADD) && fuseMulAdd(ha, hb, op)) {
      return;
    }
    if (optimize && (op == Op.I32_XOR || op == Op.I32_OR) && fuseShift(ha, hb, op)) {
      return;
    }
    if (optimize && op == Op.I32_AND && fuseAndNot(ha, hb)) {
      return;
    }
    int immOp = WasmOps.variant(op, "", "_imm");
    int at;
    if (optimize && kind[hb] == CONST && immOp != WasmOps.NONE && IrWriter.fitsImm16(bits[hb])) {
      int a = slotFor(ha);
      at = w.rai(immOp, slotOf(ha), a, (int) bits[hb]);
      if (shifted(immOp, Op.I32_XOR) != WasmOps.NONE) {
        shiftPc = at;
      } else if (immOp == Op.I32_XOR_IMM && (int) bits[hb] == -1) {
        notPc = at;
      }
    } else {
      int a = slotFor(ha);
      int b = slotFor(hb);
      at = optimize ? addOrPair(op, slotOf(ha), a, b) : w.rab(op, slotOf(ha), a, b);
    }
    height -= 2;
    pushTemp(resultType);
    lastPc = at;
    if (op == Op.I32_ADD) {
      addPc = (w.word(at) & 0xffff) == Op.I32_ADD_PAIR ? -1 : at; // a pair fuses with nothing
    } else if (op == Op.F32_MUL || op == Op.F64_MUL) {
      mulPc = at;
    }
  }

  /**
   * Emits {@code r = a op b}; an i32 or i64 add right after another one of its type, with no label
   * between them, becomes one {@code i32_add_pair} or {@code i64_add_pair}. Pairing never costs a
   * dispatch another fusion would have saved: an add that would have fused into the access or the
   * branch after it saves one dispatch either way.
   */
  private int addOrPair(int op, int r, int a, int b) {
    int pair =
        switch (op) {
          case Op.I32_ADD -> Op.I32_ADD_PAIR;
          case Op.I64_ADD -> Op.I64_ADD_PAIR;
          default -> WasmOps.NONE;
        };
    int prev = w.position() - 2;
    if (pair != WasmOps.NONE
        && prev >= 0
        && prev == w.lastStart()
        && (w.word(prev) & 0xffff) == op
        && !w.atLabel()) {
      int first = w.word(prev);
      int operands = w.word(prev + 1);
      w.rewind(prev);
      return w.rab2(pair, first >>> 16, operands & 0xffff, operands >>> 16, r, a, b);
    }
    return w.rab(op, r, a, b);
  }

  /**
   * Multiply-add fusion: a float add of the product that the {@code f32.mul}/{@code f64.mul} at
   * {@link #mulPc}, the last instruction written, produced, becomes one {@code mul_add} ({@code t +
   * c}) or {@code add_mul} ({@code c + t}). Two roundings, as the two instructions did: Java does
   * not contract {@code a * b + c} into a fused multiply-add.
   */
  private boolean fuseMulAdd(int ha, int hb, int op) {
    // The multiply must still be there (as in fuseAndNot): a fused op written in its place is
    // longer today, which is all that stops a second fusion otherwise.
    int mulOp = mulPc < 0 ? -1 : w.word(mulPc) & 0xffff;
    if (mulOp != Op.F32_MUL && mulOp != Op.F64_MUL) {
      return false;
    }
    int other = otherOperand(mulPc, ha, hb);
    if (other < 0) {
      return false;
    }
    boolean productFirst = producedJustNow(mulPc, ha);
    int operands = w.word(mulPc + 1);
    boolean f32 = op == Op.F32_ADD;
    int fused =
        productFirst
            ? (f32 ? Op.F32_MUL_ADD : Op.F64_MUL_ADD)
            : (f32 ? Op.F32_ADD_MUL : Op.F64_ADD_MUL);
    w.rewind(mulPc);
    pushFused(
        w.rabc(fused, slotOf(ha), operands & 0xffff, operands >>> 16, other), f32 ? 0x7d : 0x7c);
    return true;
  }

  /**
   * Shift fusion: an i32 {@code xor} or {@code or} of the temporary that the shift or rotate by a
   * constant at {@link #shiftPc}, the last instruction written, produced, becomes one op, {@code r
   * = a op (b shift k)}. Both ops commute, so the shifted value may be either operand.
   */
  private boolean fuseShift(int ha, int hb, int op) {
    int shiftOp = shiftPc < 0 ? WasmOps.NONE : w.word(shiftPc) & 0xffff;
    int fused = shifted(shiftOp, op);
    int other = fused == WasmOps.NONE ? -1 : otherOperand(shiftPc, ha, hb);
    if (other < 0) {
      return false;
    }
    int operands = w.word(shiftPc + 1);
    int k = operands >> 16;
    w.rewind(shiftPc);
    // rotr by k is rotl by -k: Integer.rotateLeft takes the distance modulo 32, as Wasm does.
    int distance = shiftOp == Op.I32_ROTR_IMM ? -k : k;
    pushFused(w.rabi(fused, slotOf(ha), other, operands & 0xffff, distance), I32);
    return true;
  }

  /**
   * And-not fusion: an i32 {@code and} of the temporary that the {@code xor} with -1 at {@link
   * #notPc}, the last instruction written, produced, becomes {@code r = a & ~b}. And commutes, so
   * the negated value may be either operand. The fused op takes the xor's place and size, so the
   * xor must still be there: else {@code c & (a & ~g)} would fuse twice, into {@code c & ~a}.
   */
  private boolean fuseAndNot(int ha, int hb) {
    if (notPc < 0 || (w.word(notPc) & 0xffff) != Op.I32_XOR_IMM || w.word(notPc + 1) >> 16 != -1) {
      return false;
    }
    int other = otherOperand(notPc, ha, hb);
    if (other < 0) {
      return false;
    }
    int negated = w.word(notPc + 1) & 0xffff;
    w.rewind(notPc);
    pushFused(w.rab(Op.I32_AND_NOT, slotOf(ha), other, negated), I32);
    notPc = -1;
    return true;
  }

  /**
   * For fusing the two-word instruction at {@code at} into the binary op taking heights {@code ha}
   * and {@code hb}: the slot of the operand it did not produce, when it produced the other one just
   * now and this one needed no instruction of its own; else -1.
   */
  private int otherOperand(int at, int ha, int hb) {
    boolean first = producedJustNow(at, ha);
    if (!first && !producedJustNow(at, hb)) {
      return -1;
    }
    int other = slotFor(first ? hb : ha);
    return at + 2 == w.position() && !w.atLabel() ? other : -1;
  }

  /** A fused op at {@code at} took the place of the pair: its result replaces both operands. */
  private void pushFused(int at, int resultType) {
    height -= 2;
    pushTemp(resultType);
    lastPc = at;
  }

  /**
   * The fused form of {@code op} (xor or or) over the shift-by-constant {@code shiftOp}, or none.
   */
  private static int shifted(int shiftOp, int op) {
    boolean xor = op == Op.I32_XOR;
    return switch (shiftOp) {
      case Op.I32_ROTL_IMM, Op.I32_ROTR_IMM -> xor ? Op.I32_XOR_ROTL : WasmOps.NONE;
      case Op.I32_SHL_IMM -> xor ? Op.I32_XOR_SHL : Op.I32_OR_SHL;
      case Op.I32_SHR_U_IMM -> xor ? Op.I32_XOR_SHR_U : Op.I32_OR_SHR_U;
      default -> WasmOps.NONE;
    };
  }

  /**
   * Whether the two-word instruction at {@code at} is the last one written, with no label after it,
   * and produced the temporary at height {@code h}: then a fused form may replace it.
   */
  private boolean producedJustNow(int at, int h) {
    return at >= 0
        && at + 2 == w.position()
        && !w.atLabel()
        && kind[h] == TEMP
        && where[h] == slotOf(h)
        && w.word(at) >>> 16 == slotOf(h);
  }

  private void swap(int x, int y) {
    int k = kind[x];
    int s = where[x];
    long b = bits[x];
    int t = type[x];
    kind[x] = kind[y];
    where[x] = where[y];
    bits[x] = bits[y];
    type[x] = type[y];
    kind[y] = k;
    where[y] = s;
    bits[y] = b;
    type[y] = t;
  }

  private static int resultType(int opcode) {
    if (opcode <= 0x66) {
      return I32; // comparisons and eqz
    }
    if (opcode <= 0x78 || opcode == 0xa7 || (opcode >= 0xa8 && opcode <= 0xab)) {
      return I32;
    }
    if (opcode <= 0x8a || (opcode >= 0xac && opcode <= 0xb1)) {
      return I64;
    }
    if (opcode <= 0x98 || (opcode >= 0xb2 && opcode <= 0xb6)) {
      return 0x7d;
    }
    if (opcode <= 0xa6 || (opcode >= 0xb7 && opcode <= 0xbb)) {
      return 0x7c;
    }
    if (opcode == 0xc0 || opcode == 0xc1) {
      return I32;
    }
    if (opcode >= 0xc2 && opcode <= 0xc4) {
      return I64;
    }
    int sub = opcode - FuncValidator.PREFIX_FC;
    return sub < 4 ? I32 : I64; // saturating truncations
  }

  @Override
  public void i32Const(int value) {
    if (!skip()) {
      push(CONST, 0, value, I32);
    }
  }

  @Override
  public void i64Const(long value) {
    if (!skip()) {
      push(CONST, 0, value, I64);
    }
  }

  @Override
  public void f32Const(int value) {
    if (!skip()) {
      push(CONST, 0, value, 0x7d);
    }
  }

  @Override
  public void f64Const(long value) {
    if (!skip()) {
      push(CONST, 0, value, 0x7c);
    }
  }

  @Override
  public void local(int opcode, int index) {
    int last = lastPc;
    if (skip()) {
      return;
    }
    int cell = localCell[index];
    if (opcode == 0x20) {
      push(LOCAL, cell, 0, localType[index]);
      return;
    }
    int h = height - 1;
    if (optimize && kind[h] == LOCAL && where[h] == cell) {
      // x = x: nothing changes, and no copy of x needs preserving.
      if (opcode == 0x21) {
        height--;
      }
      return;
    }
    boolean retarget =
        optimize
            && last >= 0
            && kind[h] == TEMP
            && where[h] == slotOf(h)
            && !referencesLocal(cell, h);
    if (retarget) {
      // The instruction that produced the value writes the local directly.
      w.setResultSlot(last, cell);
    } else {
      preserveLocal(cell);
      switch (kind[h]) {
        case CONST -> constantValue(cell, h);
        default -> {
          if (where[h] != cell || kind[h] != LOCAL) {
            copyValue(cell, where[h], type[h]);
          }
        }
      }
    }
    if (opcode == 0x21) {
      height--;
    } else {
      kind[h] = LOCAL;
      where[h] = cell;
    }
  }

  private boolean referencesLocal(int local, int below) {
    for (int h = 0; h < below; h++) {
      if (kind[h] == LOCAL && where[h] == local) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void global(int opcode, int index) {
    if (skip()) {
      return;
    }
    boolean v128 = module.globals.get(index).type() == io.timeslice.wasm.ValType.V128;
    if (opcode == 0x23) {
      int at = w.rx(v128 ? Op.GLOBAL_GET_V128 : Op.GLOBAL_GET, slotOf(height), index);
      pushTemp(module.globals.get(index).type().code());
      lastPc = at;
    } else {
      int value = slotFor(height - 1);
      w.rx(v128 ? Op.GLOBAL_SET_V128 : Op.GLOBAL_SET, value, index);
      height--;
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
      int h = height - 1;
      int sumOp = addressSum(h, op);
      int at;
      if (sumOp != WasmOps.NONE) {
        int operands = w.word(addPc + 1);
        w.rewind(addPc);
        at = w.memSum(sumOp, slotOf(h), operands, (int) offset);
      } else {
        at = loadOrPair(op, slotOf(h), slotFor(h), (int) offset);
      }
      height--;
      pushTemp(loadType(opcode));
      lastPc = at;
    } else {
      int value = slotFor(height - 1);
      int sumOp = addressSum(height - 2, op);
      if (sumOp != WasmOps.NONE) {
        int operands = w.word(addPc + 1);
        w.rewind(addPc);
        w.memSum(sumOp, value, operands, (int) offset);
      } else {
        w.abo(op, slotFor(height - 2), value, (int) offset);
      }
      height -= 2;
    }
  }

  /**
   * Address fusion: when the address at height {@code h} is the temporary of the {@code i32.add}
   * (or {@code i32.add_imm}) at {@link #addPc}, the last instruction written, with no label after
   * it, the access can do the addition itself ({@code op}'s _ADD or _ADDI form), which then
   * replaces it. Returns that form, or NONE. The sum wraps at 32 bits exactly as the add did.
   */
  private int addressSum(int h, int op) {
    if (!optimize || !producedJustNow(addPc, h)) {
      return WasmOps.NONE;
    }
    return switch (w.word(addPc) & 0xffff) {
      case Op.I32_ADD -> WasmOps.variant(op, "", "_add");
      case Op.I32_ADD_IMM -> WasmOps.variant(op, "", "_addi");
      default -> WasmOps.NONE;
    };
  }

  /** The type of a scalar load's result. */
  static int loadType(int opcode) {
    return switch (opcode) {
      case 0x28, 0x2c, 0x2d, 0x2e, 0x2f -> I32;
      case 0x2a -> 0x7d;
      case 0x2b -> 0x7c;
      default -> I64;
    };
  }

  @Override
  public void indexed(int opcode, int index0, int index1) {
    if (skip()) {
      return;
    }
    switch (opcode) {
      case 0x3f -> {
        int at = w.rx(Op.MEMORY_SIZE, slotOf(height), index0);
        pushTemp(memories.index64(index0) ? I64 : I32);
        lastPc = at;
      }
      case 0x40 -> {
        int h = height - 1;
        if (memories.index64(index0)) {
          memories.saturate(h);
        }
        surcharge(h, FuelCosts.PER_PAGE);
        int delta = slotFor(h);
        height--;
        if (index0 == 0) {
          w.ra(Op.MEMORY_GROW, slotOf(h), delta);
        } else {
          w.rax(Op.MEMORY_GROW_X, slotOf(h), delta, index0);
        }
        pushTemp(memories.index64(index0) ? I64 : I32);
      }
      case 0x25 -> {
        int h = height - 1;
        int index = slotFor(h);
        height--;
        int at = w.rax(Op.TABLE_GET, slotOf(h), index, index0);
        pushTemp(module.tables.get(index0).element().code());
        lastPc = at;
      }
      case 0x26 -> {
        int value = slotFor(height - 1);
        int index = slotFor(height - 2);
        w.abx(Op.TABLE_SET, index, value, index0);
        height -= 2;
      }
      case 0xfc08 -> {
        if (memories.index64(index1)) {
          memories.saturate(height - 3);
        }
        surcharge(height - 1, FuelCosts.PER_64_BYTES);
        ternary(Op.MEMORY_INIT, index0, index1);
      }
      case 0xfc09 -> w.i(Op.DATA_DROP, index0);
      case 0xfc0a -> {
        if (memories.index64(index0)) {
          memories.saturate(height - 3);
        }
        if (memories.index64(index1)) {
          memories.saturate(height - 2);
        }
        if (memories.index64(index0) && memories.index64(index1)) {
          memories.saturate(height - 1);
        }
        surcharge(height - 1, FuelCosts.PER_64_BYTES);
        ternary(Op.MEMORY_COPY, index0, index1);
      }
      case 0xfc0b -> {
        if (memories.index64(index0)) {
          memories.saturate(height - 3);
          memories.saturate(height - 1);
        }
        surcharge(height - 1, FuelCosts.PER_64_BYTES);
        ternary(Op.MEMORY_FILL, index0, 0);
      }
      case 0xfc0c -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        ternary(Op.TABLE_INIT, index0, index1);
      }
      case 0xfc0d -> w.i(Op.ELEM_DROP, index0);
      case 0xfc0e -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        ternary(Op.TABLE_COPY, index0, index1);
      }
      case 0xfc0f -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        int delta = slotFor(height - 1);
        int h = height - 2;
        int init = slotFor(h);
        height -= 2;
        int at = w.rabx(Op.TABLE_GROW, slotOf(h), init, delta, index0);
        pushTemp(I32);
        lastPc = at;
      }
      case 0xfc10 -> {
        int at = w.rx(Op.TABLE_SIZE, slotOf(height), index0);
        pushTemp(I32);
        lastPc = at;
      }
      case 0xfc11 -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        ternary(Op.TABLE_FILL, index0, 0);
      }
      default ->
          throw new UnsupportedOperationException(
              "not supported by the translator yet: opcode 0x" + Integer.toHexString(opcode));
    }
  }

  /** A bulk op on the top three operands, which it consumes. */
  private void ternary(int op, int x, int y) {
    int c = slotFor(height - 1);
    int b = slotFor(height - 2);
    int a = slotFor(height - 3);
    height -= 3;
    w.abcxy(op, a, b, c, x, y);
  }

  @Override
  public void refNull(int t) {
    if (skip()) {
      return;
    }
    push(CONST, 0, 0, t);
  }

  @Override
  public void refFunc(int funcIndex) {
    if (skip()) {
      return;
    }
    int at = w.rx(Op.REF_FUNC, slotOf(height), funcIndex);
    pushTemp(0x70);
    lastPc = at;
  }

  @Override
  public void select(int t) {
    int last = lastPc;
    if (skip()) {
      return;
    }
    int hc = height - 1;
    int hb = height - 2;
    int ha = height - 3;
    int c = slotFor(hc);
    int b = slotFor(hb);
    int a = slotFor(ha);
    int at = optimize && t != V128 ? fuseCompareSelect(last, hc, slotOf(ha), a, b) : -1;
    if (at < 0) {
      at = w.sel(t == V128 ? Op.SELECT_V128 : Op.SELECT, slotOf(ha), a, b, c);
    }
    height -= 3;
    pushTemp(t);
    lastPc = at;
  }

  /**
   * Emits a plain load; right after another plain load of the same width, with no label between
   * them, the two become one {@code load32_pair} or {@code load64_pair}.
   */
  private int loadOrPair(int op, int r, int a, int offset) {
    int pair = pairOf(op);
    int prev = w.position() - 3;
    if (optimize
        && pair != WasmOps.NONE
        && prev >= 0
        && prev == w.lastStart()
        && pairOf(w.word(prev) & 0xffff) == pair
        && !w.atLabel()) {
      int first = w.word(prev);
      int firstAddress = w.word(prev + 1);
      int firstOffset = w.word(prev + 2);
      w.rewind(prev);
      return w.rao2(pair, first >>> 16, firstAddress, r, a, firstOffset, offset);
    }
    return w.rao(op, r, a, offset);
  }

  /** The pair op that two plain loads like {@code op} fuse into, or none. */
  private static int pairOf(int op) {
    return switch (op) {
      case Op.I32_LOAD, Op.F32_LOAD -> Op.LOAD32_PAIR;
      case Op.I64_LOAD, Op.F64_LOAD -> Op.LOAD64_PAIR;
      default -> WasmOps.NONE;
    };
  }

  /**
   * Select fusion: when the condition at height {@code hc} is the temporary that the i32 comparison
   * at {@code at}, the last instruction written, produced, the two become one {@code
   * select_i32_<eq|lt_s|lt_u>} (min, max, three-way compares). The other comparisons swap the
   * compared slots ({@code x > y} is {@code y < x}) or the chosen ones ({@code x >= y ? a : b} is
   * {@code x < y ? b : a}). Returns the fused op's position, or -1.
   */
  private int fuseCompareSelect(int at, int hc, int r, int a, int b) {
    if (!producedJustNow(at, hc)) {
      return -1;
    }
    int cmp = w.word(at) & 0xffff;
    int operands = w.word(at + 1);
    int x = operands & 0xffff;
    int y = operands >>> 16;
    int op =
        switch (cmp) {
          case Op.I32_EQ, Op.I32_NE -> Op.SELECT_I32_EQ;
          case Op.I32_LT_S, Op.I32_GT_S, Op.I32_LE_S, Op.I32_GE_S -> Op.SELECT_I32_LT_S;
          case Op.I32_LT_U, Op.I32_GT_U, Op.I32_LE_U, Op.I32_GE_U -> Op.SELECT_I32_LT_U;
          default -> WasmOps.NONE;
        };
    if (op == WasmOps.NONE) {
      return -1;
    }
    boolean swapCompared =
        cmp == Op.I32_GT_S || cmp == Op.I32_LE_S || cmp == Op.I32_GT_U || cmp == Op.I32_LE_U;
    boolean swapChosen =
        cmp == Op.I32_NE
            || cmp == Op.I32_GE_S
            || cmp == Op.I32_LE_S
            || cmp == Op.I32_GE_U
            || cmp == Op.I32_LE_U;
    w.rewind(at);
    return w.selc(
        op, r, swapChosen ? b : a, swapChosen ? a : b, swapCompared ? y : x, swapCompared ? x : y);
  }

  @Override
  public void call(int callee) {
    if (skip()) {
      return;
    }
    var type0 = module.funcType(callee);
    materializeArguments(type0.paramCount());
    w.rx(Op.CALL, slotOf(height - type0.paramCount()), callee);
    finishCall(type0);
  }

  @Override
  public void callIndirect(int typeIndex, int tableIndex) {
    if (skip()) {
      return;
    }
    var type0 = module.types.get(typeIndex);
    int index = slotFor(height - 1);
    height--;
    materializeArguments(type0.paramCount());
    w.calli(Op.CALL_INDIRECT, slotOf(height - type0.paramCount()), index, tableIndex, typeIndex);
    finishCall(type0);
  }

  @Override
  public void returnCall(int callee) {
    if (skip()) {
      return;
    }
    var type0 = module.funcType(callee);
    int base = height - type0.paramCount();
    materializeArguments(type0.paramCount());
    w.rx(Op.RETURN_CALL, slotOf(base), callee);
    finishTailCall(type0, base);
  }

  @Override
  public void returnCallIndirect(int typeIndex, int tableIndex) {
    if (skip()) {
      return;
    }
    var type0 = module.types.get(typeIndex);
    int index = slotFor(height - 1);
    height--;
    int base = height - type0.paramCount();
    materializeArguments(type0.paramCount());
    w.calli(Op.RETURN_CALL_INDIRECT, slotOf(base), index, tableIndex, typeIndex);
    finishTailCall(type0, base);
  }

  /**
   * After a tail call: a Wasm callee never comes back here, but a host function returns to the next
   * instruction with its results where its arguments were, and this return hands them on.
   */
  private void finishTailCall(io.timeslice.wasm.FuncType callee, int base) {
    int results = callee.resultCells();
    maxCells = Math.max(maxCells, cellAt[base] + Math.max(callee.paramCells(), results));
    if (results == 0) {
      w.n(Op.RETURN);
    } else {
      w.rn(Op.RETURN_SPAN, 0, slotOf(base), results);
    }
    dead = true;
  }

  /**
   * Puts the arguments into their own slots, where the callee's frame will begin. Nothing live is
   * above them (they are on top), and values below that refer to locals stay valid: a callee cannot
   * change its caller's locals.
   */
  private void materializeArguments(int params) {
    for (int h = height - params; h < height; h++) {
      materialize(h);
    }
  }

  private void finishCall(io.timeslice.wasm.FuncType callee) {
    height -= callee.paramCount();
    // The callee's frame extends past our temporaries; our frame must cover its argument cells.
    maxCells = Math.max(maxCells, cellAt[height] + callee.paramCells());
    for (int i = 0; i < callee.resultCount(); i++) {
      pushTemp(callee.result(i).code());
    }
  }

  @Override
  public void block(int opcode, int[] params, int[] results) {
    if (dead) {
      deadNesting++;
      lastPc = -1;
      return;
    }
    billStructural();
    int cond = -1;
    int condKind = 0;
    int fusedAt = -1;
    if (opcode == IF) {
      condKind = kind[height - 1];
      fusedAt = lastPc;
      cond = slotFor(height - 1);
      height--;
    }
    lastPc = -1;
    // A local's value left on the stack below the block is copied to its own slot before the block:
    // a copy made where the block writes the local would run on one path only (an if arm) or on
    // every iteration (a loop), while the value is read after the block on all of them
    // (regression cases local-get-preserved-on-one-path*, TranslatorRegressionTest).
    for (int h = 0; h < height - params.length; h++) {
      if (kind[h] == LOCAL) {
        materialize(h);
      }
    }
    for (int h = height - params.length; h < height; h++) {
      materialize(h);
    }
    pushFrame(opcode, params, results);
    if (opcode == TRY) {
      openTry();
    } else if (opcode == LOOP) {
      frameLoopStart[depth - 1] = w.position();
      w.markLabel();
      chargePoint(false);
    } else if (opcode == IF) {
      frameElseJump[depth - 1] = jumpIf(false, cond, condKind, fusedAt);
      chargePoint(false);
    }
  }

  /** Emits an unconditional branch, fused with an add right before it; returns it to patch. */
  private int jump() {
    int at = w.j(Op.BR, 0);
    return optimize ? Fusion.fuseAdd(w, addPc, at) : at;
  }

  /**
   * Emits a branch taken when the condition is {@code whenTrue}; returns its position to patch. A
   * comparison emitted just before becomes a fused compare-and-branch.
   */
  private int jumpIf(boolean whenTrue, int cond, int condKind, int fusedAt) {
    int at = -1;
    if (optimize && fusedAt >= 0 && condKind == TEMP) {
      at = Fusion.fuse(w, fusedAt, whenTrue);
    }
    if (at < 0) {
      at = w.aj(whenTrue ? Op.BR_NEZ : Op.BR_EQZ, cond, 0);
    }
    return optimize ? Fusion.fuseAdd(w, addPc, at) : at;
  }

  @Override
  public void elseArm() {
    lastPc = -1;
    if (deadNesting > 0) {
      return;
    }
    int frame = depth - 1;
    billStructural();
    if (!dead) {
      copyResults(frame);
      target(frame, jump(), 0);
    }
    w.patchJump(frameElseJump[frame], 0, w.position());
    frameElseJump[frame] = -1;
    frameKind[frame] = ELSE;
    dead = false;
    chargePoint(false);
    pushResults(frame, frameParamTypes[frame]);
  }

  @Override
  public void end() {
    int last = lastPc;
    lastPc = -1;
    if (deadNesting > 0) {
      deadNesting--;
      return;
    }
    int frame = depth - 1;
    billStructural();
    if (frame == 0) {
      if (!dead) {
        emitReturn(last);
      }
      closeCharge();
      finish();
      return;
    }
    if (!dead) {
      copyResults(frame);
    }
    if (frameElseJump[frame] >= 0) {
      // An if without else: its false branch lands here (its params are its results).
      w.patchJump(frameElseJump[frame], 0, w.position());
    }
    closeBlock(frame);
  }

  /** The end of a block that is not the function's: its label is here, its results on the stack. */
  private void closeBlock(int frame) {
    if (frameKind[frame] == TRY) {
      tries.closeBody(frameTry[frame], w.position());
    }
    if (frameKind[frame] != LOOP) {
      pinLabel(frame);
    }
    depth--;
    dead = false;
    pushResults(frame, frameResultTypes[frame]);
    chargePoint(false);
  }

  // ---- exception handling ----

  /**
   * The try whose body holds the block {@code frame} or is it: the first try frame from it outward
   * that is still in its body (a catch arm's exceptions go to the tries around its try), or {@link
   * TryBlocks#CALLER}.
   */
  private int tryAround(int frame) {
    for (int f = frame; f >= 0; f--) {
      if (frameKind[f] == TRY) {
        return frameTry[f];
      }
    }
    return TryBlocks.CALLER;
  }

  /** Opens a try's body (its frame is pushed): a label, so that no fusion spans its start. */
  private void openTry() {
    int frame = depth - 1;
    w.markLabel();
    lastPc = -1;
    frameTry[frame] = tries.open(w.position(), tryAround(frame - 1));
  }

  /**
   * {@code catch} (tag {@code tag}) or {@code catch_all} (-1): ends the body or the arm before,
   * then opens an arm, a charge point where the executor lands with the exception in the frame's
   * base cell (a hidden value below the arm's, for {@code rethrow}) and its values above it.
   */
  @Override
  public void catchArm(int tag) {
    lastPc = -1;
    if (deadNesting > 0) {
      return;
    }
    int frame = depth - 1;
    billStructural();
    int id = frameTry[frame];
    tries.closeBody(id, w.position());
    if (!dead) {
      copyResults(frame);
      target(frame, jump(), 0);
    }
    frameKind[frame] = CATCH;
    dead = false;
    w.markLabel();
    int handler = w.position();
    chargePoint(false);
    height = frameBase[frame];
    int exceptionSlot = slotOf(height);
    pushTemp(EXCEPTION);
    if (tag >= 0) {
      for (io.timeslice.wasm.ValType t : module.tags.get(tag).params()) {
        pushTemp(t.code());
      }
    }
    tries.addCatch(id, tag, handler, exceptionSlot);
  }

  /**
   * {@code delegate}: ends the try; an exception of its body goes to the try around the block at
   * relative depth {@code relative} among the frames around it (or to the caller).
   */
  @Override
  public void delegate(int relative) {
    lastPc = -1;
    if (deadNesting > 0) {
      deadNesting--;
      return;
    }
    int frame = depth - 1;
    billStructural();
    tries.closeBody(frameTry[frame], w.position());
    tries.delegate(frameTry[frame], tryAround(frame - 1 - relative));
    if (!dead) {
      copyResults(frame);
    }
    closeBlock(frame);
  }

  @Override
  public void throwTag(int tag) {
    if (skip()) {
      return;
    }
    int params = module.tags.get(tag).paramCount();
    int base = height - params;
    materializeArguments(params);
    w.rx(Op.THROW, slotOf(base), tag);
    dead = true;
  }

  @Override
  public void rethrow(int relative) {
    if (skip()) {
      return;
    }
    w.rx(Op.RETHROW, slotOf(frameBase[depth - 1 - relative]), 0);
    dead = true;
  }

  @Override
  public void branch(int opcode, int relativeDepth) {
    int cond;
    int condKind;
    int fusedAt = lastPc;
    if (skip()) {
      return;
    }
    int frame = depth - 1 - relativeDepth;
    if (opcode == 0x0c) {
      int arity = frame == 0 ? numResults : labelArity(frame);
      if (frame == 0) {
        emitReturnKeeping();
      } else {
        copyToLabel(frame, arity);
        target(frame, jump(), 0);
      }
      dead = true;
      return;
    }
    condKind = kind[height - 1];
    cond = slotFor(height - 1);
    height--;
    int arity = frame == 0 ? numResults : labelArity(frame);
    if (frame == 0) {
      int skipAt = jumpIf(false, cond, condKind, fusedAt);
      emitReturnKeeping();
      w.patchJump(skipAt, 0, w.position());
    } else if (inPlace(frame, arity) || arity == 0) {
      target(frame, jumpIf(true, cond, condKind, fusedAt), 0);
    } else {
      int skipAt = jumpIf(false, cond, condKind, fusedAt);
      copyToLabel(frame, arity);
      target(frame, jump(), 0);
      w.patchJump(skipAt, 0, w.position());
    }
    lastPc = -1;
  }

  @Override
  public void branchTable(int[] depths, int defaultDepth) {
    if (skip()) {
      return;
    }
    int index = slotFor(height - 1);
    height--;
    int at = w.brt(Op.BR_TABLE, index, new int[depths.length + 1]);
    for (int i = 0; i <= depths.length; i++) {
      int relative = i < depths.length ? depths[i] : defaultDepth;
      int frame = depth - 1 - relative;
      int arity = frame == 0 ? numResults : labelArity(frame);
      if (frame != 0 && inPlace(frame, arity)) {
        target(frame, at, i);
        continue;
      }
      // A trampoline: move the values, then go.
      w.patchJump(at, i, w.position());
      if (frame == 0) {
        emitReturnKeeping();
      } else {
        copyToLabel(frame, arity);
        target(frame, jump(), 0);
      }
    }
    dead = true;
  }

  /**
   * Returns the top {@code numResults} values, the code after being dead. A single result that the
   * instruction at {@code last} just produced is written by it straight into the frame's first
   * cells, where results go, so the return copies nothing. Those cells must be locals' (the
   * constant pool's placement moves every other slot).
   */
  private void emitReturn(int last) {
    int top = height - 1;
    if (optimize
        && numResults == 1
        && localCells >= cells(resultTypes[0])
        && last >= 0
        && kind[top] == TEMP
        && where[top] == slotOf(top)
        && last + Op.format(w.word(last) & 0xffff).length(null, last) == w.position()) {
      w.setResultSlot(last, 0);
      w.n(Op.RETURN);
      return;
    }
    emitReturnKeeping();
  }

  /** Returns the top {@code numResults} values without changing the translator's stack. */
  private void emitReturnKeeping() {
    if (numResults == 0) {
      w.n(Op.RETURN);
      return;
    }
    int top = height - 1;
    if (numResults == 1 && kind[top] != CONST) {
      if (optimize && kind[top] == LOCAL && where[top] == 0) {
        w.n(Op.RETURN); // local 0 is the frame's first cell, where the result goes
      } else {
        w.rn(Op.RETURN_SPAN, 0, where[top], cells(type[top]));
      }
      return;
    }
    int[] savedKind = Arrays.copyOfRange(kind, height - numResults, height);
    int[] savedWhere = Arrays.copyOfRange(where, height - numResults, height);
    for (int h = height - numResults; h < height; h++) {
      materialize(h);
    }
    w.rn(Op.RETURN_SPAN, 0, slotOf(height - numResults), cells(resultTypes));
    System.arraycopy(savedKind, 0, kind, height - numResults, numResults);
    System.arraycopy(savedWhere, 0, where, height - numResults, numResults);
  }

  private void finish() {
    depth = 0;
    if (!tries.isEmpty()) {
      // After the function's last instruction, never run: the executor's try table.
      w.ht(Op.HANDLERS, tries.encode());
    }
    var t = module.funcType(funcIndex);
    int ownSlots = localCells + maxCells + 1;
    if (poolSize > 0 && ownSlots > POOL_PLACEHOLDER_TOP - MAX_POOL) {
      result = null;
      return;
    }
    // Unoptimised, the cells the optimised pool would take stay unused.
    int shift = optimize ? poolSize : reservedCells;
    int frameSize = ownSlots + shift;
    if (frameSize > 0xffff) {
      throw new io.timeslice.wasm.InvalidModuleException(
          "function " + funcIndex + " needs " + frameSize + " frame slots, the limit is 65535",
          module.codeOffsets[funcIndex - module.importedFuncs]);
    }
    if (shift > 0) {
      // The pool goes between the locals and the temporaries, which move up: a callee's frame
      // begins at a temporary, so anything above the temporaries would be overwritten by calls.
      int placeholderFloor = POOL_PLACEHOLDER_TOP - poolSize;
      int locals = localCells;
      w.remapSlots(
          s ->
              s > placeholderFloor
                  ? locals + (POOL_PLACEHOLDER_TOP - s)
                  : s >= locals ? s + shift : s);
    }
    result =
        new CompiledFunction(
            module.displayName(funcIndex),
            t,
            t.paramCells(),
            localCells,
            t.resultCells(),
            Arrays.copyOf(pool, poolSize),
            frameSize,
            w.toArray());
  }
}
