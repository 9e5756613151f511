package io.timeslice.wasm.internal.exec;

/**
 * The body of a host function. Its arguments are {@code stack[base …]} as raw bits; it writes its
 * results to {@code stack[base …]} (the stack has room for the larger of the two counts) and
 * returns {@link #RETURN}, or {@link #YIELD} to suspend the whole call: the results are then given
 * to {@link Executor#resumeFromHost}. It may throw a {@link io.timeslice.wasm.Trap}.
 */
@FunctionalInterface
public interface HostCode {
  /** The host function returned its results. */
  int RETURN = 0;

  /** The host function asks to suspend the call; its results come with the resume. */
  int YIELD = 1;

  /** Runs the host function; {@code executor} gives access to the caller's instance. */
  int call(Executor executor, long[] stack, int base);
}
