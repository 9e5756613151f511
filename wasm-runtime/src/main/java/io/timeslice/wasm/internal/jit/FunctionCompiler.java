package io.timeslice.wasm.internal.jit;

import static io.timeslice.wasm.internal.jit.Descriptors.EXECUTOR;
import static io.timeslice.wasm.internal.jit.Descriptors.RUNTIME;
import static io.timeslice.wasm.internal.jit.FrameLayout.BUDGET;
import static io.timeslice.wasm.internal.jit.FrameLayout.FP;
import static io.timeslice.wasm.internal.jit.FrameLayout.INST;
import static io.timeslice.wasm.internal.jit.FrameLayout.LEVEL;
import static io.timeslice.wasm.internal.jit.FrameLayout.X;
import static java.lang.constant.ConstantDescs.CD_CallSite;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.ir.Op;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.LineNumberInfo;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Generates the hidden classes of one compiled function: a subclass of {@code JitCode} with
 *
 * <ul>
 *   <li>{@code body(x, inst, fp, level, budget, args…)}: the function from its body start, the
 *       arguments and cells in JVM locals, returning its result;
 *   <li>{@code call(…)}: the checked entry compiled callers call (frame limits, the entry's fuel or
 *       interrupt check, the Java stack budget), which runs {@code body};
 *   <li>{@code invokeBody}, through which the executor enters the body;
 * </ul>
 *
 * and, only when a frame of the function first has to be resumed mid-function, a class of its own
 * with {@code resumeAt(x, inst, fp, level, budget, pc)}: the same code entered at a resume pc with
 * the cells as the interpreter left them. Most functions never need it, and building it would
 * double the compile time.
 *
 * <p>A function whose body would pass the split budget ({@code Config.compiledMethodBytes}) is one
 * class of region methods ({@link Regions}) instead, with {@code resumeAt} their dispatcher and
 * {@code body} a frame on the value stack run through it (docs/tiers.md).
 */
final class FunctionCompiler {
  /**
   * The most bytecode a generated method may have: HotSpot does not compile a method of more than
   * 8,000 bytes ({@code HugeMethodLimit}, with its default {@code DontCompileHugeMethods}); such a
   * method would run in the JVM's own interpreter, far slower than ours. A function whose body is
   * larger is split into several methods (docs/tiers.md).
   */
  static final int HUGE_METHOD_LIMIT = 8000;

  /**
   * The most IR words of a function the compiler takes: about three times the largest function of
   * the corpus (SQLite's bytecode interpreter, 35,000 words metered, 73 regions). A larger one,
   * typically generated straight-line code run once, would take seconds to compile on the calling
   * thread; it stays interpreted.
   */
  static final int MAX_WORDS = 100_000;

  /** The most region methods one function is split into: the dispatcher must fit a method too. */
  static final int MAX_REGIONS = 256;

  /**
   * How many times a split is tried again, with a smaller budget, when a region came out too big.
   */
  private static final int SPLIT_ATTEMPTS = 4;

  /** The IR words generated per method while measuring: well under the class file's 64 KiB. */
  private static final int MEASURE_WORDS = 6000;

