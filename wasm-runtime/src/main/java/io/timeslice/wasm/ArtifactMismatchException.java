package io.timeslice.wasm;

/**
 * A stored IR artifact that {@link Module#deserialize} will not install: written by another engine
 * version or configuration, for other module bytes, or damaged. Not a problem of the module itself:
 * the caller compiles the bytes instead (and may store a fresh artifact).
 */
public final class ArtifactMismatchException extends WasmException {
  private static final long serialVersionUID = 1L;

  /** Why the artifact was refused. */
  public enum Reason {
    /** Not an artifact, or one of another format version. */
    FORMAT,
    /** Written by an engine with another {@link Engine#irVersion()}. */
    IR_VERSION,
    /** Written for other module bytes. */
    MODULE,
    /** Truncated or corrupted: the checksum or the structure does not hold. */
    CORRUPT
  }

  private final Reason reason;

  /** A refusal for {@code reason}, explained by {@code message}. */
  public ArtifactMismatchException(Reason reason, String message) {
    super("IR artifact refused (" + reason + "): " + message);
    this.reason = reason;
  }

  /** Why the artifact was refused. */
  public Reason reason() {
    return reason;
  }
}
