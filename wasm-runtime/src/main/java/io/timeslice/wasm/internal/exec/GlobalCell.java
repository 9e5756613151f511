package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.internal.module.LinkType;
import org.jspecify.annotations.Nullable;

/**
 * A global's storage as raw bits; imported globals share the exporter's cell. A v128 global uses
 * {@link #high} for its bytes 8-15, as a v128 value takes two cells on the value stack.
 */
public final class GlobalCell {
  /** The raw bits (of a v128, the low half); public for compiled code. */
  public long value;

  /** A v128's bytes 8-15; public for compiled code. */
  public long high;

  /**
   * The value type a module importing the global checks (GC: struct and array types, recursive
   * function types); null when the engine has GC off, where the public type is exact.
   */
  public @Nullable LinkType linkType;

  /** A cell holding {@code bits}. */
  public GlobalCell(long bits) {
    this.value = bits;
  }

  /** A cell holding a v128 of the given halves. */
  public GlobalCell(long low, long high) {
    this.value = low;
    this.high = high;
  }

  /** The value's raw bits (of a v128, bytes 0-7). */
  public long get() {
    return value;
  }

  /** A v128's bytes 8-15. */
  public long high() {
    return high;
  }

  /** Sets the value's raw bits. */
  public void set(long bits) {
    this.value = bits;
  }

  /** Sets a v128's two halves. */
  public void set(long low, long high) {
    this.value = low;
    this.high = high;
  }
}
