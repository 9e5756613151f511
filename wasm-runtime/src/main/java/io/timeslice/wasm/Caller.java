package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.LinearMemory;

/**
 * What a {@link HostFunction} can reach: the store's host data and the memory of the instance whose
 * code called it.
 *
 * @param <T> the store's host data type
 */
public final class Caller<T> {
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
  public Memory memory() {
    LinearMemory memory = store.executor().callerMemory();
    return memory == null ? null : new Memory(store, memory);
  }
}
