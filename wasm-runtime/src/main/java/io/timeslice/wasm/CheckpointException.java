package io.timeslice.wasm;

/**
 * A call that cannot be checkpointed, or a checkpoint that cannot be restored ({@link Checkpoint}),
 * with the reason. Never a problem of the program: the caller runs the job from its start instead.
 */
public final class CheckpointException extends WasmException {
  private static final long serialVersionUID = 1L;

  /** Why the checkpoint was refused. */
  public enum Reason {
    /** Not a checkpoint, or one of a format version this engine does not read. */
    FORMAT,
    /** Truncated or corrupted: the checksum, a length or a structure does not hold. */
    CORRUPT,
    /** Written for another module (its SHA-256 differs). */
    MODULE,
    /** Written by an engine of another {@link Engine#irVersion()}. */
    IR_VERSION,
    /** Written with another WASI configuration, or restored with or without WASI unlike it. */
    WASI,
    /**
     * The store to restore into is smaller (call depth, value stack, memory, table) than needed.
     */
    LIMITS,
    /**
     * The call holds state a checkpoint cannot carry: a host function with state outside the store,
     * a host value or host function as a reference, a host yield, another instance in the store.
     */
    NOT_CHECKPOINTABLE
  }

  private final Reason reason;

  /** A refusal for {@code reason}, explained by {@code message}. */
  public CheckpointException(Reason reason, String message) {
    super("checkpoint refused (" + reason + "): " + message);
    this.reason = reason;
  }

  /** Why the checkpoint was refused. */
  public Reason reason() {
    return reason;
  }
}
