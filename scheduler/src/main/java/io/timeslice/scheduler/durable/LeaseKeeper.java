package io.timeslice.scheduler.durable;

import io.timeslice.scheduler.Scheduler;
import io.timeslice.storage.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps this instance's leases and the leases of instances that died: a heartbeat renews the leases
 * of the jobs held here, records their progress and picks up cancels made through other instances
 * (a job whose lease was lost stops here); reclaiming puts jobs whose lease expired back in the
 * queue; and a job past its wall-clock limit is ended. Each runs when its loop calls it; failures
 * propagate to the loop, which reports them and tries again at the next round.
 */
final class LeaseKeeper {
  private final JobQueue jobs;
  private final RunningJobs running;
  private final Scheduler scheduler;
  private final String owner;
  private final Duration lease;
  private final Clock clock;

  LeaseKeeper(
      JobQueue jobs,
      RunningJobs running,
      Scheduler scheduler,
      String owner,
      Duration lease,
      Clock clock) {
    this.jobs = jobs;
    this.running = running;
    this.scheduler = scheduler;
    this.owner = owner;
    this.lease = lease;
    this.clock = clock;
  }

  /** How often the heartbeat runs: three times a lease, and at least once a second. */
  Duration heartbeatInterval() {
    return Duration.ofMillis(Math.max(1, Math.min(lease.toMillis() / 3, 1000)));
  }

  /** Renews the held leases with progress; acts on remote cancels and lost leases. */
  void heartbeat() {
    if (running.isEmpty()) {
      return;
    }
    List<JobQueue.Progress> progress = running.progress();
    Set<UUID> held = new HashSet<>();
    for (JobQueue.Held h : jobs.heartbeat(owner, progress, lease)) {
      held.add(h.id());
      RunningJobs.Running r = running.get(h.id());
      if (h.cancelRequested() && r != null) {
        scheduler.cancel(r.job);
      }
    }
    for (JobQueue.Progress p : progress) {
      if (!held.contains(p.id())) {
        // The lease is lost (reclaimed, or the job ended elsewhere): stop running it here.
        RunningJobs.Running r = running.remove(p.id());
        if (r != null) {
          scheduler.cancel(r.job);
        }
      }
    }
  }

  /** Puts the jobs of dead instances (expired leases) back in the queue; returns how many. */
  int reclaim() {
    return jobs.reclaimExpired();
  }

  /** Ends the held jobs that passed their wall-clock deadline. */
  void enforceWallClock() {
    Instant now = clock.instant();
    for (RunningJobs.Running r : running.all()) {
      if (!now.isBefore(r.deadline)) {
        scheduler.timeOut(r.job);
      }
    }
  }
}
