package io.timeslice.scheduler.durable;

/** A job that can never be accepted as it is, for example its fuel limit is over the quota. */
public final class JobRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A rejection saying why. */
  public JobRejectedException(String message) {
    super(message);
  }
}
