package io.timeslice.wasm.wasi;

import io.timeslice.wasm.WasmException;

/**
 * A WASI program ended itself: {@code proc_exit} with its exit code, or it reached an output cap
 * configured to stop it. It ends the call like a trap but is a normal outcome: runners catch it and
 * report the exit code.
 */
public final class WasiExit extends WasmException {
  private static final long serialVersionUID = 1L;

  /** Why the program ended. */
  public enum Reason {
    /** It called {@code proc_exit}. */
    EXIT,
    /** It wrote past an output cap with {@link WasiConfig#stopAtOutputCap()}. */
    OUTPUT_LIMIT
  }

  private final int exitCode;
  private final Reason reason;

  WasiExit(int exitCode, Reason reason) {
    super(
        reason == Reason.EXIT
            ? "exit code " + exitCode
            : "output limit reached (exit code " + exitCode + ")");
    this.exitCode = exitCode;
    this.reason = reason;
  }

  /** The exit code: the program's, or 120 for {@link Reason#OUTPUT_LIMIT}. */
  public int exitCode() {
    return exitCode;
  }

  /** Why the program ended. */
  public Reason reason() {
    return reason;
  }
}
