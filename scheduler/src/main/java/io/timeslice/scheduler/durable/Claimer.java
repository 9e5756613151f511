package io.timeslice.scheduler.durable;

import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Claims jobs on a thread of its own: whenever it is woken (a submit, a finished job, a
 * notification) or its poll interval passes, it claims as many jobs as this instance has room for,
 * again and again while batches come back full, and hands each one on. While claiming fails (the
 * database is down) it backs off, up to a few seconds between tries, and reports the failures; the
 * first claim that works again brings it back to its pace.
 */
final class Claimer {
  /**
   * How to claim.
   *
   * @param owner this instance's name in leases
   * @param batch the most jobs this instance holds at once
   * @param lease how long a claim lasts unless renewed
   * @param defaultMaxRunning the running-jobs quota of tenants without their own
   * @param poll how long to wait when nothing wakes the claimer
   */
  record Settings(String owner, int batch, Duration lease, int defaultMaxRunning, Duration poll) {}

  /** The longest wait between tries while claiming fails. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final JobQueue jobs;
  private final RunningJobs running;
  private final Consumer<JobRecord> start;
  private final Settings settings;
  private final ErrorReporter errors;
  private final Backoff backoff;
  private final Semaphore wake = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closing;
  // The most jobs held while this instance sheds load (DurableScheduler.shed); MAX_VALUE: no cap.
  private volatile int cap = Integer.MAX_VALUE;

  Claimer(
      JobQueue jobs,
      RunningJobs running,
      Consumer<JobRecord> start,
      Settings settings,
      ErrorReporter errors) {
    this.jobs = jobs;
    this.running = running;
    this.start = start;
    this.settings = settings;
    this.errors = errors;
    Duration base = settings.poll().compareTo(MAX_BACKOFF) < 0 ? settings.poll() : MAX_BACKOFF;
    this.backoff = new Backoff(base, MAX_BACKOFF);
    this.thread = Thread.ofPlatform().daemon().name("timeslice-claimer").unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  /** Claims soon, without waiting for the poll interval. */
  void wake() {
    wake.release();
  }

  /** Stops claiming, waiting at most {@code timeout} for a claim under way. */
  void stop(Duration timeout) throws InterruptedException {
    closing = true;
    thread.interrupt();
    thread.join(Math.max(1, timeout.toMillis()));
  }

  /** The wait before the next claim: the poll interval, or longer while claiming fails. */
  Duration nextWait() {
    return errors.failing(ErrorReporter.Kind.CLAIM) ? backoff.delay() : settings.poll();
  }

  private void loop() {
    while (!closing) {
      try {
        wake.tryAcquire(nextWait().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      try {
        while (!closing && claimOnce()) {
          // A full batch: more jobs may be waiting.
        }
        backoff.succeeded();
        errors.succeeded(ErrorReporter.Kind.CLAIM);
      } catch (RuntimeException e) {
        // The database is unreachable (or a bug in one round): try again after a while; the
        // leases of the jobs already held cover the gap.
        backoff.failed();
        errors.failed(ErrorReporter.Kind.CLAIM, e);
      }
    }
  }

  /** Holds at most {@code cap} jobs from now on (Integer.MAX_VALUE: the claim batch only). */
  void cap(int cap) {
    this.cap = cap;
    wake();
  }

  /** Claims what fits and starts it; true when the batch was full. */
  boolean claimOnce() {
    int room = Math.min(settings.batch(), cap) - running.size();
    if (room <= 0) {
      return false;
    }
    List<JobRecord> claimed =
        jobs.claim(settings.owner(), room, settings.lease(), settings.defaultMaxRunning());
    claimed.forEach(start);
    return claimed.size() == room;
  }
}
