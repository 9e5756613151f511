package io.timeslice.wasm.internal.jit;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.JitCode;
import io.timeslice.wasm.internal.exec.JitCompiler;
import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The compiled tier of one module, shared by all its instances: compiles its functions (each into a
 * hidden class, unloaded with the module) and keeps one call site per called function, so that a
 * compiled caller calls a callee compiled later directly from then on.
 */
public final class JitModule implements JitCompiler {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  private static final MethodHandle CALL_INTERPRETED;

  static {
    try {
      CALL_INTERPRETED =
          LOOKUP.findStatic(
              JitRuntime.class,
              "callInterpretedArgs",
              MethodType.methodType(
                  long.class,
                  Executor.class,
                  InstanceContext.class,
                  int.class,
                  int.class,
                  int.class,
                  int.class,
                  long[].class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int importedFunctions;
  private final int splitBytes;
  private final AtomicLong compileNanos = new AtomicLong();
  private final AtomicInteger splitFunctions = new AtomicInteger();
  private final AtomicInteger largestMethod = new AtomicInteger();
  private final AtomicInteger splitResumes = new AtomicInteger();
  private final Map<Integer, MethodHandle> entries = new HashMap<>();
  private final Map<Integer, MutableCallSite> sites = new HashMap<>();

  /**
   * The tier of a module importing {@code importedFunctions} functions, which splits a function of
   * more than {@code splitBytes} bytes of bytecode into several methods.
   */
  public JitModule(int importedFunctions, int splitBytes) {
    this.importedFunctions = importedFunctions;
    this.splitBytes = splitBytes;
  }

  /** How many of the functions compiled so far were split into several methods. */
  public int splitFunctions() {
    return splitFunctions.get();
  }

  /**
   * How many resume methods compiled so far were split into regions, the whole one not fitting a
   * JVM method.
   */
  public int splitResumes() {
    return splitResumes.get();
  }

  /** The bytes of bytecode of the largest method generated so far. */
  public int largestMethodBytes() {
    return largestMethod.get();
  }

  @Override
  public JitCode compile(CompiledFunction f) {
    long start = System.nanoTime();
    try {
      return generate(f);
    } finally {
      compileNanos.addAndGet(System.nanoTime() - start);
    }
  }

  /** Nanoseconds spent compiling so far, refused functions included. */
  public long compileNanos() {
    return compileNanos.get();
  }

  private JitCode generate(CompiledFunction f) {
    InstanceContext inst = f.instance();
    int func = indexOf(inst, f);
    // An unbound copy (the same IR) and the module's signatures: the lazily compiled resume method
    // must not keep this instance alive.
    FunctionCompiler compiler =
        new FunctionCompiler(f.copy(), func, types(inst), f.name(), splitBytes);
    FunctionCompiler.Generated g;
    try {
      g = compiler.generate(className(func, f.name(), ""));
    } catch (BodyEmitter.UnsupportedOp e) {
      return null;
    }
    if (g == null) {
      return null;
    }
    try {
      MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(g.bytes(), this, true);
      Class<?> c = hidden.lookupClass();
      MethodHandle entry = hidden.findStatic(c, "call", type(f.numParams()));
      Supplier<MethodHandle> resume;
      if (g.split()) {
        // The dispatcher of a split function enters it at any pc: nothing more to compile.
        MethodHandle dispatcher = hidden.findStatic(c, "resumeAt", RESUME_TYPE);
        resume = () -> dispatcher;
        splitFunctions.incrementAndGet();
      } else {
        resume = () -> compileResume(compiler, func, compiler.name());
      }
      largestMethod.accumulateAndGet(FunctionCompiler.largestMethod(g.bytes()), Math::max);
      JitCode code =
          (JitCode)
              hidden
                  .findConstructor(
                      c,
                      MethodType.methodType(
                          void.class,
                          int.class,
                          int.class,
                          MethodHandle.class,
                          int[].class,
                          Supplier.class))
                  .invoke(g.frameCost(), g.bodyStart(), entry, g.resumePcs(), resume);
      publish(func, entry);
      return code;
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("defining compiled " + f.name(), e);
    }
  }

  /**
   * The resume method of function {@code func}, compiled the first time a frame of it is resumed
   * mid-function (split into regions when it does not fit one JVM method); null when it cannot be
   * compiled at all (such frames finish in the interpreter).
   */
  private MethodHandle compileResume(FunctionCompiler compiler, int func, String name) {
    long start = System.nanoTime();
    try {
      FunctionCompiler.Generated g = compiler.generateResume(className(func, name, "resume"));
      if (g == null) {
        return null;
      }
      if (g.split()) {
        splitResumes.incrementAndGet();
      }
      byte[] bytes = g.bytes();
      largestMethod.accumulateAndGet(FunctionCompiler.largestMethod(bytes), Math::max);
      MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(bytes, this, true);
      return hidden.findStatic(hidden.lookupClass(), "resumeAt", RESUME_TYPE);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("defining the resume method of " + name, e);
    } finally {
      compileNanos.addAndGet(System.nanoTime() - start);
    }
  }

  private static final MethodType RESUME_TYPE =
      MethodType.methodType(
          void.class,
          Executor.class,
          InstanceContext.class,
          int.class,
          int.class,
          int.class,
          int.class);

  /** The module's signatures, from the first instance that compiles. */
  private ModuleTypes types(InstanceContext inst) {
    ModuleTypes t = types;
    if (t == null) {
      t = ModuleTypes.of(inst, importedFunctions);
      types = t;
    }
    return t;
  }

  private volatile ModuleTypes types;

  private static ClassDesc className(int func, String name, String suffix) {
    return ClassDesc.of("io.timeslice.wasm.internal.jit.W" + func + "$" + safe(name) + suffix);
  }

  /** The type of a checked entry with {@code params} arguments. */
  static MethodType type(int params) {
    Class<?>[] p = new Class<?>[5 + params];
    p[0] = Executor.class;
    p[1] = InstanceContext.class;
    p[2] = int.class;
    p[3] = int.class;
    p[4] = int.class;
    for (int i = 5; i < p.length; i++) {
      p[i] = long.class;
    }
    return MethodType.methodType(long.class, p);
  }

  private static int indexOf(InstanceContext inst, CompiledFunction f) {
    for (int i = 0; i < inst.functions.length; i++) {
      if (inst.functions[i] == f) {
        return i;
      }
    }
    throw new IllegalArgumentException(f.name() + " is not a function of its instance");
  }

  /** A class name part from a Wasm function name: letters and digits only, not too long. */
  private static String safe(String name) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < name.length() && s.length() < 40; i++) {
      char c = name.charAt(i);
      s.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    return s.toString();
  }

  private synchronized void publish(int func, MethodHandle entry) {
    entries.put(func, entry);
    MutableCallSite site = sites.get(func);
    if (site != null) {
      site.setTarget(entry);
    }
  }

  /** The call site of function {@code func}: compiled code, or the interpreter until it is. */
  synchronized MutableCallSite callSite(int func, MethodType type) {
    MutableCallSite site = sites.get(func);
    if (site == null) {
      MethodHandle target = entries.get(func);
      if (target == null) {
        target =
            MethodHandles.insertArguments(CALL_INTERPRETED, 5, func)
                .asCollector(long[].class, type.parameterCount() - 5);
      }
      site = new MutableCallSite(target.asType(type));
      sites.put(func, site);
    }
    return site;
  }
}
