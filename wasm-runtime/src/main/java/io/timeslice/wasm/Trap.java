package io.timeslice.wasm;

/**
 * A Wasm trap: the call ended abnormally for a reason defined by the specification ({@link
 * #code()}). Traps are final, never resumed. The exception carries no Java stack trace: where the
 * trap happened in Wasm is in the message (function name and code offset).
 */
public final class Trap extends WasmException {
  private static final long serialVersionUID = 1L;

  private final TrapCode code;

  /** A trap with its code and where it happened, e.g. {@code "in function fib at IR pc 12"}. */
  public Trap(TrapCode code, String where) {
    super(code.message() + (where.isEmpty() ? "" : " (" + where + ")"));
    this.code = code;
  }

  /** Why the call trapped. */
  public TrapCode code() {
    return code;
  }
}
