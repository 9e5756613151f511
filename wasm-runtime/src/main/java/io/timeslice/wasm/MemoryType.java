package io.timeslice.wasm;

/**
 * A linear memory's type.
 *
 * @param limits its size limits, in 64 KiB pages
 * @param index64 whether it is a 64-bit memory (memory64: i64 addresses and sizes)
 */
public record MemoryType(Limits limits, boolean index64) implements ExternType {
  /** A 32-bit memory of the given limits. */
  public MemoryType(Limits limits) {
    this(limits, false);
  }
}
