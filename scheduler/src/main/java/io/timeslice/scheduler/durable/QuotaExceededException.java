package io.timeslice.scheduler.durable;

import java.time.Duration;

/** A tenant is at one of its quotas (for example its queued jobs): retry later. */
public final class QuotaExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String quota;
  private final long limit;
  private final Duration retryAfter;

  /** The tenant is at {@code quota}, whose value is {@code limit}. */
  public QuotaExceededException(String quota, long limit, Duration retryAfter) {
    super(
        "quota "
            + quota
            + " of "
            + limit
            + " reached; retry after "
            + retryAfter.toSeconds()
            + " s");
    this.quota = quota;
    this.limit = limit;
    this.retryAfter = retryAfter;
  }

  /** The quota's name, for example {@code maxQueuedJobs}. */
  public String quota() {
    return quota;
  }

  /** The quota's value. */
  public long limit() {
    return limit;
  }

  /** How long the caller should wait before trying again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
