package io.timeslice.wasm;

/**
 * A linear memory's type.
 *
 * @param limits its size limits, in 64 KiB pages
 * @param index64 whether it is a 64-bit memory (memory64: i64 addresses and sizes)
 * @param shared whether it is a shared memory (threads: it has a maximum, and only a shared memory
 *     matches a shared import)
 */
public record MemoryType(Limits limits, boolean index64, boolean shared) implements ExternType {
  /** A 32-bit unshared memory of the given limits. */
  public MemoryType(Limits limits) {
    this(limits, false, false);
  }

  /** An unshared memory of the given limits, 64-bit when {@code index64}. */
  public MemoryType(Limits limits, boolean index64) {
    this(limits, index64, false);
  }
}
