package io.timeslice.storage;

/** A storage operation failed: the database cannot be reached, or rejected the operation. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its reason and cause. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure with its reason. */
  public StorageException(String message) {
    super(message);
  }
}
