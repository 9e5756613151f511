package io.timeslice.scheduler.durable;

import io.timeslice.scheduler.Job;
import io.timeslice.scheduler.JobResult;
import io.timeslice.storage.JobQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this instance holds a lease on and runs, from their claim until their outcome is handed
 * to the recorder or their lease is given back.
 */
final class RunningJobs {
  /** A claimed job this instance runs. */
  static final class Running {
    final UUID id;
    final Job job;
    final Instant deadline;
    // Set by a graceful shutdown: a job stopped now gives its lease back instead of ending.
    volatile boolean releasing;
    // Completes once its end has been handled (after the job's own result completes).
    volatile CompletableFuture<JobResult> settled;

    Running(UUID id, Job job, Instant deadline) {
      this.id = id;
      this.job = job;
      this.deadline = deadline;
    }
  }

  private final Map<UUID, Running> byId = new ConcurrentHashMap<>();

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  Running get(UUID id) {
    return byId.get(id);
  }

  void add(Running r) {
    byId.put(r.id, r);
  }

  /** Removes {@code r} if it is still held; false when it was removed before. */
  boolean remove(Running r) {
    return byId.remove(r.id, r);
  }

  /** Removes the job {@code id}, returning what was held, or null. */
  Running remove(UUID id) {
    return byId.remove(id);
  }

  Collection<Running> all() {
    return List.copyOf(byId.values());
  }

  /** Every held job's progress now, for a heartbeat. */
  List<JobQueue.Progress> progress() {
    List<JobQueue.Progress> out = new ArrayList<>();
    byId.forEach(
        (id, r) -> out.add(new JobQueue.Progress(id, r.job.fuelConsumed(), r.job.slices())));
    return out;
  }
}
