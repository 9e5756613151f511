package io.timeslice.storage;

/** A submit reused an idempotency key of the tenant for a different request. */
public final class IdempotencyConflictException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the key. */
  public IdempotencyConflictException(String key) {
    super("idempotency key " + key + " was used for a different request");
  }
}
