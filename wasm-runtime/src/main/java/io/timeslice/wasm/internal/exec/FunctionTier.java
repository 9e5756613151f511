package io.timeslice.wasm.internal.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A defined function's place between the tiers, shared by every instance of its module: how hot the
 * interpreter found it, and its compiled code once it has some. The counters are plain fields that
 * racing threads may update with lost increments; they only decide when to compile, never what a
 * call computes.
 */
public final class FunctionTier {
  private static final int COLD = 0;
  private static final int COMPILING = 1;
  private static final int COMPILED = 2;
  private static final int FAILED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(FunctionTier.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The compiled code, or null: set once, then read by every thread that calls the function. */
  volatile JitCode code;

  /** Calls counted by the interpreter; the function is compiled when they reach the threshold. */
  int calls;

  /** Samples of time spent in the function's loops (Executor's tier sampling). */
  int loopSamples;

  @SuppressWarnings("unused") // through STATE
  private volatile int state;

  private volatile Throwable failure;

  private final JitCompiler compiler;
  private final int callThreshold;
  private final int loopSampleThreshold;

  /**
   * A function compiled by {@code compiler} after {@code callThreshold} calls, or {@code
   * loopSampleThreshold} loop samples.
   */
  public FunctionTier(JitCompiler compiler, int callThreshold, int loopSampleThreshold) {
    this.compiler = compiler;
    this.callThreshold = callThreshold;
    this.loopSampleThreshold = loopSampleThreshold;
  }

  /** Counts an interpreted call of {@code f}; returns its compiled code, compiling it when hot. */
  JitCode onCall(CompiledFunction f) {
    JitCode c = code;
    if (c == null && ++calls >= callThreshold) {
      c = compile(f);
    }
    return c;
  }

  /** Counts a loop sample of {@code f}; returns its compiled code, compiling it when hot. */
  JitCode onLoopSample(CompiledFunction f) {
    JitCode c = code;
    if (c == null && ++loopSamples >= loopSampleThreshold) {
      c = compile(f);
    }
    return c;
  }

  /**
   * Compiles {@code f} on this thread, once: a thread that finds another one compiling goes on
   * interpreting, and a function the compiler refused is not tried again.
   */
  private JitCode compile(CompiledFunction f) {
    if (!STATE.compareAndSet(this, COLD, COMPILING)) {
      return code;
    }
    JitCode c = null;
    try {
      // Compiled code keeps the frame pointer at the frame's first cell: a function with wide
      // locals (docs/ir.md), whose frame pointer is past them, stays interpreted.
      c = f.fpShift() == 0 ? compiler.compile(f) : null;
    } catch (RuntimeException | LinkageError e) {
      // A compiler bug must not fail the call: the function stays interpreted, which computes the
      // same. The error is kept for tests and logged once.
      failure = e;
      System.getLogger(FunctionTier.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "compiling " + f.name() + " failed; it stays interpreted",
              e);
    } finally {
      code = c;
      state = c == null ? FAILED : COMPILED;
    }
    return c;
  }

  /** Why compiling failed with an error (a compiler bug), or null. */
  public Throwable failure() {
    return failure;
  }

  /** The compiled code, or null. */
  public JitCode code() {
    return code;
  }

  /** Whether the compiler refused the function (it runs interpreted for good). */
  public boolean refused() {
    return state == FAILED;
  }
}
