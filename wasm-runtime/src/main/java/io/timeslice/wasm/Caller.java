package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.LinearMemory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link HostFunction} can reach: the store's host data and the memory of the instance whose
 * code called it.
 *
 * @param <T> the store's host data type
 */
public final class Caller<T extends @Nullable Object> {
  /** What {@link #yield} returns: the host function returns it to ask for the yield. */
  static final long[] YIELD = new long[0];

  private final Store<T> store;

  Caller(Store<T> store) {
    this.store = store;
  }

  /** The store's host data. */
  public T data() {
    return store.data();
  }

  /** The store. */
  public Store<T> store() {
    return store;
  }

  /** Memory 0 of the calling instance, or null when it has none or the host called directly. */
  public @Nullable Memory memory() {
    LinearMemory memory = store.executor().callerMemory();
    return memory == null ? null : new Memory(store, memory);
  }

  /**
   * Whether the call can be suspended by {@link #yield}: it was made with {@link
   * Func#callResumable}. A host function that could yield but cannot does the work in place.
   */
  public boolean canYield() {
    return store.executor().isResumable();
  }

  /**
   * Asks to suspend the whole call: the host function returns what this returns, the call made with
   * {@link Func#callResumable} ends with a {@link ResumableCall.HostYield} carrying {@code reason},
   * and its {@code resume} supplies this host function's results. In a plain {@link Func#call},
   * yielding is an error.
   */
  public long[] yield(@Nullable Object reason) {
    store.setYieldReason(reason);
    return YIELD;
  }
}
