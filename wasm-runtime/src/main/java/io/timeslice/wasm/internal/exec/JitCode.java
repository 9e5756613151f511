package io.timeslice.wasm.internal.exec;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A function compiled to JVM bytecode (the compiled tier, {@code internal.jit}): the generated
 * class extends this. Compiled code computes what the function's IR computes on the same 64-bit
 * cells, keeping them in JVM locals, and pays the same fuel at the same IR points. It is entered at
 * the start of its body and, through a resume method compiled when first needed, at every point
 * where the interpreter can suspend (see {@link #canResumeAt}).
 */
public abstract class JitCode {
  /** The Java stack bytes one activation may take, counted against the executor's budget. */
  public final int frameCost;

  /** The IR pc after the function's entry instruction (its fuel charge or interruption check). */
  public final int bodyStart;

  /**
   * The checked entry for calls from compiled code: {@code (Executor, InstanceContext, int fp, int
   * level, int budget, long... args) -> long} (the result, or 0 when there is none or results are
   * in the frame); checks the frame, pays the entry and runs the body.
   */
  public final MethodHandle entry;

  private final int[] resumePcs;
  private final Supplier<MethodHandle> resumeCompiler;
  private volatile MethodHandle resumer;
  private volatile boolean resumeRefused;

  /**
   * Code whose activations take {@code frameCost} bytes of Java stack, whose body starts at {@code
   * bodyStart}, entered from compiled callers through {@code entry}, and resumable at the sorted
   * {@code resumePcs} by the {@code resumeAt(x, inst, fp, level, budget, pc)} method {@code
   * resumeCompiler} compiles on first use (null: it does not fit a JVM method).
   */
  protected JitCode(
      int frameCost,
      int bodyStart,
      MethodHandle entry,
      int[] resumePcs,
      Supplier<MethodHandle> resumeCompiler) {
    this.frameCost = frameCost;
    this.bodyStart = bodyStart;
    this.entry = entry;
    this.resumePcs = resumePcs;
    this.resumeCompiler = resumeCompiler;
  }

  /**
   * Whether compiled code can take over a frame the interpreter has run up to IR pc {@code pc}: it
   * is one of the resume pcs, and the resume method exists (compiled now, the first time). A frame
   * just entered can always be taken over: {@link #invokeBody}.
   */
  public final boolean canResumeAt(int pc) {
    return Arrays.binarySearch(resumePcs, pc) >= 0 && resumable();
  }

  /** Whether the resume method exists (compiled now, the first time). */
  public final boolean resumable() {
    return resumer() != null;
  }

  private MethodHandle resumer() {
    MethodHandle r = resumer;
    if (r == null && !resumeRefused) {
      synchronized (this) {
        r = resumer;
        if (r == null && !resumeRefused) {
          r = resumeCompiler.get();
          resumer = r;
          resumeRefused = r == null;
        }
      }
    }
    return r;
  }

  /**
   * Runs the body of the function whose frame starts at {@code fp} (its parameters in its first
   * cells), at call depth {@code level}, and leaves its results in its first cells.
   */
  protected abstract void invokeBody(
      Executor x, InstanceContext inst, int fp, int level, int budget);

  /**
   * Runs the rest of the function from IR pc {@code pc}, for which {@link #canResumeAt} said yes,
   * with the frame's cells as the interpreter left them; leaves its results in its first cells.
   */
  final void resume(Executor x, InstanceContext inst, int fp, int level, int budget, int pc) {
    try {
      resumer.invokeExact(x, inst, fp, level, budget, pc);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("compiled code threw " + e, e);
    }
  }
}
