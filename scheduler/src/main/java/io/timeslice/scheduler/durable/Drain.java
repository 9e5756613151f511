package io.timeslice.scheduler.durable;

import io.timeslice.scheduler.JobResult;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A graceful shutdown's part for the running jobs (or a load shed's, for some of them): each is
 * stopped at its next quantum, checkpointed as it stops (when it can be), and its lease given back
 * with its last progress, so that it is QUEUED again for any instance at once, which goes on from
 * the checkpoint (or starts over without one). A job that does not stop within the grace keeps its
 * lease until it expires, so that two instances never run it together.
 */
final class Drain {
  private final RunningJobs running;
  private final Scheduler scheduler;
  private final JobQueue jobs;
  private final String owner;
  private final List<JobQueue.Progress> stopped = new CopyOnWriteArrayList<>();

  Drain(RunningJobs running, Scheduler scheduler, JobQueue jobs, String owner) {
    this.running = running;
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.owner = owner;
  }

  /**
   * Whether {@code r}, which just ended with {@code result}, was stopped by the drain: then its
   * lease is to be given back rather than its outcome recorded.
   */
  boolean takes(RunningJobs.Running r, JobResult result) {
    if (r.releasing && result != null && result.status() == JobStatus.CANCELLED) {
      stopped.add(new JobQueue.Progress(r.id, result.fuelConsumed(), result.slices()));
      return true;
    }
    return false;
  }

  /** Stops every running job, waiting for them at most until {@code deadlineNanos}. */
  void stopAll(long deadlineNanos) throws InterruptedException {
    stop(running.all(), deadlineNanos);
  }

  /** Stops {@code jobs}, waiting for them at most until {@code deadlineNanos}. */
  void stop(Collection<RunningJobs.Running> jobs, long deadlineNanos) throws InterruptedException {
    List<CompletableFuture<JobResult>> stopping = new ArrayList<>();
    for (RunningJobs.Running r : jobs) {
      r.releasing = true;
      scheduler.drain(r.job);
      stopping.add(r.settled == null ? r.job.result() : r.settled);
    }
    try {
      CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Jobs still running keep their leases until they expire.
    }
  }

  /** Gives the leases of the jobs stopped so far back; returns how many. */
  int releaseLeases() {
    List<JobQueue.Progress> these = List.copyOf(stopped);
    int released = jobs.release(owner, these).size();
    stopped.removeAll(these);
    return released;
  }

  /** How long is left until {@code deadlineNanos}. */
  static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}
