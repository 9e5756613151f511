package io.timeslice.wasm.internal.jit;

import static io.timeslice.wasm.internal.jit.Descriptors.BYTES;
import static io.timeslice.wasm.internal.jit.Descriptors.EXECUTOR;
import static io.timeslice.wasm.internal.jit.Descriptors.FUNCTION;
import static io.timeslice.wasm.internal.jit.Descriptors.GLOBAL;
import static io.timeslice.wasm.internal.jit.Descriptors.GLOBALS;
import static io.timeslice.wasm.internal.jit.Descriptors.INSTANCE;
import static io.timeslice.wasm.internal.jit.Descriptors.MEMORY;
import static io.timeslice.wasm.internal.jit.Descriptors.RUNTIME;
import static io.timeslice.wasm.internal.jit.Descriptors.SIMD_LANES;
import static io.timeslice.wasm.internal.jit.Descriptors.SIMD_WIDEN;
import static io.timeslice.wasm.internal.jit.FrameLayout.BUDGET;
import static io.timeslice.wasm.internal.jit.FrameLayout.FP;
import static io.timeslice.wasm.internal.jit.FrameLayout.INST;
import static io.timeslice.wasm.internal.jit.FrameLayout.LEVEL;
import static io.timeslice.wasm.internal.jit.FrameLayout.X;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits one generated method's body: the function's IR from its body start, op by op, into JVM
 * bytecode over the {@link FrameLayout}'s locals, then the shared rare paths (spill, traps, fuel
 * and interrupt suspensions). The same emitter makes the body method (entered with the arguments,
 * returning the result), the resume method (entered at a resume pc with the cells as the
 * interpreter left them, returning the results in the cells) and a split function's region methods
 * (the resume method cut to a {@link Regions.Region}: the cells it touches loaded, a branch out of
 * it an exit that writes back the cells it wrote and returns the pc). When measuring, it records
 * each instruction's cells and marks its bytecode with a line number ({@link RegionCosts}).
 */
final class BodyEmitter {
  /** Callees with more parameters are called through the interpreter (JVM's 255-slot limit). */
  static final int MAX_DIRECT_PARAMS = 100;

  private final CodeBuilder cb;
  private final FrameLayout l;
  private final IrScan scan;
  private final int[] code;
  private final ModuleTypes types;
  private final int func;
  private final int numResults;
  private final boolean fuel;
  private final boolean resume;
  private final int bodyStart;
  private final DirectMethodHandleDesc bootstrap;

  /** The region this method holds, or null when it holds the whole function. */
  private final Regions.Region region;

  /** Where the cells and bytecode of each instruction are recorded, when measuring; else null. */
  private final RegionCosts measure;

  /** The line number of the prologue and rare paths when measuring (IR pcs are the others). */
  static final int NO_PC = 0xffff;

  private final Map<Integer, Label> labels = new HashMap<>();
  private final Map<Integer, Label> exits = new HashMap<>();
  private final List<Runnable> stubs = new ArrayList<>();
  private final Label spill;
  private final Label trap;
  private final Label outOfBounds;
  private final Label outOfBoundsCaught;
  private final Label fuelOut;
  private final Label deopt;
  private final Label interrupted;
  private final Label suspendedCaught;
  private final Label exit;

  /**
   * Where the current out-of-bounds guard began, or null: the memory accesses between two calls of
   * other code share one exception-table range, which keeps the table (and the stack map
   * generator's work) small while an exception from a call is never taken for a Wasm trap.
   */
  private Label guardStart;

  BodyEmitter(
      CodeBuilder cb,
      FrameLayout layout,
      IrScan scan,
      CompiledFunction f,
      int func,
      int bodyStart,
      boolean resume,
      DirectMethodHandleDesc bootstrap,
      ModuleTypes types,
      Regions.Region region,
      RegionCosts measure) {
    this.cb = cb;
    this.region = region;
    this.measure = measure;
    this.l = layout;
    this.scan = scan;
    this.code = f.code();
    this.types = types;
    this.func = func;
    this.numResults = f.numResults();
    this.fuel = (code[0] & 0xffff) == Op.CONSUME_FUEL;
    this.resume = resume;
    this.bodyStart = bodyStart;
    this.bootstrap = bootstrap;
    spill = cb.newLabel();
    trap = cb.newLabel();
    outOfBounds = cb.newLabel();
    outOfBoundsCaught = cb.newLabel();
    fuelOut = cb.newLabel();
    deopt = cb.newLabel();
    interrupted = cb.newLabel();
    suspendedCaught = cb.newLabel();
    exit = cb.newLabel();
  }

