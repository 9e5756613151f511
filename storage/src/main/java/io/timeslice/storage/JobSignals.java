package io.timeslice.storage;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wake-ups for those waiting on a job (a long-poll, an event stream): a waiter subscribes to the
 * job before it reads it, then waits until the job is signalled as changed or its timeout passes,
 * and reads again. A signal between the read and the wait is not lost: it is counted and the next
 * wait returns at once. The signals come from {@link JobNotifications}; without them the waits
 * simply time out, and waiting is polling.
 */
public final class JobSignals {
  /** One waiter's subscription to one job's changes. */
  public final class Subscription implements AutoCloseable {
    private final UUID job;
    private long signalled;
    private long seen;

    private Subscription(UUID job) {
      this.job = job;
    }

    private synchronized void signal() {
      signalled++;
      notifyAll();
    }

    /**
     * Waits until the job changed since the last wait (or the subscription), or {@code timeout}
     * passed; returns whether it changed.
     */
    public synchronized boolean await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (signalled == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      seen = signalled;
      return true;
    }

    @Override
    public void close() {
      waiters.computeIfPresent(
          job,
          (id, set) -> {
            set.remove(this);
            return set.isEmpty() ? null : set;
          });
    }
  }

  /** The key of waiters on any job's changes (a tenant's event stream); no job has it. */
  private static final UUID ANY = new UUID(0, 0);

  private final Map<UUID, Set<Subscription>> waiters = new ConcurrentHashMap<>();

  /** Subscribes to the changes of {@code job}; close it when done waiting. */
  public Subscription subscribe(UUID job) {
    Subscription s = new Subscription(job);
    waiters.compute(
        job,
        (id, set) -> {
          Set<Subscription> out = set == null ? ConcurrentHashMap.newKeySet() : set;
          out.add(s);
          return out;
        });
    return s;
  }

  /**
   * Subscribes to the changes of every job, for a waiter that filters them itself; close it when
   * done waiting.
   */
  public Subscription subscribeAll() {
    return subscribe(ANY);
  }

  /** Job {@code job} changed: its waiters, and those waiting on any job, look again. */
  public void signal(UUID job) {
    for (UUID key : new UUID[] {job, ANY}) {
      Set<Subscription> set = waiters.get(key);
      if (set != null) {
        set.forEach(Subscription::signal);
      }
    }
  }

  /** Changes may have been missed: every waiter looks again. */
  public void signalAll() {
    waiters.values().forEach(set -> set.forEach(Subscription::signal));
  }

  /** How many waiters there are now. */
  public int waiting() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }
}
