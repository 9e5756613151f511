package io.timeslice.wasm;

/**
 * The module decodes but is not valid: validation failed at {@link #offset()} (the offending
 * instruction or section entry), or it exceeds an engine limit of the {@link Config}. The message
 * starts with the specification's reason (e.g. "type mismatch").
 */
public final class InvalidModuleException extends WasmException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** A validation error at byte {@code offset} of the module. */
  public InvalidModuleException(String reason, long offset) {
    super(reason + " (at byte offset " + offset + ")");
    this.offset = offset;
  }

  /** A validation error caused by {@code cause} (an engine fault, kept for diagnosis). */
  public InvalidModuleException(String reason, long offset, Throwable cause) {
    super(reason + " (at byte offset " + offset + ")", cause);
    this.offset = offset;
  }

  /** The byte offset in the module of the construct that failed validation. */
  public long offset() {
    return offset;
  }
}
