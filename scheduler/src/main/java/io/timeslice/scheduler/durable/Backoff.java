package io.timeslice.scheduler.durable;

import java.time.Duration;

/**
 * How long a loop waits before trying again after failures: {@code base} after a success, doubled
 * by each consecutive failure up to {@code max}, so that a loop polling a database that is down
 * slows to one try per {@code max} and is back to its pace at the first success.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private int failures;

  Backoff(Duration base, Duration max) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("0 < base <= max");
    }
    this.base = base;
    this.max = max;
  }

  /** The wait before the next try. */
  synchronized Duration delay() {
    Duration d = base;
    for (int i = 0; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** The last try failed. */
  synchronized void failed() {
    if (failures < 62) {
      failures++;
    }
  }

  /** The last try worked. */
  synchronized void succeeded() {
    failures = 0;
  }
}
