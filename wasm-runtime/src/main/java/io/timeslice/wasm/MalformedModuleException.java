package io.timeslice.wasm;

/**
 * The bytes are not a WebAssembly binary module: decoding failed at {@link #offset()}. The message
 * starts with the specification's reason (e.g. "integer representation too long").
 */
public final class MalformedModuleException extends WasmException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /** A decoding error at byte {@code offset} of the module. */
  public MalformedModuleException(String reason, long offset) {
    super(reason + " (at byte offset " + offset + ")");
    this.offset = offset;
  }

  /** The byte offset in the module where decoding failed. */
  public long offset() {
    return offset;
  }
}
