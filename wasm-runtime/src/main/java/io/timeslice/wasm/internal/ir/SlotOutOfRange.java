package io.timeslice.wasm.internal.ir;

/**
 * An operand past the 16-bit slots: the function's frame is too large for slots alone, so the
 * translator lays it out again with wide locals (docs/ir.md). Stackless: it is a signal, not an
 * error report.
 */
public final class SlotOutOfRange extends RuntimeException {
  private static final SlotOutOfRange INSTANCE = new SlotOutOfRange();

  /** The signal (one instance: it carries nothing). */
  public static SlotOutOfRange signal() {
    return INSTANCE;
  }

  private SlotOutOfRange() {
    super("slot out of range", null, false, false);
  }
}
