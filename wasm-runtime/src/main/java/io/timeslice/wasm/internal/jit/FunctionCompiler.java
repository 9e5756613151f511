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
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.util.Arrays;
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
 */
final class FunctionCompiler {
  /**
   * The most bytecode a generated method may have. By default HotSpot does not compile a method of
   * more than 8,000 bytes ({@code HugeMethodLimit}): such a method would run in the JVM's own
   * interpreter, far slower than ours. A JVM started with {@code -XX:-DontCompileHugeMethods}
   * compiles methods of any size, and then the class file's own limit, 64 KiB, is the only one (the
   * service's JVM runs so: docs/tiers.md).
   */
  static final int HUGE_METHOD_LIMIT = HugeMethods.compiled() ? 65_535 : 8000;

  private static final ClassFile CLASS_FILE =
      ClassFile.of(
          ClassFile.ClassHierarchyResolverOption.of(
              ClassHierarchyResolver.defaultResolver()
                  .orElse(
                      ClassHierarchyResolver.ofClassLoading(
                          FunctionCompiler.class.getClassLoader()))));

  private static final DirectMethodHandleDesc BOOTSTRAP =
      ConstantDescs.ofCallsiteBootstrap(Descriptors.BOOTSTRAP, "call", CD_CallSite, CD_int);

  /** A generated class and what the executor needs to know of it. */
  record Generated(byte[] bytes, int frameCost, int bodyStart, int[] resumePcs) {}

  private final CompiledFunction f;
  private final int func;
  private final ModuleTypes types;
  private final IrScan scan;
  private final int bodyStart;
  private final boolean fuel;

  private final String name;

  /**
   * A compiler of function {@code func} of a module with {@code types}, named {@code name}, {@code
   * f} being its unbound copy.
   */
  FunctionCompiler(CompiledFunction f, int func, ModuleTypes types, String name) {
    this.f = f;
    this.func = func;
    this.types = types;
    this.name = name;
    this.scan = new IrScan(f.code());
    int entryOp = f.code()[0] & 0xffff;
    this.fuel = entryOp == Op.CONSUME_FUEL;
    this.bodyStart = fuel ? 2 : entryOp == Op.CHECK_INTERRUPT ? 1 : 0;
  }

  /** The function's name. */
  String name() {
    return name;
  }

  /**
   * The function's class; null when its body does not fit a JVM method or it cannot be compiled.
   *
   * @throws BodyEmitter.UnsupportedOp when the function uses an op the compiler does not know
   */
  Generated generate(ClassDesc name) {
    // Every IR word becomes at least one byte of bytecode: a body of more words than the limit
    // cannot fit, and generating it (megabytes, for the largest) would be wasted.
    if (f.code().length > HUGE_METHOD_LIMIT
        || scan.unsupportedOp >= 0
        || f.numParams() > BodyEmitter.MAX_DIRECT_PARAMS
        || scan.targets.nextSetBit(0) >= 0 && scan.targets.nextSetBit(0) < bodyStart) {
      return null;
    }
    FrameLayout bodyLayout = new FrameLayout(f, scan.globals, false);
    if (new FrameLayout(f, scan.globals, true).maxLocals > 0xffff) {
      return null;
    }
    int[] resumePcs = Arrays.stream(scan.resumePcArray()).filter(pc -> pc >= bodyStart).toArray();
    int frameCost = 8 * (bodyLayout.maxLocals + 4 * f.numParams() + 128);
    byte[] bytes = withinClassFileLimits(() -> build(name, bodyLayout, frameCost));
    return bytes != null && fits(bytes, "body")
        ? new Generated(bytes, frameCost, bodyStart, resumePcs)
        : null;
  }

  /** The class holding {@code resumeAt}; null when it does not fit a JVM method. */
  byte[] generateResume(ClassDesc name) {
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
                          cb -> emitter(cb, layout, true).emit());
                    }));
    return bytes != null && fits(bytes, "resumeAt") ? bytes : null;
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

  /** Whether method {@code name} of the class is small enough for HotSpot to compile. */
  private static boolean fits(byte[] bytes, String name) {
    ClassModel model = CLASS_FILE.parse(bytes);
    for (MethodModel m : model.methods()) {
      if (m.methodName().equalsString(name)) {
        return m.findAttribute(Attributes.code())
            .map(c -> c.codeLength() <= HUGE_METHOD_LIMIT)
            .orElse(false);
      }
    }
    return false;
  }

  private byte[] build(ClassDesc name, FrameLayout bodyLayout, int frameCost) {
    int params = f.numParams();
    return CLASS_FILE.build(
        name,
        clb -> {
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
              "body",
              Descriptors.body(params),
              ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
              cb -> emitter(cb, bodyLayout, false).emit());
          clb.withMethodBody(
              "call",
              Descriptors.body(params),
              ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
              cb -> checkedEntry(cb, name, frameCost));
          clb.withMethodBody(
              "invokeBody",
              Descriptors.INVOKE_BODY,
              ClassFile.ACC_PROTECTED,
              cb -> invokeBody(cb, name));
        });
  }

  private BodyEmitter emitter(CodeBuilder cb, FrameLayout layout, boolean resume) {
    return new BodyEmitter(cb, layout, scan, f, func, bodyStart, resume, BOOTSTRAP, types);
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
