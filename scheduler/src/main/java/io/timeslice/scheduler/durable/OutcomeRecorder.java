package io.timeslice.scheduler.durable;

import io.timeslice.storage.Failure;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobOutcome;
import io.timeslice.storage.JobQueue;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records jobs' outcomes on its own thread, as many per transaction as have ended meanwhile, so
 * that workers never wait for the database and a burst of short jobs costs few commits. While the
 * database is down the outcomes wait here and are tried again with a growing pause: an outage
 * shorter than a lease loses no result (after a longer one the jobs were reclaimed and run again,
 * and the late outcomes find their leases gone and change nothing). An outcome the database refuses
 * as data (a constraint it breaks: a bug) is recorded as an internal failure instead, so that it
 * cannot hold up the others.
 */
final class OutcomeRecorder {
  private static final int BATCH = 256;

  private record Done(UUID id, JobOutcome outcome) {}

  private final JobQueue jobs;
  private final String owner;
  private final Consumer<UUID> recorded;
  private final ErrorReporter errors;
  private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5));
  private final LinkedBlockingQueue<Done> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  OutcomeRecorder(JobQueue jobs, String owner, Consumer<UUID> recorded, ErrorReporter errors) {
    this.jobs = jobs;
    this.owner = owner;
    this.recorded = recorded;
    this.errors = errors;
    this.thread = Thread.ofPlatform().daemon().name("timeslice-recorder").start(this::run);
  }

  void add(UUID id, JobOutcome outcome) {
    pending.add(new Done(id, outcome));
  }

  private void run() {
    List<Done> batch = new ArrayList<>();
    while (!closing || !pending.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Done first = pending.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
        }
      } catch (InterruptedException e) {
        return;
      }
      pending.drainTo(batch, BATCH - batch.size());
      Map<UUID, JobOutcome> outcomes = new LinkedHashMap<>();
      for (Done d : batch) {
        outcomes.put(d.id(), d.outcome());
      }
      try {
        List<UUID> done = jobs.finishBatch(owner, outcomes);
        batch.clear();
        backoff.succeeded();
        errors.succeeded(ErrorReporter.Kind.RECORD);
        done.forEach(recorded);
      } catch (RuntimeException e) {
        errors.failed(ErrorReporter.Kind.RECORD, e);
        if (rejectedData(e)) {
          recordOneByOne(batch);
          continue;
        }
        // Kept for the next try: the database is down.
        backoff.failed();
        if (!pause(backoff.delay())) {
          return;
        }
      }
    }
  }

  /** Records each outcome alone; one the database refuses becomes an internal failure. */
  private void recordOneByOne(List<Done> batch) {
    List<Done> kept = new ArrayList<>();
    for (Done d : batch) {
      try {
        if (jobs.finish(d.id(), owner, d.outcome())) {
          recorded.accept(d.id());
        }
      } catch (RuntimeException e) {
        Failure had = d.outcome().failure();
        if (!rejectedData(e)) {
          kept.add(d);
        } else if (had == null || had.kind() != FailureKind.INTERNAL) {
          Failure bug = Failure.of(FailureKind.INTERNAL, "the outcome could not be stored: " + e);
          kept.add(new Done(d.id(), JobOutcome.failed(bug)));
        }
        // An internal failure refused as well is dropped: the lease expires, the job runs again.
      }
    }
    batch.clear();
    batch.addAll(kept);
  }

  /**
   * Whether the database refused the data (SQLSTATE class 22, data exception, or 23, integrity
   * constraint violation) rather than being unreachable.
   */
  static boolean rejectedData(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23");
      }
    }
    return false;
  }

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** Records what is pending (waiting at most {@code grace}), then stops. */
  void close(Duration grace) {
    closing = true;
    try {
      thread.join(Math.max(1, grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
