package io.timeslice.scheduler.durable;

import io.timeslice.storage.JobOutcome;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.StorageException;
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
 * that workers never wait for the database and a burst of short jobs costs few commits.
 */
final class OutcomeRecorder {
  private static final int BATCH = 256;

  private record Done(UUID id, JobOutcome outcome) {}

  private final JobQueue jobs;
  private final String owner;
  private final Consumer<UUID> recorded;
  private final LinkedBlockingQueue<Done> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  OutcomeRecorder(JobQueue jobs, String owner, Consumer<UUID> recorded) {
    this.jobs = jobs;
    this.owner = owner;
    this.recorded = recorded;
    this.thread = Thread.ofPlatform().daemon().name("timeslice-recorder").start(this::run);
  }

  void add(UUID id, JobOutcome outcome) {
    pending.add(new Done(id, outcome));
  }

  private void run() {
    List<Done> batch = new ArrayList<>();
    while (!closing || !pending.isEmpty()) {
      try {
        Done first = pending.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      pending.drainTo(batch, BATCH - 1);
      Map<UUID, JobOutcome> outcomes = new LinkedHashMap<>();
      for (Done d : batch) {
        outcomes.put(d.id(), d.outcome());
      }
      batch.clear();
      try {
        for (UUID id : jobs.finishBatch(owner, outcomes)) {
          recorded.accept(id);
        }
      } catch (StorageException e) {
        // Unrecorded: the leases expire and the jobs run again (at least once).
      }
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
