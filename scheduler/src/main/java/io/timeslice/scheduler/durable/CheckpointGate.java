package io.timeslice.scheduler.durable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether checkpoints are worth saving now: after the database failed a save, the next ones are
 * skipped for a backing-off while (2 s after a first failure, doubling to a minute), so that a
 * database that is down costs the workers one connection timeout, not one per job and slice — at a
 * shutdown whose database is already gone, above all. The first save that works opens it again.
 */
final class CheckpointGate {
  private final Clock clock;
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
  private Instant closedUntil = Instant.MIN;

  CheckpointGate(Clock clock) {
    this.clock = clock;
  }

  /** Whether a save may be tried now. */
  synchronized boolean open() {
    return !clock.instant().isBefore(closedUntil);
  }

  /** A save failed in the database. */
  synchronized void failed() {
    backoff.failed();
    closedUntil = clock.instant().plus(backoff.delay());
  }

  /** A save worked. */
  synchronized void succeeded() {
    backoff.succeeded();
    closedUntil = Instant.MIN;
  }
}
