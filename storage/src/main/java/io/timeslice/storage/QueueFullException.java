package io.timeslice.storage;

/** A submit found the tenant's queue at its limit; nothing was stored. */
public final class QueueFullException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  /** The tenant has {@code limit} jobs queued already. */
  public QueueFullException(long tenantId, int limit) {
    super("tenant " + tenantId + " has " + limit + " jobs queued, its limit");
    this.limit = limit;
  }

  /** The queued-jobs limit that was reached. */
  public int limit() {
    return limit;
  }
}