  /** Thrown when the function uses an op this compiler does not know; it stays interpreted. */
  static final class UnsupportedOp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedOp(int op) {
      super("op " + (op < Op.COUNT ? Op.name(op) : String.valueOf(op)), null, false, false);
    }
  }

  void emit() {
    at(NO_PC);
    prologue();
    Label bodyBegin = cb.newBoundLabel();
    int pc = region == null ? bodyStart : region.start();
    int end = region == null ? code.length : region.end();
    int op = -1;
    while (pc < end) {
      Label at = labels.get(pc);
      if (at != null) {
        cb.labelBinding(at);
      } else if (scan.targets.get(pc)) {
        cb.labelBinding(label(pc));
      }
      op = code[pc] & 0xffff;
      at(pc);
      if (fuel && op != Op.CONSUME_FUEL && scan.fuelChecks.get(pc) && scan.fuelAhead[pc] > 0) {
        fuelCheck(pc, scan.fuelAhead[pc]);
      }
      op(op, pc);
      pc += Op.format(op).length(code, pc);
    }
    // The IR ends in a return, so only a region ending before it can fall through: to the next.
    if (end < code.length && !IrScan.endsBlock(op)) {
      cb.goto_(label(end));
    }
    unguard();
    Label bodyEnd = cb.newBoundLabel();
    // Only calls throw Suspended: each call site has set the pc to return to and its callee's
    // frame start before calling.
    cb.exceptionCatch(bodyBegin, bodyEnd, suspendedCaught, Descriptors.SUSPENDED);
    for (int i = 0; i < stubs.size(); i++) {
      stubs.get(i).run();
    }
    at(NO_PC);
    rarePaths();
    if (measure != null) {
      measure.flush();
    }
  }

  /**
   * The code emitted from here on is the instruction at {@code pc}'s ({@link #NO_PC}: nobody's):
   * when measuring, a line number says so, and the cells it touches are recorded as its.
   */
  private void at(int pc) {
    currentPc = pc;
    if (measure != null) {
      cb.lineNumber(pc == NO_PC ? NO_PC : pc - region.start());
      measure.at(pc == NO_PC ? -1 : pc);
    }
  }

  /** Adds a stub emitted after the body, whose code is the current instruction's. */
  private void stub(Runnable emit) {
    int pc = currentPc;
    stubs.add(
        () -> {
          at(pc);
          emit.run();
        });
  }

  /** The instruction being emitted (or the one a stub belongs to). */
  private int currentPc = NO_PC;

  // ---- prologue: every local assigned, so that every pc sees the same frame ----

  private void prologue() {
    if (fuel) {
      cb.aload(X).getfield(EXECUTOR, "fuel", CD_long).lstore(l.fuel);
    } else {
      cb.lconst_0().lstore(l.fuel);
    }
    cb.lconst_0().lstore(l.need);
    cb.iconst_0().istore(l.site);
    cb.iconst_0().istore(l.trapCode);
    cb.iconst_0().istore(l.tmp);
    cb.iconst_0().istore(l.limit);
    if (scan.usesMemory) {
      reloadMemory();
    } else {
      cb.aconst_null().astore(l.mem);
    }
    cb.aconst_null().astore(l.cells);
    cb.aconst_null().astore(l.callee);
    cb.aconst_null().astore(l.handle);
    for (int g = scan.globals.nextSetBit(0); g >= 0; g = scan.globals.nextSetBit(g + 1)) {
      cb.aload(INST).getfield(INSTANCE, "globals", GLOBALS);
      cb.loadConstant(g).aaload().astore(l.global(g));
    }
    if (!resume) {
      for (int s = l.params; s < l.frameSize; s++) {
        if (!l.isPool(s)) {
          cb.lconst_0().lstore(l.local(s));
        }
      }
      return;
    }
    cells(l.frameSize);
    // A region loads the cells it touches (none when only measured: that code never runs).
    BitSet loaded = region == null ? null : measure != null ? new BitSet() : region.cells();
    for (int s = 0; s < l.frameSize; s++) {
      if (!l.isPool(s) && (loaded == null || loaded.get(s))) {
        cb.aload(l.cells).iload(FP).loadConstant(s).iadd().laload().lstore(l.local(s));
      }
    }
    Label bad = cb.newLabel();
    List<SwitchCase> cases = new ArrayList<>();
    int[] entries = region == null ? scan.resumePcArray() : region.entries();
    for (int pc : entries) {
      if (pc >= bodyStart) {
        cases.add(SwitchCase.of(pc, label(pc)));
      }
    }
    cb.iload(l.resumePc()).lookupswitch(bad, cases);
    cb.labelBinding(bad);
    cb.iload(l.resumePc()).invokestatic(RUNTIME, "badResumePc", Descriptors.BAD_RESUME).athrow();
  }

  private void reloadMemory() {
    cb.aload(INST).getfield(INSTANCE, "memory", MEMORY).getfield(MEMORY, "bytes", BYTES);
    cb.astore(l.mem);
  }

  /** {@code cells = x.cells(fp + end)}: the value stack, with room up to the frame's cell end. */
  private void cells(int end) {
    cb.aload(X).iload(FP).loadConstant(end).iadd();
    cb.invokevirtual(EXECUTOR, "cells", Descriptors.CELLS).astore(l.cells);
  }

  /**
   * The label of IR pc {@code pc}; in a region method, for a pc outside the region, a stub that
   * leaves the region for it.
   */
  private Label label(int pc) {
    if (region != null && !region.contains(pc)) {
      return exits.computeIfAbsent(
          pc,
          p -> {
            Label leave = cb.newLabel();
            stub(
                () -> {
                  cb.labelBinding(leave);
                  cb.loadConstant(p).istore(l.site).goto_(exit);
                });
            return leave;
          });
    }
    return labels.computeIfAbsent(pc, p -> cb.newLabel());
  }

  /** Cell {@code s} is read ({@code write} false) or written by the code emitted now. */
  private int local(int s, boolean write) {
    if (measure != null) {
      measure.cell(s, write);
    }
    return l.local(s);
  }

  // ---- cells as typed values ----

  private void loadL(int s) {
    if (l.isPool(s)) {
      cb.loadConstant(l.poolValue(s));
    } else {
      cb.lload(local(s, false));
    }
  }

  private void loadI(int s) {
    if (l.isPool(s)) {
      cb.loadConstant((int) l.poolValue(s));
    } else {
      cb.lload(local(s, false)).l2i();
    }
  }

  private void load(int s, int type) {
    switch (type) {
      case OpTable.I32, OpTable.RAW32 -> loadI(s);
      case OpTable.I64, OpTable.RAW64 -> loadL(s);
      case OpTable.F32 -> {
        loadI(s);
        intBitsToFloat();
      }
      case OpTable.F64 -> {
        loadL(s);
        longBitsToDouble();
      }
      default -> throw new IllegalStateException("type " + type);
    }
  }

  /** Pushes immediate {@code imm} (already sign-extended) as a value of {@code type}. */
  private void immediate(long imm, int type) {
    switch (type) {
      case OpTable.I32, OpTable.RAW32 -> cb.loadConstant((int) imm);
      case OpTable.I64, OpTable.RAW64 -> cb.loadConstant(imm);
      default -> throw new IllegalStateException("float immediate");
    }
  }

  private void storeL(int s) {
    cb.lstore(local(s, true));
  }

  /** Stores the value of {@code type} on the stack into cell {@code s} as raw bits. */
  private void store(int s, int type) {
    switch (type) {
      case OpTable.I32, OpTable.RAW32 -> cb.i2l();
      case OpTable.I64, OpTable.RAW64 -> {}
      case OpTable.F32 -> {
        cb.invokestatic(Descriptors.CD_FLOAT, "floatToRawIntBits", Descriptors.FLOAT_TO_BITS);
        cb.i2l();
      }
      case OpTable.F64 ->
          cb.invokestatic(Descriptors.CD_DOUBLE, "doubleToRawLongBits", Descriptors.DOUBLE_TO_BITS);
      default -> throw new IllegalStateException("type " + type);
    }
    storeL(s);
  }

  /**
   * Stores op {@code op}'s value into cell {@code r}; an op of the table's {@code nan} flag writes
   * a NaN as the canonical NaN, as its interpreter handler does.
   */
  private void result(int op, int r) {
    int type = OpTable.OUT[op];
    if (OpTable.NAN[op] && type == OpTable.F32) {
      cb.invokestatic(Descriptors.CD_FLOAT, "floatToIntBits", Descriptors.FLOAT_TO_BITS).i2l();
      storeL(r);
    } else if (OpTable.NAN[op] && type == OpTable.F64) {
      cb.invokestatic(Descriptors.CD_DOUBLE, "doubleToLongBits", Descriptors.DOUBLE_TO_BITS);
      storeL(r);
    } else {
      store(r, type);
    }
  }

  private void intBitsToFloat() {
    cb.invokestatic(Descriptors.CD_FLOAT, "intBitsToFloat", Descriptors.INT_BITS_TO_FLOAT);
  }

  private void longBitsToDouble() {
    cb.invokestatic(Descriptors.CD_DOUBLE, "longBitsToDouble", Descriptors.LONG_BITS_TO_DOUBLE);
  }

  private static int high(int word) {
    return word >>> 16;
  }

  private static int low(int word) {
    return word & 0xffff;
  }

  private static int imm16(int word) {
    return word >> 16;
  }

  // ---- ops ----

  private void op(int op, int pc) {
    int w0 = code[pc];
    switch (OpTable.KIND[op]) {
      case OpTable.BINOP -> {
        int ab = code[pc + 1];
        binary(op, pc, () -> load(low(ab), OpTable.IN[op]), () -> load(high(ab), OpTable.IN[op]));
        result(op, high(w0));
      }
      case OpTable.BINIMM -> {
        int ab = code[pc + 1];
        binary(
            op,
            pc,
            () -> load(low(ab), OpTable.IN[op]),
            () -> immediate(imm16(ab), OpTable.IN[op]));
        result(op, high(w0));
      }
      case OpTable.UNOP -> {
        unary(op, pc, code[pc + 1]);
        result(op, high(w0));
      }
      case OpTable.TERNOP -> {
        int ab = code[pc + 1];
        int t = OpTable.IN[op];
        semantics(
            op,
            pc,
            () -> {
              load(low(ab), t);
              load(high(ab), t);
              load(code[pc + 2], t);
            },
            MethodTypeDesc.of(
                Descriptors.of(OpTable.OUT[op]),
                Descriptors.of(t),
                Descriptors.of(t),
                Descriptors.of(t)));
        result(op, high(w0));
      }
      case OpTable.SHIFTOP -> {
        int ab = code[pc + 1];
        int t = OpTable.IN[op];
        semantics(
            op,
            pc,
            () -> {
              load(low(ab), t);
              load(high(ab), t);
              cb.loadConstant(code[pc + 2]);
            },
            MethodTypeDesc.of(
                Descriptors.of(OpTable.OUT[op]),
                Descriptors.of(t),
                Descriptors.of(t),
                java.lang.constant.ConstantDescs.CD_int));
        result(op, high(w0));
      }
      case OpTable.BRCMP -> {
        int base = OpTable.BASE[op];
        int t = OpTable.IN[op];
        load(high(w0), t);
        load(code[pc + 1], t);
        branchIf(base, t, pc, pc + code[pc + 2]);
      }
      case OpTable.BRCMPIMM -> {
        int base = OpTable.BASE[op];
        int t = OpTable.IN[op];
        load(high(w0), t);
        immediate(code[pc + 1], t);
        branchIf(base, t, pc, pc + code[pc + 2]);
      }
      case OpTable.ADDBR -> addAndBranch(op, pc);
      case OpTable.LOAD, OpTable.LOADADD, OpTable.LOADADDI -> {
        int r = high(w0);
        int offset = code[pc + 2];
        int kind = OpTable.KIND[op];
        int ab = code[pc + 1];
        Runnable address =
            kind == OpTable.LOAD
                ? () -> loadI(ab)
                : kind == OpTable.LOADADD
                    ? () -> {
                      loadI(low(ab));
                      loadI(high(ab));
                      cb.iadd();
                    }
                    : () -> {
                      loadI(low(ab));
                      cb.loadConstant(imm16(ab)).iadd();
                    };
        load(OpTable.BASE[op], address, offset, r);
      }
      case OpTable.STORE, OpTable.STOREADD, OpTable.STOREADDI -> {
        int kind = OpTable.KIND[op];
        int offset = code[pc + 2];
        int w1 = code[pc + 1];
        int value = kind == OpTable.STORE ? w1 : high(w0);
        Runnable address =
            kind == OpTable.STORE
                ? () -> loadI(high(w0))
                : kind == OpTable.STOREADD
                    ? () -> {
                      loadI(low(w1));
                      loadI(high(w1));
                      cb.iadd();
                    }
                    : () -> {
                      loadI(low(w1));
                      cb.loadConstant(imm16(w1)).iadd();
                    };
        store(OpTable.BASE[op], address, offset, value);
      }
      case OpTable.LOADPAIR -> {
        int as = code[pc + 1];
        int base = op == Op.LOAD32_PAIR ? Op.I32_LOAD : Op.I64_LOAD;
        load(base, () -> loadI(low(as)), code[pc + 3], high(w0));
        load(base, () -> loadI(code[pc + 2]), code[pc + 4], high(as));
      }
      case OpTable.PAIR -> {
        int ab = code[pc + 1];
        int sc = code[pc + 2];
        boolean wide = op == Op.I64_ADD_PAIR;
        addPair(wide, high(w0), low(ab), high(ab));
        addPair(wide, low(sc), high(sc), code[pc + 3]);
      }
      case OpTable.PC, OpTable.FRAME -> control(op, pc);
      case OpTable.BULK, OpTable.ATOMIC -> interpreted(op, pc);
      case OpTable.SIMD -> simd(op, pc);
      case OpTable.VUNOP, OpTable.VBINOP, OpTable.VSHIFT, OpTable.VTERNOP -> laneWise(op, pc);
      case OpTable.VFN -> laneFunctions(op, pc);
      default -> throw new UnsupportedOp(op);
    }
  }

  private void addPair(boolean wide, int r, int a, int b) {
    if (wide) {
      loadL(a);
      loadL(b);
      cb.ladd();
      storeL(r);
    } else {
      loadI(a);
      loadI(b);
      cb.iadd().i2l();
      storeL(r);
    }
  }

  /** A binary op's value: bytecode of its own for the common ops, else its OpSemantics method. */
  private void binary(int op, int pc, Runnable a, Runnable b) {
    int base = OpTable.BASE[op];
    Opcode direct =
        switch (base) {
          case Op.I32_ADD -> Opcode.IADD;
          case Op.I32_SUB -> Opcode.ISUB;
          case Op.I32_MUL -> Opcode.IMUL;
          case Op.I32_AND -> Opcode.IAND;
          case Op.I32_OR -> Opcode.IOR;
          case Op.I32_XOR -> Opcode.IXOR;
          case Op.I32_SHL -> Opcode.ISHL;
          case Op.I32_SHR_S -> Opcode.ISHR;
          case Op.I32_SHR_U -> Opcode.IUSHR;
          case Op.I64_ADD -> Opcode.LADD;
          case Op.I64_SUB -> Opcode.LSUB;
          case Op.I64_MUL -> Opcode.LMUL;
          case Op.I64_AND -> Opcode.LAND;
          case Op.I64_OR -> Opcode.LOR;
          case Op.I64_XOR -> Opcode.LXOR;
          case Op.F32_ADD -> Opcode.FADD;
          case Op.F32_SUB -> Opcode.FSUB;
          case Op.F32_MUL -> Opcode.FMUL;
          case Op.F32_DIV -> Opcode.FDIV;
          case Op.F64_ADD -> Opcode.DADD;
          case Op.F64_SUB -> Opcode.DSUB;
          case Op.F64_MUL -> Opcode.DMUL;
          case Op.F64_DIV -> Opcode.DDIV;
          default -> null;
        };
    if (direct != null) {
      a.run();
      b.run();
      cb.with(java.lang.classfile.instruction.OperatorInstruction.of(direct));
      return;
    }
    switch (base) {
      case Op.I64_SHL, Op.I64_SHR_S, Op.I64_SHR_U -> {
        a.run();
        b.run();
        cb.l2i();
        switch (base) {
          case Op.I64_SHL -> cb.lshl();
          case Op.I64_SHR_S -> cb.lshr();
          default -> cb.lushr();
        }
        return;
      }
      case Op.I32_ROTL, Op.I32_ROTR -> {
        // (a << b) | (a >>> -b), which C2 turns into one rotate.
        boolean left = base == Op.I32_ROTL;
        a.run();
        b.run();
        cb.istore(l.tmp).dup();
        cb.iload(l.tmp);
        if (!left) {
          cb.ineg();
        }
        cb.ishl().swap().iload(l.tmp);
        if (left) {
          cb.ineg();
        }
        cb.iushr().ior();
        return;
      }
      case Op.I64_ROTL, Op.I64_ROTR -> {
        boolean left = base == Op.I64_ROTL;
        a.run();
        b.run();
        cb.l2i().istore(l.tmp).dup2();
        cb.iload(l.tmp);
        if (!left) {
          cb.ineg();
        }
        cb.lshl().dup2_x2().pop2().iload(l.tmp);
        if (left) {
          cb.ineg();
        }
        cb.lushr().lor();
        return;
      }
      default -> {}
    }
    if (compareValue(base, a, b)) {
      return;
    }
    int t = OpTable.IN[op];
    semantics(
        op,
        pc,
        () -> {
          a.run();
          b.run();
        },
        MethodTypeDesc.of(Descriptors.of(OpTable.OUT[op]), Descriptors.of(t), Descriptors.of(t)));
  }

  /** An integer or float comparison's 0 or 1, when {@code base} is one. */
  private boolean compareValue(int base, Runnable a, Runnable b) {
    int cmpType = comparisonType(base);
    if (cmpType == OpTable.NONE) {
      return false;
    }
    a.run();
    b.run();
    Label holds = cb.newLabel();
    Label done = cb.newLabel();
    if (cmpType == OpTable.F32 || cmpType == OpTable.F64) {
      floatCompare(base, cmpType, holds);
    } else {
      jumpIf(base, cmpType, holds);
    }
    cb.iconst_0().goto_(done);
    cb.labelBinding(holds);
    cb.iconst_1();
    cb.labelBinding(done);
    return true;
  }

  /** The operand type of comparison {@code base}, or NONE when it is not a comparison. */
  private static int comparisonType(int base) {
    return switch (base) {
      case Op.I32_EQ,
          Op.I32_NE,
          Op.I32_LT_S,
          Op.I32_LT_U,
          Op.I32_GT_S,
          Op.I32_GT_U,
          Op.I32_LE_S,
          Op.I32_LE_U,
          Op.I32_GE_S,
          Op.I32_GE_U ->
          OpTable.I32;
      case Op.I64_EQ,
          Op.I64_NE,
          Op.I64_LT_S,
          Op.I64_LT_U,
          Op.I64_GT_S,
          Op.I64_GT_U,
          Op.I64_LE_S,
          Op.I64_LE_U,
          Op.I64_GE_S,
          Op.I64_GE_U ->
          OpTable.I64;
      case Op.F32_EQ, Op.F32_NE, Op.F32_LT, Op.F32_GT, Op.F32_LE, Op.F32_GE -> OpTable.F32;
      case Op.F64_EQ, Op.F64_NE, Op.F64_LT, Op.F64_GT, Op.F64_LE, Op.F64_GE -> OpTable.F64;
      default -> OpTable.NONE;
    };
  }

  /**
   * Jumps to {@code target} when integer comparison {@code base} holds for the two operands on the
   * stack (of {@code type}).
   */
  private void jumpIf(int base, int type, Label target) {
    boolean wide = type == OpTable.I64;
    boolean unsigned =
        switch (base) {
          case Op.I32_LT_U,
              Op.I32_GT_U,
              Op.I32_LE_U,
              Op.I32_GE_U,
              Op.I64_LT_U,
              Op.I64_GT_U,
              Op.I64_LE_U,
              Op.I64_GE_U ->
              true;
          default -> false;
        };
    if (unsigned) {
      if (wide) {
        cb.invokestatic(Descriptors.CD_LONG, "compareUnsigned", Descriptors.COMPARE_LONGS);
      } else {
        cb.invokestatic(Descriptors.CD_INTEGER, "compareUnsigned", Descriptors.COMPARE_INTS);
      }
    } else if (wide) {
      cb.lcmp();
    }
    boolean zero = unsigned || wide;
    Opcode jump =
        switch (base) {
          case Op.I32_EQ, Op.I64_EQ -> zero ? Opcode.IFEQ : Opcode.IF_ICMPEQ;
          case Op.I32_NE, Op.I64_NE -> zero ? Opcode.IFNE : Opcode.IF_ICMPNE;
          case Op.I32_LT_S, Op.I32_LT_U, Op.I64_LT_S, Op.I64_LT_U ->
              zero ? Opcode.IFLT : Opcode.IF_ICMPLT;
          case Op.I32_GT_S, Op.I32_GT_U, Op.I64_GT_S, Op.I64_GT_U ->
              zero ? Opcode.IFGT : Opcode.IF_ICMPGT;
          case Op.I32_LE_S, Op.I32_LE_U, Op.I64_LE_S, Op.I64_LE_U ->
              zero ? Opcode.IFLE : Opcode.IF_ICMPLE;
          case Op.I32_GE_S, Op.I32_GE_U, Op.I64_GE_S, Op.I64_GE_U ->
              zero ? Opcode.IFGE : Opcode.IF_ICMPGE;
          default -> throw new IllegalStateException("not a comparison: " + Op.name(base));
        };
    cb.branch(jump, target);
  }

  /**
   * Jumps to {@code target} when float comparison {@code base} holds; a NaN operand makes every
   * comparison but {@code ne} false, as in Java and Wasm.
   */
  private void floatCompare(int base, int type, Label target) {
    boolean single = type == OpTable.F32;
    switch (base) {
      case Op.F32_LT, Op.F32_LE, Op.F64_LT, Op.F64_LE -> {
        if (single) {
          cb.fcmpg();
        } else {
          cb.dcmpg();
        }
      }
      default -> {
        if (single) {
          cb.fcmpl();
        } else {
          cb.dcmpl();
        }
      }
    }
    Opcode jump =
        switch (base) {
          case Op.F32_EQ, Op.F64_EQ -> Opcode.IFEQ;
          case Op.F32_NE, Op.F64_NE -> Opcode.IFNE;
          case Op.F32_LT, Op.F64_LT -> Opcode.IFLT;
          case Op.F32_GT, Op.F64_GT -> Opcode.IFGT;
          case Op.F32_LE, Op.F64_LE -> Opcode.IFLE;
          default -> Opcode.IFGE;
        };
    cb.branch(jump, target);
  }

  /** A unary op's value from cell {@code a}. */
  private void unary(int op, int pc, int a) {
    int in = OpTable.IN[op];
    switch (op) {
      case Op.I32_EQZ -> {
        loadI(a);
        Label zero = cb.newLabel();
        Label done = cb.newLabel();
        cb.ifeq(zero).iconst_0().goto_(done);
        cb.labelBinding(zero);
        cb.iconst_1();
        cb.labelBinding(done);
      }
      case Op.I64_EQZ -> {
        loadL(a);
        Label zero = cb.newLabel();
        Label done = cb.newLabel();
        cb.lconst_0().lcmp().ifeq(zero).iconst_0().goto_(done);
        cb.labelBinding(zero);
        cb.iconst_1();
        cb.labelBinding(done);
      }
      case Op.I32_WRAP_I64 -> {
        loadL(a);
        cb.l2i();
      }
      case Op.I64_EXTEND_I32_S -> {
        loadI(a);
        cb.i2l();
      }
      case Op.I64_EXTEND_I32_U -> {
        loadL(a);
        cb.loadConstant(0xffff_ffffL).land();
      }
      case Op.F32_NEG -> {
        loadI(a);
        cb.loadConstant(0x8000_0000).ixor();
      }
      case Op.F32_ABS -> {
        loadI(a);
        cb.loadConstant(0x7fff_ffff).iand();
      }
      case Op.F64_NEG -> {
        loadL(a);
        cb.loadConstant(0x8000_0000_0000_0000L).lxor();
      }
      case Op.F64_ABS -> {
        loadL(a);
        cb.loadConstant(0x7fff_ffff_ffff_ffffL).land();
      }
      case Op.F32_SQRT -> {
        load(a, in);
        cb.f2d().invokestatic(Descriptors.CD_MATH, "sqrt", Descriptors.SQRT).d2f();
      }
      case Op.F64_SQRT -> {
        load(a, in);
        cb.invokestatic(Descriptors.CD_MATH, "sqrt", Descriptors.SQRT);
      }
      case Op.F32_CONVERT_I32_S -> {
        loadI(a);
        cb.i2f();
      }
      case Op.F64_CONVERT_I32_S -> {
        loadI(a);
        cb.i2d();
      }
      case Op.F32_CONVERT_I64_S -> {
        loadL(a);
        cb.l2f();
      }
      case Op.F64_CONVERT_I64_S -> {
        loadL(a);
        cb.l2d();
      }
      case Op.F32_CONVERT_I32_U -> {
        loadL(a);
        cb.loadConstant(0xffff_ffffL).land().l2f();
      }
      case Op.F64_CONVERT_I32_U -> {
        loadL(a);
        cb.loadConstant(0xffff_ffffL).land().l2d();
      }
      case Op.F32_DEMOTE_F64 -> {
        load(a, in);
        cb.d2f();
      }
      case Op.F64_PROMOTE_F32 -> {
        load(a, in);
        cb.f2d();
      }
      default ->
          semantics(
              op,
              pc,
              () -> load(a, in),
              MethodTypeDesc.of(Descriptors.of(OpTable.OUT[op]), Descriptors.of(in)));
    }
  }

  /**
   * Calls the op's OpSemantics method on the operands {@code operands} pushes; a trapping op first
   * calls its checker and traps at {@code pc} on a non-zero code.
   */
  private void semantics(int op, int pc, Runnable operands, MethodTypeDesc type) {
    String method = OpTable.method(op);
    if (OpTable.TRAPS[op]) {
      operands.run();
      cb.invokestatic(
          Descriptors.SEMANTICS,
          method + "Trap",
          MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_int, type.parameterArray()));
      cb.dup().istore(l.trapCode);
      Label traps = cb.newLabel();
      cb.ifne(traps);
      stub(
          () -> {
            cb.labelBinding(traps);
            cb.loadConstant(pc).istore(l.site).goto_(trap);
          });
    }
    operands.run();
    cb.invokestatic(Descriptors.SEMANTICS, method, type);
  }

  // ---- branches ----

  /**
   * Jumps from {@code pc} to {@code target} when comparison {@code base} holds for the operands on
   * the stack; a backward jump first takes a pending interrupt.
   */
  private void branchIf(int base, int type, int pc, int target) {
    jumpIf(base, type, jumpLabel(pc, target));
  }

  /** The label a branch from {@code pc} to {@code target} jumps to. */
  private Label jumpLabel(int pc, int target) {
    if (target > pc) {
      return label(target);
    }
    // Every loop iteration ends in a backward branch: it takes a pending interrupt, suspending at
    // its target, as the interpreter's does.
    Label check = cb.newLabel();
    stub(
        () -> {
          cb.labelBinding(check);
          interruptCheck(target);
          cb.goto_(label(target));
        });
    return check;
  }

  /** Suspends at {@code site} when another thread asked to interrupt. */
  private void interruptCheck(int site) {
    Label take = cb.newLabel();
    cb.aload(X).invokevirtual(EXECUTOR, "interruptPending", Descriptors.INTERRUPT_PENDING);
    cb.ifne(take);
    stub(
        () -> {
          cb.labelBinding(take);
          cb.loadConstant(site).istore(l.site).goto_(interrupted);
        });
  }

  private void goTo(int pc, int target) {
    cb.goto_(jumpLabel(pc, target));
  }

  private void addAndBranch(int op, int pc) {
    int w0 = code[pc];
    int ab = code[pc + 1];
    OpFormat format = Op.format(op);
    int r = high(w0);
    loadI(low(ab));
    boolean slotAddend = format == OpFormat.RABJ || format == OpFormat.RABCJ;
    if (slotAddend) {
      loadI(high(ab));
    } else {
      cb.loadConstant(imm16(ab));
    }
    cb.iadd();
    int target = pc + code[pc + format.length(code, pc) - 1];
    switch (op) {
      case Op.ADD_BR, Op.ADDI_BR -> {
        cb.i2l();
        storeL(r);
        goTo(pc, target);
      }
      case Op.ADD_BR_NEZ, Op.ADDI_BR_NEZ -> {
        cb.dup().i2l();
        storeL(r);
        cb.branch(Opcode.IFNE, jumpLabel(pc, target));
      }
      default -> {
        cb.dup().i2l();
        storeL(r);
        if (format == OpFormat.RAIIJ) {
          cb.loadConstant(code[pc + 2]);
        } else {
          loadI(code[pc + 2]);
        }
        branchIf(OpTable.BASE[op], OpTable.I32, pc, target);
      }
    }
  }

  // ---- memory ----

  /**
   * Computes an access's index into {@code tmp}: the 32-bit address {@code address} pushes plus the
   * unsigned {@code offset}. An address at or above 2^31, or a sum that overflows an int, is out of
   * bounds (no memory is that large); the JVM's own bounds check on the access catches the rest.
   * Returns false when the access is always out of bounds (it has jumped to the trap).
   */
  private boolean index(Runnable address, int offset) {
    address.run();
    if (offset < 0) {
      cb.pop().goto_(outOfBounds);
      return false;
    }
    if (offset == 0) {
      cb.istore(l.tmp);
      return true;
    }
    cb.dup().istore(l.tmp).iflt(outOfBounds);
    cb.iload(l.tmp).loadConstant(offset).iadd().istore(l.tmp);
    return true;
  }

  /** Puts the accesses from here on under the out-of-bounds guard. */
  private void guard() {
    if (guardStart == null) {
      guardStart = cb.newBoundLabel();
    }
  }

  /** Ends the current guard before a call of code whose exceptions are not Wasm traps. */
  private void unguard() {
    if (guardStart != null) {
      cb.exceptionCatch(guardStart, cb.newBoundLabel(), outOfBoundsCaught, Descriptors.IOOBE);
      guardStart = null;
    }
  }

  private static String handle(int size) {
    return size == 2 ? "I16" : size == 4 ? "I32" : "I64";
  }

  /** A load of kind {@code base} (a plain load op) into cell {@code r}. */
  private void load(int base, Runnable address, int offset, int r) {
    if (!index(address, offset)) {
      return;
    }
    int size = OpTable.SIZE[base];
    guard();
    if (size == 1) {
      cb.aload(l.mem).iload(l.tmp);
      cb.baload();
    } else {
      cb.getstatic(Descriptors.MEM_ACCESS, handle(size), Descriptors.VAR_HANDLE);
      cb.aload(l.mem).iload(l.tmp);
      cb.invokevirtual(
          Descriptors.VAR_HANDLE,
          "get",
          size == 2
              ? Descriptors.VH_GET_SHORT
              : size == 4 ? Descriptors.VH_GET_INT : Descriptors.VH_GET_LONG);
    }
    switch (base) {
      case Op.I32_LOAD, Op.F32_LOAD, Op.I32_LOAD8_S, Op.I32_LOAD16_S -> cb.i2l();
      case Op.I32_LOAD8_U -> cb.loadConstant(0xff).iand().i2l();
      case Op.I32_LOAD16_U -> cb.loadConstant(0xffff).iand().i2l();
      case Op.I64_LOAD8_S, Op.I64_LOAD16_S, Op.I64_LOAD32_S -> cb.i2l();
      case Op.I64_LOAD8_U -> cb.i2l().loadConstant(0xffL).land();
      case Op.I64_LOAD16_U -> cb.i2l().loadConstant(0xffffL).land();
      case Op.I64_LOAD32_U -> cb.i2l().loadConstant(0xffff_ffffL).land();
      case Op.I64_LOAD, Op.F64_LOAD -> {}
      default -> throw new UnsupportedOp(base);
    }
    storeL(r);
  }

  /** A store of kind {@code base} (a plain store op) of cell {@code value}. */
  private void store(int base, Runnable address, int offset, int value) {
    if (!index(address, offset)) {
      return;
    }
    int size = OpTable.SIZE[base];
    guard();
    if (size == 1) {
      cb.aload(l.mem).iload(l.tmp);
      loadI(value);
      cb.bastore();
    } else {
      cb.getstatic(Descriptors.MEM_ACCESS, handle(size), Descriptors.VAR_HANDLE);
      cb.aload(l.mem).iload(l.tmp);
      if (size == 8) {
        loadL(value);
      } else {
        loadI(value);
        if (size == 2) {
          cb.i2s();
        }
      }
      cb.invokevirtual(
          Descriptors.VAR_HANDLE,
          "set",
          size == 2
              ? Descriptors.VH_SET_SHORT
              : size == 4 ? Descriptors.VH_SET_INT : Descriptors.VH_SET_LONG);
    }
  }

  // ---- data movement, control, calls ----

  private void control(int op, int pc) {
    int w0 = code[pc];
    int r = high(w0);
    switch (op) {
      case Op.COPY -> copy(r, code[pc + 1]);
      case Op.COPY2 -> {
        int as = code[pc + 1];
        copy(r, low(as));
        copy(high(as), code[pc + 2]);
      }
      case Op.COPY4 -> {
        int as = code[pc + 1];
        int bt = code[pc + 2];
        int cu = code[pc + 3];
        copy(r, low(as));
        copy(high(as), low(bt));
        copy(high(bt), low(cu));
        copy(high(cu), code[pc + 4]);
      }
      case Op.COPY_SPAN -> copySpan(r, low(code[pc + 1]), high(code[pc + 1]));
      case Op.CONST32 -> {
        cb.loadConstant((long) code[pc + 1]);
        storeL(r);
      }
      case Op.CONST64 -> {
        cb.loadConstant((code[pc + 1] & 0xffff_ffffL) | (long) code[pc + 2] << 32);
        storeL(r);
      }
      case Op.SELECT -> {
        int ab = code[pc + 1];
        loadI(code[pc + 2]);
        select(Opcode.IFNE, r, low(ab), high(ab));
      }
      case Op.SELECT_I32_EQ, Op.SELECT_I32_LT_S, Op.SELECT_I32_LT_U -> {
        int ab = code[pc + 1];
        int xy = code[pc + 2];
        loadI(low(xy));
        loadI(high(xy));
        Opcode test;
        if (op == Op.SELECT_I32_EQ) {
          test = Opcode.IF_ICMPEQ;
        } else if (op == Op.SELECT_I32_LT_S) {
          test = Opcode.IF_ICMPLT;
        } else {
          cb.invokestatic(Descriptors.CD_INTEGER, "compareUnsigned", Descriptors.COMPARE_INTS);
          test = Opcode.IFLT;
        }
        select(test, r, low(ab), high(ab));
      }
      case Op.BR -> goTo(pc, pc + code[pc + 1]);
      case Op.BR_NEZ -> {
        loadI(r);
        cb.branch(Opcode.IFNE, jumpLabel(pc, pc + code[pc + 1]));
      }
      case Op.BR_EQZ -> {
        loadI(r);
        cb.branch(Opcode.IFEQ, jumpLabel(pc, pc + code[pc + 1]));
      }
      case Op.BR_TABLE -> branchTable(pc);
      case Op.GLOBAL_GET -> {
        cb.aload(l.global(code[pc + 1])).getfield(GLOBAL, "value", CD_long);
        storeL(r);
      }
      case Op.GLOBAL_SET -> {
        cb.aload(l.global(code[pc + 1]));
        loadL(r);
        cb.putfield(GLOBAL, "value", CD_long);
      }
      case Op.MEMORY_SIZE -> {
        if (code[pc + 1] != 0) {
          throw new UnsupportedOp(op); // another memory (multi-memory)
        }
        cb.aload(l.mem).arraylength().loadConstant(16).iushr().i2l();
        storeL(r);
      }
      case Op.MEMORY_GROW -> {
        unguard();
        cb.aload(INST);
        loadI(code[pc + 1]);
        cb.invokestatic(RUNTIME, "memoryGrow", Descriptors.MEMORY_GROW).i2l();
        storeL(r);
        reloadMemory();
      }
      case Op.TRAP -> {
        cb.loadConstant(r).istore(l.trapCode);
        cb.loadConstant(pc).istore(l.site).goto_(trap);
      }
      case Op.CONSUME_FUEL -> staticCharge(pc, code[pc + 1]);
      case Op.CONSUME_FUEL_DYN -> {
        unguard();
        cb.loadConstant(code[pc + 1]);
        loadL(r);
        cb.loadConstant(0xffff_ffffL).land();
        cb.invokestatic(
            desc(io.timeslice.wasm.internal.exec.FuelCosts.class),
            "surcharge",
            Descriptors.SURCHARGE);
        cb.lstore(l.need);
        charge(pc, () -> cb.lload(l.need));
      }
      case Op.CHECK_INTERRUPT -> interruptCheck(pc);
      case Op.CALL -> call(pc);
      case Op.CALL_INDIRECT -> callIndirect(pc);
      case Op.RETURN -> returnResults(0);
      case Op.RETURN_SPAN -> returnResults(low(code[pc + 1]));
      default -> throw new UnsupportedOp(op);
    }
  }

  private static java.lang.constant.ClassDesc desc(Class<?> c) {
    return c.describeConstable().orElseThrow();
  }

  private void copy(int r, int a) {
    if (r != a) {
      loadL(a);
      storeL(r);
    }
  }

  /** Copies {@code n} cells from {@code a} to {@code r}, overlap-safe. */
  private void copySpan(int r, int a, int n) {
    if (r < a) {
      for (int i = 0; i < n; i++) {
        copy(r + i, a + i);
      }
    } else {
      for (int i = n - 1; i >= 0; i--) {
        copy(r + i, a + i);
      }
    }
  }

  /** {@code r = test ? a : b}, {@code test} jumping on the operands already pushed. */
  private void select(Opcode test, int r, int a, int b) {
    Label yes = cb.newLabel();
    Label done = cb.newLabel();
    cb.branch(test, yes);
    loadL(b);
    cb.goto_(done);
    cb.labelBinding(yes);
    loadL(a);
    cb.labelBinding(done);
    storeL(r);
  }

  private void branchTable(int pc) {
    int n = code[pc + 1];
    Label otherwise = jumpLabel(pc, pc + code[pc + 2 + n]);
    loadI(high(code[pc]));
    if (n == 0) {
      cb.pop().goto_(otherwise);
      return;
    }
    List<SwitchCase> cases = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cases.add(SwitchCase.of(i, jumpLabel(pc, pc + code[pc + 2 + i])));
    }
    cb.tableswitch(0, n - 1, otherwise, cases);
  }

  /**
   * The charge of {@code amount} at {@code pc}. Past a fuel check that found enough for every
   * charge up to the next check ({@link IrScan#fuelAhead}) it is paid without a comparison; at a
   * check it is paid when the fuel covers the charges ahead, else the frame suspends out of fuel
   * (this charge cannot be paid) or goes on in the interpreter, which pays charge by charge.
   */
  private void staticCharge(int pc, long amount) {
    long ahead = scan.fuelAhead[pc];
    if (!scan.fuelChecks.get(pc)) {
      cb.lload(l.fuel).loadConstant(amount).lsub().lstore(l.fuel);
    } else if (ahead == amount) {
      charge(pc, () -> cb.loadConstant(amount));
    } else {
      Label lacking = cb.newLabel();
      cb.lload(l.fuel).loadConstant(ahead).lcmp().iflt(lacking);
      cb.lload(l.fuel).loadConstant(amount).lsub().lstore(l.fuel);
      stub(
          () -> {
            cb.labelBinding(lacking);
            cb.loadConstant(pc).istore(l.site);
            cb.lload(l.fuel).loadConstant(amount).lcmp().ifge(deopt);
            cb.loadConstant(amount).lstore(l.need).goto_(fuelOut);
          });
    }
  }

  /**
   * A fuel check at {@code pc} that pays nothing (after a call, a loop header without a charge of
   * its own): with less than {@code ahead}, the frame goes on in the interpreter.
   */
  private void fuelCheck(int pc, long ahead) {
    Label lacking = cb.newLabel();
    cb.lload(l.fuel).loadConstant(ahead).lcmp().iflt(lacking);
    stub(
        () -> {
          cb.labelBinding(lacking);
          cb.loadConstant(pc).istore(l.site).goto_(deopt);
        });
  }

  /**
   * A fuel charge at {@code pc} of the amount {@code amount} pushes (a long): paid from the fuel
   * local, or the frame suspends at {@code pc} with nothing paid.
   */
  private void charge(int pc, Runnable amount) {
    Label cannot = cb.newLabel();
    cb.lload(l.fuel);
    amount.run();
    cb.lcmp().iflt(cannot);
    cb.lload(l.fuel);
    amount.run();
    cb.lsub().lstore(l.fuel);
    stub(
        () -> {
          cb.labelBinding(cannot);
          amount.run();
          cb.lstore(l.need);
          cb.loadConstant(pc).istore(l.site).goto_(fuelOut);
        });
  }

  private void syncFuel() {
    if (fuel) {
      cb.aload(X).lload(l.fuel).putfield(EXECUTOR, "fuel", CD_long);
    }
  }

  private void reloadFuel() {
    if (fuel) {
      cb.aload(X).getfield(EXECUTOR, "fuel", CD_long).lstore(l.fuel);
    }
  }

  /** Writes {@code n} cells from {@code r} to the value stack (a callee's arguments). */
  private void writeCells(int r, int n) {
    cells(r + n);
    put(r, r, n);
  }

  /**
   * Writes cells {@code [from, from + n)} to the value stack's cells {@code [to, to + n)} of the
   * frame, through the cells local, several per call.
   */
  private void put(int to, int from, int n) {
    put(to, from, n, true);
  }

  /**
   * Writes cells {@code [from, from + n)} through the cells local to its indexes {@code [to, to +
   * n)}, from the frame pointer on ({@code inFrame}) or from 0, several per call.
   */
  private void put(int to, int from, int n, boolean inFrame) {
    int i = 0;
    while (i < n) {
      int k = n - i >= 8 ? 8 : n - i >= 4 ? 4 : n - i >= 2 ? 2 : 1;
      cb.aload(l.cells);
      if (inFrame) {
        cb.iload(FP).loadConstant(to + i).iadd();
      } else {
        cb.loadConstant(to + i);
      }
      for (int j = 0; j < k; j++) {
        loadL(from + i + j);
      }
      cb.invokestatic(RUNTIME, "put" + k, Descriptors.put(k));
      i += k;
    }
  }

  /** Writes {@code set}'s cells through the cells local, each run of them by {@link #put}. */
  private void putCells(BitSet set, boolean inFrame) {
    for (int from = set.nextSetBit(0); from >= 0; ) {
      int to = set.nextClearBit(from);
      put(from, from, to - from, inFrame);
      from = set.nextSetBit(to);
    }
  }

  /** The callee's frame pointer and level, and this frame's budget, on the stack. */
  private void calleeFrame(int r) {
    cb.iload(FP).loadConstant(r).iadd().iload(LEVEL).iconst_1().iadd().iload(BUDGET);
  }

  private void call(int pc) {
    int r = high(code[pc]);
    int x = code[pc + 1];
    FuncType callee = types.functions()[x];
    int n = callee.paramCells();
    beforeCall(pc, r);
    if (x >= types.importedFunctions() && n <= MAX_DIRECT_PARAMS) {
      cb.aload(X).aload(INST);
      calleeFrame(r);
      for (int i = 0; i < n; i++) {
        loadL(r + i);
      }
      cb.invokedynamic(
          DynamicCallSiteDesc.of(bootstrap, "call", Descriptors.body(n), Integer.valueOf(x)));
    } else {
      writeCells(r, n);
      cb.aload(X).aload(INST).loadConstant(func).loadConstant(x);
      calleeFrame(r);
      cb.invokestatic(RUNTIME, "callInterpreted", Descriptors.CALL_INTERPRETED);
    }
    afterCall(r, callee.resultCells());
  }

  private void callIndirect(int pc) {
    int r = high(code[pc]);
    int at = code[pc + 1];
    int typeIndex = code[pc + 2];
    FuncType type = types.types()[typeIndex];
    int n = type.paramCells();
    beforeCall(pc, r);
    cb.aload(INST).loadConstant(func).loadConstant(high(at));
    loadL(low(at));
    cb.loadConstant(typeIndex).loadConstant(pc);
    cb.invokestatic(RUNTIME, "indirect", Descriptors.INDIRECT).astore(l.callee);
    Label slow = cb.newLabel();
    Label join = cb.newLabel();
    if (n <= MAX_DIRECT_PARAMS) {
      cb.aload(l.callee).invokestatic(RUNTIME, "entryOf", Descriptors.ENTRY_OF);
      cb.dup().astore(l.handle).ifnull(slow);
      cb.aload(l.handle).aload(X).aload(l.callee);
      cb.invokevirtual(FUNCTION, "instance", Descriptors.FUNCTION_INSTANCE);
      calleeFrame(r);
      for (int i = 0; i < n; i++) {
        loadL(r + i);
      }
      cb.invokevirtual(Descriptors.METHOD_HANDLE, "invokeExact", Descriptors.body(n));
      cb.goto_(join);
    }
    cb.labelBinding(slow);
    writeCells(r, n);
    cb.aload(X).aload(INST).getfield(INSTANCE, "functions", Descriptors.FUNCTIONS);
    cb.loadConstant(func).aaload().aload(l.callee);
    calleeFrame(r);
    cb.invokevirtual(EXECUTOR, "callFromCompiled", Descriptors.CALL_FROM_COMPILED);
    cb.labelBinding(join);
    afterCall(r, type.resultCells());
  }

  /**
   * Before a call at {@code pc} whose callee's frame starts at cell {@code r}: the fuel to the
   * executor, and what a suspension inside the call needs (the function's shared handler spills the
   * cells below {@code r} and records the pc after the call).
   */
  private void beforeCall(int pc, int r) {
    unguard();
    syncFuel();
    int returnPc = pc + Op.format(code[pc] & 0xffff).length(code, pc);
    cb.loadConstant(~returnPc).istore(l.site);
    cb.loadConstant(r).istore(l.limit);
  }

  /**
   * After a call returning its first result on the stack: takes the results into cells from {@code
   * r} (more than one come back in the cells), and reloads fuel and memory.
   */
  private void afterCall(int r, int m) {
    if (m == 1) {
      storeL(r);
    } else {
      cb.pop2();
      if (m > 1) {
        cells(r + m);
        for (int i = 0; i < m; i++) {
          cb.aload(l.cells).iload(FP).loadConstant(r + i).iadd().laload();
          storeL(r + i);
        }
      }
    }
    reloadFuel();
    if (scan.usesMemory) {
      reloadMemory();
    }
  }

  /**
   * Returns the results held in the cells from {@code from} (the frame's first cells, where the
   * interpreter's return leaves them, may be constant-pool cells: they are written only here).
   */
  private void returnResults(int from) {
    unguard();
    syncFuel();
    if (!resume && numResults == 1) {
      loadL(from);
      cb.lreturn();
      return;
    }
    if (numResults > 1 || (resume && numResults == 1)) {
      cells(numResults);
      put(0, from, numResults);
    }
    if (region != null) {
      cb.iconst_m1().ireturn(); // the function returned: the dispatcher's loop ends
    } else if (resume) {
      cb.return_();
    } else {
      cb.lconst_0().lreturn();
    }
  }

  /**
   * A lane-wise SIMD op: its generated {@code …Half} function on each 64-bit half of the operands,
   * held in locals like every cell, both halves computed before either is stored (the result may be
   * an operand).
   */
  private void laneWise(int op, int pc) {
    int w1 = code[pc + 1];
    int kind = OpTable.KIND[op];
    int[] operands =
        switch (kind) {
          case OpTable.VUNOP -> new int[] {w1};
          case OpTable.VTERNOP -> new int[] {low(w1), high(w1), code[pc + 2]};
          default -> new int[] {low(w1), high(w1)};
        };
    MethodTypeDesc type =
        switch (kind) {
          case OpTable.VUNOP -> Descriptors.HALF1;
          case OpTable.VSHIFT -> Descriptors.HALF_SHIFT;
          case OpTable.VTERNOP -> Descriptors.HALF3;
          default -> Descriptors.HALF2;
        };
    String half = OpTable.method(op) + "Half";
    if (kind == OpTable.VSHIFT) {
      // The count is taken modulo the lane width, once for both halves.
      loadI(operands[1]);
      cb.loadConstant(OpTable.SIZE[op] * 8 - 1).iand().istore(l.tmp);
    }
    for (int h = 0; h < 2; h++) {
      if (kind == OpTable.VSHIFT) {
        loadL(operands[0] + h);
        cb.iload(l.tmp);
      } else {
        for (int s : operands) {
          loadL(s + h);
        }
      }
      cb.invokestatic(Descriptors.SIMD_HANDLERS, half, type);
    }
    int r = high(code[pc]);
    storeL(r + 1);
    storeL(r);
  }

  /**
   * A vfn op (simd.isa): its functions called on the operands' halves, as its shape says, with its
   * immediates as constants; a v128 result is both functions' values, computed before either half
   * is stored (the result may be an operand).
   */
  private void laneFunctions(int op, int pc) {
    String[] ownerShape = OpTable.SHAPE[op].split(" ");
    ClassDesc owner = ClassDesc.of(Descriptors.EXEC_PACKAGE + "." + ownerShape[0]);
    String operands = ownerShape[1].substring(0, ownerShape[1].indexOf('>'));
    boolean vector = ownerShape[1].endsWith("v");
    int w1 = code[pc + 1];
    OpFormat format = Op.format(op);
    int[] slots =
        switch (format) {
          case RA -> new int[] {w1};
          case RAI -> new int[] {low(w1)};
          case RABC -> new int[] {low(w1), high(w1), code[pc + 2]};
          default -> new int[] {low(w1), high(w1)};
        };
    int[] immediates =
        switch (format) {
          case RAI -> new int[] {high(w1)};
          case RABI -> new int[] {code[pc + 2]};
          case RABV -> new int[] {code[pc + 2], code[pc + 3], code[pc + 4], code[pc + 5]};
          default -> new int[0];
        };
    List<ClassDesc> params = new ArrayList<>();
    for (int i = 0; i < slots.length; i++) {
      params.add(CD_long);
      if (operands.charAt(i) == 'v') {
        params.add(CD_long);
      }
    }
    for (int i = 0; i < immediates.length; i++) {
      params.add(CD_int);
    }
    MethodTypeDesc type = MethodTypeDesc.of(CD_long, params);
    String name = OpTable.method(op);
    for (String suffix : vector ? new String[] {"Lo", "Hi"} : new String[] {""}) {
      for (int i = 0; i < slots.length; i++) {
        loadL(slots[i]);
        if (operands.charAt(i) == 'v') {
          loadL(slots[i] + 1);
        }
      }
      for (int imm : immediates) {
        cb.loadConstant(imm);
      }
      cb.invokestatic(owner, name + suffix, type);
    }
    int r = high(code[pc]);
    if (vector) {
      storeL(r + 1);
    }
    storeL(r);
  }

  /**
   * The other SIMD ops: the two-cell select and globals, and the loads and stores of memory 0, each
   * one access as a scalar load or store of its size makes (the same bounds check and trap), whose
   * bytes the vfn functions that SimdMemory applies too turn into the result.
   */
  private void simd(int op, int pc) {
    int w0 = code[pc];
    int w1 = code[pc + 1];
    int r = high(w0);
    switch (op) {
      case Op.V128_LOAD -> v128Load(r, w1, code[pc + 2]);
      case Op.V128_STORE -> v128Store(r, w1, code[pc + 2]);
      case Op.V128_LOAD8X8_S -> loadExtend(r, w1, code[pc + 2], "i16x8ExtendLowI8x16S");
      case Op.V128_LOAD8X8_U -> loadExtend(r, w1, code[pc + 2], "i16x8ExtendLowI8x16U");
      case Op.V128_LOAD16X4_S -> loadExtend(r, w1, code[pc + 2], "i32x4ExtendLowI16x8S");
      case Op.V128_LOAD16X4_U -> loadExtend(r, w1, code[pc + 2], "i32x4ExtendLowI16x8U");
      case Op.V128_LOAD32X2_S -> loadExtend(r, w1, code[pc + 2], "i64x2ExtendLowI32x4S");
      case Op.V128_LOAD32X2_U -> loadExtend(r, w1, code[pc + 2], "i64x2ExtendLowI32x4U");
      case Op.V128_LOAD8_SPLAT -> loadSplat(r, w1, code[pc + 2], 1);
      case Op.V128_LOAD16_SPLAT -> loadSplat(r, w1, code[pc + 2], 2);
      case Op.V128_LOAD32_SPLAT -> loadSplat(r, w1, code[pc + 2], 4);
      case Op.V128_LOAD64_SPLAT -> loadSplat(r, w1, code[pc + 2], 8);
      case Op.V128_LOAD32_ZERO -> loadSplat(r, w1, code[pc + 2], -4);
      case Op.V128_LOAD64_ZERO -> loadSplat(r, w1, code[pc + 2], -8);
      case Op.V128_LOAD8_LANE -> loadLane(r, w1, code[pc + 2], code[pc + 3], 1);
      case Op.V128_LOAD16_LANE -> loadLane(r, w1, code[pc + 2], code[pc + 3], 2);
      case Op.V128_LOAD32_LANE -> loadLane(r, w1, code[pc + 2], code[pc + 3], 4);
      case Op.V128_LOAD64_LANE -> loadLane(r, w1, code[pc + 2], code[pc + 3], 8);
      case Op.V128_STORE8_LANE -> storeLane(r, w1, code[pc + 2], code[pc + 3], 1);
      case Op.V128_STORE16_LANE -> storeLane(r, w1, code[pc + 2], code[pc + 3], 2);
      case Op.V128_STORE32_LANE -> storeLane(r, w1, code[pc + 2], code[pc + 3], 4);
      case Op.V128_STORE64_LANE -> storeLane(r, w1, code[pc + 2], code[pc + 3], 8);
      case Op.SELECT_V128 -> {
        Label yes = cb.newLabel();
        Label done = cb.newLabel();
        loadI(code[pc + 2]);
        cb.ifne(yes);
        loadL(high(w1));
        loadL(high(w1) + 1);
        cb.goto_(done);
        cb.labelBinding(yes);
        loadL(low(w1));
        loadL(low(w1) + 1);
        cb.labelBinding(done);
        storeL(r + 1);
        storeL(r);
      }
      case Op.GLOBAL_GET_V128 -> {
        cb.aload(l.global(w1)).getfield(GLOBAL, "value", CD_long);
        cb.aload(l.global(w1)).getfield(GLOBAL, "high", CD_long);
        storeL(r + 1);
        storeL(r);
      }
      case Op.GLOBAL_SET_V128 -> {
        cb.aload(l.global(w1));
        loadL(r);
        cb.putfield(GLOBAL, "value", CD_long);
        cb.aload(l.global(w1));
        loadL(r + 1);
        cb.putfield(GLOBAL, "high", CD_long);
      }
      default -> throw new UnsupportedOp(op);
    }
  }

  /**
   * Pushes the {@code size} bytes at index {@code tmp} of memory 0, zero-extended to a long, under
   * the out-of-bounds guard (the JVM's check of the access is the Wasm bounds check).
   */
  private void readMemory(int size) {
    guard();
    if (size == 1) {
      cb.aload(l.mem).iload(l.tmp).baload().i2l().loadConstant(0xffL).land();
      return;
    }
    cb.getstatic(Descriptors.MEM_ACCESS, handle(size), Descriptors.VAR_HANDLE);
    cb.aload(l.mem).iload(l.tmp);
    switch (size) {
      case 2 -> {
        cb.invokevirtual(Descriptors.VAR_HANDLE, "get", Descriptors.VH_GET_SHORT);
        cb.i2l().loadConstant(0xffffL).land();
      }
      case 4 -> {
        cb.invokevirtual(Descriptors.VAR_HANDLE, "get", Descriptors.VH_GET_INT);
        cb.i2l().loadConstant(0xffff_ffffL).land();
      }
      default -> cb.invokevirtual(Descriptors.VAR_HANDLE, "get", Descriptors.VH_GET_LONG);
    }
  }

  /**
   * {@code v128.loadNxM_s/u}: the 8 bytes at the address, made a v128 by the extend_low op {@code
   * extend}'s functions (the bytes as its operand's low half).
   */
  private void loadExtend(int r, int address, int offset, String extend) {
    if (!index(() -> loadI(address), offset)) {
      return;
    }
    readMemory(8);
    // x; x 0 -> x lo; lo x; lo x 0 -> lo hi
    cb.dup2().lconst_0();
    cb.invokestatic(SIMD_WIDEN, extend + "Lo", Descriptors.HALF2);
    cb.dup2_x2().pop2().lconst_0();
    cb.invokestatic(SIMD_WIDEN, extend + "Hi", Descriptors.HALF2);
    storeL(r + 1);
    storeL(r);
  }

  /**
   * {@code v128.loadN_splat} ({@code size} bytes, made a v128 by the splat's function: both halves
   * are the same) or, {@code size} negative, {@code v128.loadN_zero} of {@code -size} bytes.
   */
  private void loadSplat(int r, int address, int offset, int size) {
    if (!index(() -> loadI(address), offset)) {
      return;
    }
    readMemory(Math.abs(size));
    if (size < 0) {
      cb.lconst_0();
    } else {
      cb.invokestatic(SIMD_LANES, lanes(size) + "SplatLo", Descriptors.HALF1).dup2();
    }
    storeL(r + 1);
    storeL(r);
  }

  /** The lane shape whose lanes are {@code size} bytes wide, as the ops' names begin. */
  private static String lanes(int size) {
    return switch (size) {
      case 1 -> "i8x16";
      case 2 -> "i16x8";
      case 4 -> "i32x4";
      default -> "i64x2";
    };
  }

  /**
   * {@code v128.loadN_lane}: vector b with lane {@code lane} set to the {@code size} bytes at the
   * address by replace_lane's function; the lane is a constant, so only the half that holds it is
   * computed, the other is b's.
   */
  private void loadLane(int r, int ab, int offset, int lane, int size) {
    if (!index(() -> loadI(low(ab)), offset)) {
      return;
    }
    int b = high(ab);
    boolean high = lane >= 8 / size;
    loadL(b);
    loadL(b + 1);
    readMemory(size);
    cb.loadConstant(lane);
    cb.invokestatic(
        SIMD_LANES, lanes(size) + "ReplaceLane" + (high ? "Hi" : "Lo"), Descriptors.REPLACE_LANE);
    loadL(high ? b : b + 1);
    storeL(high ? r : r + 1);
    storeL(high ? r + 1 : r);
  }

  /** {@code v128.storeN_lane}: lane {@code lane} of vector b, by extract_lane's function. */
  private void storeLane(int address, int b, int offset, int lane, int size) {
    if (!index(() -> loadI(address), offset)) {
      return;
    }
    guard();
    if (size == 1) {
      cb.aload(l.mem).iload(l.tmp);
    } else {
      cb.getstatic(Descriptors.MEM_ACCESS, handle(size), Descriptors.VAR_HANDLE);
      cb.aload(l.mem).iload(l.tmp);
    }
    loadL(b);
    loadL(b + 1);
    cb.loadConstant(lane);
    // The narrow lanes' extraction has a sign: unsigned, since the store keeps only the low bytes.
    String extract = lanes(size) + "ExtractLane" + (size <= 2 ? "U" : "");
    cb.invokestatic(SIMD_LANES, extract, Descriptors.EXTRACT_LANE);
    switch (size) {
      case 1 -> cb.l2i().bastore();
      case 2 -> {
        cb.l2i().i2s();
        cb.invokevirtual(Descriptors.VAR_HANDLE, "set", Descriptors.VH_SET_SHORT);
      }
      case 4 -> {
        cb.l2i();
        cb.invokevirtual(Descriptors.VAR_HANDLE, "set", Descriptors.VH_SET_INT);
      }
      default -> cb.invokevirtual(Descriptors.VAR_HANDLE, "set", Descriptors.VH_SET_LONG);
    }
  }

  /**
   * A table, reference, bulk-memory or atomic op, run by the interpreter's handler: its input cells
   * are written to the value stack first and its result read back. Atomics are rare in hot code
   * (locks and flags around it, docs/tiers.md), so they share this path rather than get bytecode of
   * their own; the function around them is compiled.
   */
  private void interpreted(int op, int pc) {
    int w0 = code[pc];
    int w1 = code[pc + 1];
    int result = -1;
    List<Integer> inputs = new ArrayList<>();
    switch (Op.format(op)) {
      case RX -> result = high(w0);
      // A table or memory op (X: its index) and an atomic one (O: its offset) read the same cells.
      case RAX, RAO -> {
        result = high(w0);
        inputs.add(w1);
      }
      case ABX, ABO -> {
        inputs.add(high(w0));
        inputs.add(w1);
      }
      case RABX, RABO -> {
        result = high(w0);
        inputs.add(low(w1));
        inputs.add(high(w1));
      }
      case ABCXY -> {
        inputs.add(high(w0));
        inputs.add(low(w1));
        inputs.add(high(w1));
      }
      case RABCO -> {
        result = high(w0);
        inputs.add(low(w1));
        inputs.add(high(w1));
        inputs.add(code[pc + 2]);
      }
      case I -> {}
      default -> throw new UnsupportedOp(op);
    }
    runCold(pc, inputs);
    if (result >= 0) {
      cb.aload(X).iload(FP).loadConstant(l.frameSize).iadd();
      cb.invokevirtual(EXECUTOR, "cells", Descriptors.CELLS);
      cb.iload(FP).loadConstant(result).iadd().laload();
      storeL(result);
    }
  }

  /**
   * {@code v128.load}: both halves read before cell {@code r} is written (it may be the address).
   */
  private void v128Load(int r, int address, int offset) {
    if (!index(() -> loadI(address), offset)) {
      return;
    }
    guard();
    for (int h = 0; h < 2; h++) {
      cb.getstatic(Descriptors.MEM_ACCESS, handle(8), Descriptors.VAR_HANDLE);
      cb.aload(l.mem).iload(l.tmp);
      if (h == 1) {
        cb.loadConstant(8).iadd(); // past 2^31 it wraps negative: out of bounds
      }
      cb.invokevirtual(Descriptors.VAR_HANDLE, "get", Descriptors.VH_GET_LONG);
    }
    storeL(r + 1);
    storeL(r);
  }

  /**
   * {@code v128.store}: the high half first, so that a store past the end writes nothing (the JVM
   * checks each half; the low half is in bounds once the high one was). An index that wrapped
   * negative could put the high half in bounds alone, so it is refused first.
   */
  private void v128Store(int address, int value, int offset) {
    if (!index(() -> loadI(address), offset)) {
      return;
    }
    cb.iload(l.tmp).iflt(outOfBounds);
    guard();
    for (int h = 1; h >= 0; h--) {
      cb.getstatic(Descriptors.MEM_ACCESS, handle(8), Descriptors.VAR_HANDLE);
      cb.aload(l.mem).iload(l.tmp);
      if (h == 1) {
        cb.loadConstant(8).iadd();
      }
      loadL(value + h);
      cb.invokevirtual(Descriptors.VAR_HANDLE, "set", Descriptors.VH_SET_LONG);
    }
  }

  /** Writes cells {@code inputs} to their places in the frame on the value stack. */
  private void spill(List<Integer> inputs) {
    cells(l.frameSize);
    for (int s : inputs) {
      cb.aload(l.cells).iload(FP).loadConstant(s).iadd();
      loadL(s);
      cb.lastore();
    }
  }

  /** Writes cells {@code inputs} to the value stack and runs the op at {@code pc} on them. */
  private void runCold(int pc, List<Integer> inputs) {
    unguard();
    spill(inputs);
    syncFuel();
    cb.aload(X).aload(INST).loadConstant(func).iload(FP).loadConstant(pc);
    cb.invokestatic(RUNTIME, "interpretOp", Descriptors.INTERPRET_OP);
  }

  // ---- the rare paths every site shares ----

  private void rarePaths() {
    // A suspension: the cells go to the executor's spill buffer, from which the runtime writes
    // those
    // below the limit to the value stack (a frame waiting in a call keeps the cells from its
    // callee's frame on: they are the callee's now), and the frame record to the executor. A frame
    // whose callee suspended (site < 0) keeps the fuel its callee left in the executor.
    cb.labelBinding(spill);
    if (fuel) {
      Label keep = cb.newLabel();
      cb.iload(l.site).iflt(keep);
      syncFuel();
      cb.labelBinding(keep);
    }
    if (region == null) {
      cb.aload(X).loadConstant(l.frameSize);
      cb.invokevirtual(EXECUTOR, "spillBuffer", Descriptors.SPILL_BUFFER).astore(l.cells);
      put(0, 0, l.locals, false);
      int tail = l.locals + l.poolSize;
      if (tail < l.frameSize) {
        put(tail, tail, l.frameSize - tail, false);
      }
    } else {
      // A region holds some of the cells: the others are on the value stack already.
      cb.aload(X).iload(FP).loadConstant(l.frameSize);
      cb.invokestatic(RUNTIME, "regionSpillBuffer", Descriptors.REGION_SPILL_BUFFER);
      cb.astore(l.cells);
      putCells(region.written(), false);
    }
    cb.aload(X).aload(INST).loadConstant(func).iload(FP).iload(LEVEL).iload(l.site).iload(l.limit);
    cb.invokestatic(RUNTIME, "suspend", Descriptors.SUSPEND);
    cb.getstatic(Descriptors.SUSPENDED, "INSTANCE", Descriptors.SUSPENDED).athrow();

    cb.labelBinding(suspendedCaught);
    cb.pop().goto_(spill);

    cb.labelBinding(fuelOut);
    cb.aload(X).lload(l.need).invokevirtual(EXECUTOR, "compiledOutOfFuel", Descriptors.OUT_OF_FUEL);
    cb.loadConstant(l.frameSize).istore(l.limit).goto_(spill);

    if (fuel) {
      // Less fuel than the charges ahead need (but enough for the next one): the frame is written
      // back as for a suspension, and the executor runs it on in the interpreter from the pc.
      cb.labelBinding(deopt);
      cb.aload(X).invokevirtual(EXECUTOR, "compiledDeopt", Descriptors.DEOPT);
      cb.loadConstant(l.frameSize).istore(l.limit).goto_(spill);
    }

    cb.labelBinding(interrupted);
    cb.aload(X).invokevirtual(EXECUTOR, "compiledInterrupted", Descriptors.INTERRUPTED);
    cb.loadConstant(l.frameSize).istore(l.limit).goto_(spill);

    cb.labelBinding(trap);
    syncFuel();
    cb.aload(INST).loadConstant(func).iload(l.trapCode).iload(l.site);
    cb.invokestatic(RUNTIME, "trap", Descriptors.TRAP_AT).athrow();

    if (region != null) {
      // Control leaves the region for pc site: the cells it wrote to the value stack, the fuel to
      // the executor, and the next region is the dispatcher's to find.
      cb.labelBinding(exit);
      cells(l.frameSize);
      putCells(region.written(), true);
      syncFuel();
      cb.iload(l.site).ireturn();
    }

    cb.labelBinding(outOfBoundsCaught);
    cb.pop();
    cb.labelBinding(outOfBounds);
    syncFuel();
    cb.aload(INST).loadConstant(func);
    cb.invokestatic(RUNTIME, "outOfBounds", Descriptors.TRAP_OF).athrow();
  }
}
