package io.timeslice.wasm;

/**
 * The one root of the engine's errors: malformed and invalid modules, link errors and traps. Every
 * problem a module or a call can cause surfaces as one of these, never as another JVM exception.
 * They carry no Java stack trace (the Wasm location is in the message), so they are cheap to make.
 */
public abstract class WasmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with its message and no stack trace. */
  protected WasmException(String message) {
    super(message, null, false, false);
  }

  /** An exception with its message, the exception that caused it, and no stack trace. */
  protected WasmException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
