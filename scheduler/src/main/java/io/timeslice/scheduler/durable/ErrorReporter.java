package io.timeslice.scheduler.durable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the durable layer's background loops report the failures they survive: every failure is
 * counted ({@code timeslice.scheduler.errors{kind}}), but logged once per burst — the first failure
 * of a kind, then a reminder at most once a minute while the failures go on, then one line when
 * that kind works again — so that a database outage is visible without flooding the log.
 */
public final class ErrorReporter {
  /** What failed. */
  public enum Kind {
    /** Claiming jobs. */
    CLAIM,
    /** Renewing leases and recording progress. */
    HEARTBEAT,
    /** Putting expired leases' jobs back in the queue. */
    RECLAIM,
    /** Re-reading tenants' weights and quotas. */
    TENANTS,
    /** Recording outcomes. */
    RECORD,
    /** Giving leases back at shutdown. */
    RELEASE,
    /** A listener of recorded jobs. */
    LISTENER,
    /** Deleting expired jobs and stale artifacts. */
    CLEANUP,
    /** Saving, loading or deleting checkpoints of running jobs. */
    CHECKPOINT,
    /** Anything else a loop survived: a bug. */
    UNEXPECTED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final Duration REMINDER = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

  /** One kind's burst: failures since it began, and when it was last logged. */
  private static final class Burst {
    long failures;
    Instant logged;
  }

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<Kind, Burst> bursts = new ConcurrentHashMap<>();
  private final Map<Kind, Counter> counters = new ConcurrentHashMap<>();

  /** A reporter counting in {@code registry}, timing bursts by {@code clock}. */
  public ErrorReporter(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** {@code kind} failed with {@code error}: counted, and logged if a burst begins or goes on. */
  public void failed(Kind kind, Throwable error) {
    counters
        .computeIfAbsent(
            kind,
            k ->
                Counter.builder("timeslice.scheduler.errors")
                    .tag("kind", k.tag())
                    .register(registry))
        .increment();
    Instant now = clock.instant();
    Burst burst = bursts.computeIfAbsent(kind, k -> new Burst());
    boolean log;
    long failures;
    synchronized (burst) {
      failures = ++burst.failures;
      log = burst.logged == null || !now.isBefore(burst.logged.plus(REMINDER));
      if (log) {
        burst.logged = now;
      }
    }
    if (!log) {
      return;
    }
    if (failures == 1) {
      LOG.warn("scheduler: {} failed: {}", kind.tag(), error.toString(), error);
    } else {
      LOG.warn(
          "scheduler: {} still failing ({} failures so far), last: {}",
          kind.tag(),
          failures,
          error.toString());
    }
  }

  /** {@code kind} worked: ends its burst, if one was going on, with a line saying so. */
  public void succeeded(Kind kind) {
    Burst burst = bursts.remove(kind);
    if (burst != null) {
      LOG.info("scheduler: {} works again after {} failures", kind.tag(), burst.failures);
    }
  }

  /** Whether {@code kind} is failing now (a burst began and has not ended). */
  public boolean failing(Kind kind) {
    return bursts.containsKey(kind);
  }

  /** {@code task}, with whatever it throws reported as {@code kind} instead of ending its loop. */
  public Runnable guarded(Kind kind, Runnable task) {
    return () -> {
      try {
        task.run();
        succeeded(kind);
      } catch (RuntimeException e) {
        // A scheduled task that throws is never run again: leases would expire under the jobs.
        failed(kind, e);
      }
    };
  }
}
