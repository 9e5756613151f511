package io.timeslice.wasm;

import org.jspecify.annotations.Nullable;

/**
 * A function the host defines for Wasm code to import. It receives the arguments as raw bits and
 * returns its results as raw bits (an array of the signature's result count). It may throw a {@link
 * Trap} to end the call with a trap; any other exception ends the call and reaches the caller of
 * {@link Func#call} unchanged.
 *
 * @param <T> the store's host data type
 */
@FunctionalInterface
public interface HostFunction<T extends @Nullable Object> {
  /** Runs the function for {@code caller}. */
  long[] call(Caller<T> caller, long[] args);
}
