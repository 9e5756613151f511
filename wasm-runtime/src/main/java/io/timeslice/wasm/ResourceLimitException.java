package io.timeslice.wasm;

/** Instantiation needs more than the {@link StoreLimits} allow: a memory, table or instance. */
public final class ResourceLimitException extends WasmException {
  private static final long serialVersionUID = 1L;

  /** An exception with the limit that was exceeded. */
  public ResourceLimitException(String message) {
    super(message);
  }
}