  /** Builds the throwaway classes that measure a function: no stack maps, which take the time. */
  private static final ClassFile MEASURING =
      ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS);

  private static final ClassFile CLASS_FILE =
      ClassFile.of(
          ClassFile.ClassHierarchyResolverOption.of(
              ClassHierarchyResolver.defaultResolver()
                  .orElse(
                      ClassHierarchyResolver.ofClassLoading(
                          FunctionCompiler.class.getClassLoader()))));

  private static final DirectMethodHandleDesc BOOTSTRAP =
      ConstantDescs.ofCallsiteBootstrap(Descriptors.BOOTSTRAP, "call", CD_CallSite, CD_int);

  /**
   * A generated class and what the executor needs to know of it; a {@code split} one holds its
   * {@code resumeAt} too.
   */
  record Generated(byte[] bytes, int frameCost, int bodyStart, int[] resumePcs, boolean split) {}

  private final CompiledFunction f;
  private final int func;
  private final ModuleTypes types;
  private final IrScan scan;
  private final int bodyStart;
  private final boolean fuel;

  /** The most bytecode of one method: the body's, measured, or a region's, estimated. */
  private final int splitBytes;

  private final String name;

  /**
   * A compiler of function {@code func} of a module with {@code types}, named {@code name}, {@code
   * f} being its unbound copy.
   */
  FunctionCompiler(CompiledFunction f, int func, ModuleTypes types, String name, int splitBytes) {
    this.f = f;
    this.splitBytes = splitBytes;
    this.func = func;
    this.types = types;
    this.name = name;
    this.scan = new IrScan(f.code());
    int entryOp = f.code()[0] & 0xffff;
    this.fuel = entryOp == Op.CONSUME_FUEL;
    this.bodyStart = fuel ? 2 : entryOp == Op.CHECK_INTERRUPT ? 1 : 0;
    if (fuel) {
      scan.analyseFuel(bodyStart);
    }
  }

  /** The function's name. */
  String name() {
    return name;
  }

  /**
   * The function's class: one body method when it fits {@link #splitBytes}, else split into region
   * methods; null when it cannot be compiled (an op the compiler does not know, too many
   * parameters, more than {@link #MAX_WORDS} IR words or {@link #MAX_REGIONS} regions).
   *
   * @throws BodyEmitter.UnsupportedOp when the function uses an op the compiler does not know
   */
  Generated generate(ClassDesc name) {
    if (f.code().length > MAX_WORDS
        || scan.unsupportedOp >= 0
        || f.numParams() > BodyEmitter.MAX_DIRECT_PARAMS
        || scan.targets.nextSetBit(0) >= 0 && scan.targets.nextSetBit(0) < bodyStart) {
      return null;
    }
    if (new FrameLayout(f, scan.globals, true).maxLocals > 0xffff) {
      return null;
    }
    int[] resumePcs = resumePcs();
    if (f.code().length <= splitBytes) {
      FrameLayout bodyLayout = new FrameLayout(f, scan.globals, false);
      int frameCost = 8 * (bodyLayout.maxLocals + 4 * f.numParams() + 128);
      byte[] bytes = withinClassFileLimits(() -> build(name, bodyLayout, frameCost));
      if (bytes != null && fits(bytes, "body", splitBytes)) {
        return new Generated(bytes, frameCost, bodyStart, resumePcs, false);
      }
    }
    return split(name, resumePcs);
  }

  /**
   * The function as region methods ({@link Regions}) under a dispatcher: measured once, then
   * partitioned with the split budget, and again with a smaller one should a region method come out
   * over {@link #HUGE_METHOD_LIMIT} (the partition works from estimates of each region's prologue
   * and exits).
   */
  private Generated split(ClassDesc name, int[] resumePcs) {
    RegionCosts costs = measure();
    if (costs == null) {
      return null;
    }
    // A region's size is estimated (its prologue and exits): aim a sixteenth under the limit (the
    // estimates came within 1 % of the generated sizes on the corpus).
    int budget = splitBytes - splitBytes / 16;
    for (int attempt = 0; attempt < SPLIT_ATTEMPTS; attempt++) {
      List<Regions.Region> regions =
          Regions.partition(costs, scan.branches, scan.branchWords, scan.resumePcs, budget);
      if (regions.size() > MAX_REGIONS) {
        return null;
      }
      int regionLocals = 0;
      for (Regions.Region r : regions) {
        regionLocals =
            Math.max(regionLocals, FrameLayout.region(f, scan.globals, r.cells()).maxLocals);
      }
      // The dispatcher's frame and the largest region's, both as the JVM interpreter lays them.
      int frameCost = 8 * (regionLocals + 4 * f.numParams() + 2 * 128);
      byte[] bytes = withinClassFileLimits(() -> buildSplit(name, regions, frameCost));
      if (bytes == null) {
        return null;
      }
      if (allFit(bytes)) {
        return new Generated(bytes, frameCost, bodyStart, resumePcs, true);
      }
      budget = budget * 2 / 3;
    }
    return null;
  }

  /**
   * The bytecode and cells of every instruction, from region methods generated without stack maps
   * over runs of at most {@link #MEASURE_WORDS} IR words (fewer, should a run not fit a method);
   * null when even a short run does not.
   */
  private RegionCosts measure() {
    RegionCosts costs = RegionCosts.of(scan, bodyStart);
    BitSet all = new BitSet();
    for (int s = 0; s < f.frameSize(); s++) {
      all.set(s);
    }
    int n = costs.pcs.length;
    int words = MEASURE_WORDS;
    int s = 0;
    while (s < n) {
      int e = s + 1;
      while (e < n && costs.pcs[e] - costs.pcs[s] < words) {
        e++;
      }
      int start = costs.pcs[s];
      Regions.Region run =
          new Regions.Region(start, costs.endOf(e - 1), new int[] {start}, all, new BitSet());
      FrameLayout layout = FrameLayout.region(f, scan.globals, all);
      byte[] bytes =
          withinClassFileLimits(
              () ->
                  MEASURING.build(
                      ClassDesc.of("io.timeslice.wasm.internal.jit.Measure"),
                      clb ->
                          clb.withMethodBody(
                              "run",
                              Descriptors.REGION,
                              ClassFile.ACC_STATIC,
                              cb -> emitter(cb, layout, true, run, costs).emit())));
      if (bytes == null) {
        costs.clear(s, e);
        if (words < 64) {
          return null;
        }
        words /= 2;
        continue;
      }
      CodeModel code = MEASURING.parse(bytes).methods().getFirst().code().orElseThrow();
      List<LineNumberInfo> lines =
          code.findAttribute(Attributes.lineNumberTable()).orElseThrow().lineNumbers().stream()
              .sorted(Comparator.comparingInt(LineNumberInfo::startPc))
              .toList();
      int length = ((CodeAttribute) code).codeLength();
      for (int i = 0; i < lines.size(); i++) {
        LineNumberInfo line = lines.get(i);
        int next = i + 1 < lines.size() ? lines.get(i + 1).startPc() : length;
        if (line.lineNumber() != BodyEmitter.NO_PC) {
          costs.addBytes(start + line.lineNumber(), next - line.startPc());
        }
      }
      s = e;
    }
    return costs;
  }

  private int[] resumePcs() {
    return Arrays.stream(scan.resumePcArray()).filter(pc -> pc >= bodyStart).toArray();
  }

  /**
   * The class holding {@code resumeAt}: the body's code entered at any resume pc, or, when that
   * passes {@link #HUGE_METHOD_LIMIT} (a body just under it, behind a longer prologue), the
   * function split into regions under their dispatcher ({@link Generated#split}), which enters any
   * resume pc too; null when neither can be made.
   */
  Generated generateResume(ClassDesc name) {
    byte[] whole = generateWholeResume(name);
    return whole != null
        ? new Generated(whole, 0, bodyStart, resumePcs(), false)
        : split(name, resumePcs());
  }

  private byte[] generateWholeResume(ClassDesc name) {
    FrameLayout layout = new FrameLayout(f, scan.globals, true);
    byte[] bytes =
        withinClassFileLimits(
            () ->
                CLASS_FILE.build(
                    name,
                    clb -> {
                      clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                      clb.withMethodBody(
                          "resumeAt",
                          Descriptors.RESUME_AT,
                          ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                          cb -> emitter(cb, layout, true, null, null).emit());
                    }));
    return bytes != null && fits(bytes, "resumeAt", HUGE_METHOD_LIMIT) ? bytes : null;
  }

  /**
   * The class {@code build} makes, or null when one of its methods has more code than a class file
   * holds (64 KiB): with huge methods compiled, a body just under the limit can have a resume
   * method (the same code behind a longer prologue) over it, and its size is known only once it is
   * generated. The class file API says so with this exception and message alone.
   */
  private static byte[] withinClassFileLimits(Supplier<byte[]> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Code length")) {
        return null;
      }
      throw e;
    }
  }

  /** Whether method {@code name} of the class has at most {@code limit} bytes of bytecode. */
  private static boolean fits(byte[] bytes, String name, int limit) {
    ClassModel model = CLASS_FILE.parse(bytes);
    for (MethodModel m : model.methods()) {
      if (m.methodName().equalsString(name)) {
        return m.findAttribute(Attributes.code()).map(c -> c.codeLength() <= limit).orElse(false);
      }
    }
    return false;
  }

  /** Whether every method of the class is small enough for HotSpot to compile. */
  private static boolean allFit(byte[] bytes) {
    for (MethodModel m : CLASS_FILE.parse(bytes).methods()) {
      if (m.findAttribute(Attributes.code())
          .map(c -> c.codeLength() > HUGE_METHOD_LIMIT)
          .orElse(false)) {
        return false;
      }
    }
    return true;
  }

  /** The largest method of a class: its bytes of bytecode. */
  static int largestMethod(byte[] bytes) {
    int largest = 0;
    for (MethodModel m : CLASS_FILE.parse(bytes).methods()) {
      largest =
          Math.max(largest, m.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0));
    }
    return largest;
  }

  private byte[] build(ClassDesc name, FrameLayout bodyLayout, int frameCost) {
    return CLASS_FILE.build(
        name,
        clb -> {
          entries(clb, name, frameCost);
          clb.withMethodBody(
              "body",
              Descriptors.body(f.numParams()),
              ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
              cb -> emitter(cb, bodyLayout, false, null, null).emit());
        });
  }

  /**
   * The class of a split function: {@code body} prepares the frame on the value stack and runs
   * {@code resumeAt}, the dispatcher, from the body start; the dispatcher calls the region method
   * holding the pc until one returns from the function.
   */
  private byte[] buildSplit(ClassDesc name, List<Regions.Region> regions, int frameCost) {
    return CLASS_FILE.build(
        name,
        clb -> {
          entries(clb, name, frameCost);
          clb.withMethodBody(
              "body",
              Descriptors.body(f.numParams()),
              ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
              cb -> splitBody(cb, name));
          clb.withMethodBody(
              "resumeAt",
              Descriptors.RESUME_AT,
              ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
              cb -> dispatcher(cb, name, regions));
          for (int k = 0; k < regions.size(); k++) {
            Regions.Region r = regions.get(k);
            FrameLayout layout = FrameLayout.region(f, scan.globals, r.cells());
            clb.withMethodBody(
                "r" + k,
                Descriptors.REGION,
                ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                cb -> emitter(cb, layout, true, r, null).emit());
          }
        });
  }

  /** What every function's class has: its constructor, checked entry and {@code invokeBody}. */
  private void entries(ClassBuilder clb, ClassDesc name, int frameCost) {
    clb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
    clb.withSuperclass(Descriptors.JIT_CODE);
    clb.withMethodBody(
        ConstantDescs.INIT_NAME,
        Descriptors.CONSTRUCTOR,
        ClassFile.ACC_PUBLIC,
        cb ->
            cb.aload(0)
                .iload(1)
                .iload(2)
                .aload(3)
                .aload(4)
                .aload(5)
                .invokespecial(
                    Descriptors.JIT_CODE, ConstantDescs.INIT_NAME, Descriptors.CONSTRUCTOR)
                .return_());
    clb.withMethodBody(
        "call",
        Descriptors.body(f.numParams()),
        ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
        cb -> checkedEntry(cb, name, frameCost));
    clb.withMethodBody(
        "invokeBody", Descriptors.INVOKE_BODY, ClassFile.ACC_PROTECTED, cb -> invokeBody(cb, name));
  }

  /**
   * A split function's {@code body}: the arguments into the frame's cells, the frame prepared as
   * the interpreter prepares it, the dispatcher from the body start, the result from the first
   * cell.
   */
  private void splitBody(CodeBuilder cb, ClassDesc self) {
    int params = f.numParams();
    int cells = BUDGET + 1 + 2 * params;
    writeArguments(cb, cells);
    cb.aload(X).aload(INST).loadConstant(func).iload(FP);
    cb.invokestatic(RUNTIME, "prepareFrame", Descriptors.PREPARE_FRAME);
    cb.aload(X).aload(INST).iload(FP).iload(LEVEL).iload(BUDGET).loadConstant(bodyStart);
    cb.invokestatic(self, "resumeAt", Descriptors.RESUME_AT);
    if (f.numResults() == 1) {
      cb.aload(X).iload(FP).iconst_1().iadd().invokevirtual(EXECUTOR, "cells", Descriptors.CELLS);
      cb.iload(FP).laload().lreturn();
    } else {
      cb.lconst_0().lreturn();
    }
  }

  /**
   * {@code resumeAt(x, inst, fp, level, budget, pc)} of a split function: until the function
   * returns (pc -1), finds the region holding the pc by comparing it with the regions' starts, and
   * runs it.
   */
  private void dispatcher(CodeBuilder cb, ClassDesc self, List<Regions.Region> regions) {
    int pc = BUDGET + 1;
    Label loop = cb.newBoundLabel();
    Label done = cb.newLabel();
    cb.iload(pc).iflt(done);
    dispatch(cb, self, regions, 0, regions.size(), pc, loop);
    cb.labelBinding(done);
    cb.return_();
  }

  /** Calls the one of regions {@code [from, to)} that holds the pc in local {@code pc}. */
  private void dispatch(
      CodeBuilder cb,
      ClassDesc self,
      List<Regions.Region> regions,
      int from,
      int to,
      int pc,
      Label loop) {
    if (to - from == 1) {
      cb.aload(X).aload(INST).iload(FP).iload(LEVEL).iload(BUDGET).iload(pc);
      cb.invokestatic(self, "r" + from, Descriptors.REGION).istore(pc).goto_(loop);
      return;
    }
    int mid = (from + to) >>> 1;
    Label upper = cb.newLabel();
    cb.iload(pc).loadConstant(regions.get(mid).start()).if_icmpge(upper);
    dispatch(cb, self, regions, from, mid, pc, loop);
    cb.labelBinding(upper);
    dispatch(cb, self, regions, mid, to, pc, loop);
  }

  private BodyEmitter emitter(
      CodeBuilder cb,
      FrameLayout layout,
      boolean resume,
      Regions.Region region,
      RegionCosts measure) {
    return new BodyEmitter(
        cb, layout, scan, f, func, bodyStart, resume, BOOTSTRAP, types, region, measure);
  }

  /**
   * {@code call}: what the interpreter's {@code enter} checks before a call (value stack, call
   * depth, then the entry's fuel charge or interruption check, suspending at pc 0 with the frame
   * prepared), then the body; with too little Java stack budget left, the call goes to the
   * interpreter.
   */
  private void checkedEntry(CodeBuilder cb, ClassDesc self, int frameCost) {
    int params = f.numParams();
    int cells = BUDGET + 1 + 2 * params;
    Label exhausted = cb.newLabel();
    Label slow = cb.newLabel();
    Label suspend = cb.newLabel();
    cb.iload(LEVEL).aload(X).getfield(EXECUTOR, "maxDepth", CD_int).if_icmpgt(exhausted);
    cb.iload(FP).loadConstant(f.frameSize()).iadd();
    cb.aload(X).getfield(EXECUTOR, "maxStackCells", CD_int).if_icmpgt(exhausted);
    cb.iload(BUDGET).loadConstant(frameCost).if_icmplt(slow);
    long charge = fuel ? f.code()[1] : 0;
    if (fuel) {
      cb.aload(X).getfield(EXECUTOR, "fuel", CD_long).loadConstant(charge).lcmp().iflt(suspend);
    }
    if (bodyStart > 0) {
      cb.aload(X).invokevirtual(EXECUTOR, "interruptPending", Descriptors.INTERRUPT_PENDING);
      cb.ifne(suspend);
    }
    if (fuel) {
      cb.aload(X).dup().getfield(EXECUTOR, "fuel", CD_long).loadConstant(charge).lsub();
      cb.putfield(EXECUTOR, "fuel", CD_long);
    }
    cb.aload(X).aload(INST).iload(FP).iload(LEVEL).iload(BUDGET).loadConstant(frameCost).isub();
    for (int i = 0; i < params; i++) {
      cb.lload(BUDGET + 1 + 2 * i);
    }
    cb.invokestatic(self, "body", Descriptors.body(params)).lreturn();

    cb.labelBinding(exhausted);
    cb.aload(INST).loadConstant(func);
    cb.invokestatic(RUNTIME, "stackExhausted", Descriptors.TRAP_OF).athrow();

    cb.labelBinding(slow);
    writeArguments(cb, cells);
    cb.aload(X).aload(INST).loadConstant(func).loadConstant(func);
    cb.iload(FP).iload(LEVEL).iload(BUDGET);
    cb.invokestatic(RUNTIME, "callInterpreted", Descriptors.CALL_INTERPRETED).lreturn();

    cb.labelBinding(suspend);
    writeArguments(cb, cells);
    cb.aload(X).aload(INST).loadConstant(func).iload(FP).iload(LEVEL).loadConstant(charge);
    cb.invokestatic(RUNTIME, "suspendAtEntry", Descriptors.SUSPEND_AT_ENTRY);
    cb.getstatic(Descriptors.SUSPENDED, "INSTANCE", Descriptors.SUSPENDED).athrow();
  }

  /** Writes the checked entry's arguments to the cells of its frame. */
  private void writeArguments(CodeBuilder cb, int cells) {
    int params = f.numParams();
    cb.aload(X).iload(FP).loadConstant(params).iadd();
    cb.invokevirtual(EXECUTOR, "cells", Descriptors.CELLS).astore(cells);
    for (int i = 0; i < params; i++) {
      cb.aload(cells).iload(FP).loadConstant(i).iadd().lload(BUDGET + 1 + 2 * i).lastore();
    }
  }

  /**
   * {@code invokeBody(x, inst, fp, level, budget)}: the arguments from the frame's cells into
   * {@code body}, its result back into the first cell.
   */
  private void invokeBody(CodeBuilder cb, ClassDesc self) {
    int params = f.numParams();
    cb.aload(1).iload(3).loadConstant(Math.max(params, 1)).iadd();
    cb.invokevirtual(EXECUTOR, "cells", Descriptors.CELLS).astore(6);
    cb.aload(1).aload(2).iload(3).iload(4).iload(5);
    for (int i = 0; i < params; i++) {
      cb.aload(6).iload(3).loadConstant(i).iadd().laload();
    }
    cb.invokestatic(self, "body", Descriptors.body(params));
    if (f.numResults() == 1) {
      // The body may have grown the value stack: ask for it again.
      cb.lstore(7).aload(1).iload(3).iconst_1().iadd();
      cb.invokevirtual(EXECUTOR, "cells", Descriptors.CELLS);
      cb.iload(3).lload(7).lastore();
    } else {
      cb.pop2();
    }
    cb.return_();
  }
}
