package io.timeslice.wasm.internal.exec;

/** A global's storage as raw bits; imported globals share the exporter's cell. */
public final class GlobalCell {
  /** The raw bits; public for compiled code. */
  public long value;

  /** A cell holding {@code bits}. */
  public GlobalCell(long bits) {
    this.value = bits;
  }

  /** The value's raw bits. */
  public long get() {
    return value;
  }

  /** Sets the value's raw bits. */
  public void set(long bits) {
    this.value = bits;
  }
}
