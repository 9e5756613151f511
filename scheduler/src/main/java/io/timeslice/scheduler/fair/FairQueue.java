package io.timeslice.scheduler.fair;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The run queue: weighted fair sharing of fuel across tenants by virtual time (docs/RATIONALE.md).
 * Each tenant's virtual time advances by {@code fuel / weight} as its jobs run; the next job comes
 * from the tenant with runnable work and the least virtual time, and within a tenant by priority,
 * then submission order. A tenant that becomes active again starts at the least virtual time of the
 * active tenants, so idle time is not banked into a burst that would starve the others.
 *
 * @param <J> the job type
 */
public final class FairQueue<J> {
  private record Entry<J>(J job, int priority, long seq) {}

  private static final class Tenant<J> {
    final PriorityQueue<Entry<J>> jobs =
        new PriorityQueue<>(
            Comparator.<Entry<J>>comparingInt(e -> -e.priority()).thenComparingLong(Entry::seq));
    double virtualTime;
    int weight = 1;
    boolean active;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final Map<String, Tenant<J>> tenants = new HashMap<>();
  private final ArrayDeque<String> activeOrder = new ArrayDeque<>();
  private long seq;
  private int size;
  private final long reservation;

  /** A queue that charges only what slices report (one worker). */
  public FairQueue() {
    this(0);
  }

  /**
   * A queue for several workers: handing out a job reserves {@code reservation} fuel (a quantum) on
   * its tenant's virtual time at once, and {@link #charge} later settles the difference. Without it
   * a tenant with a slice still running looks cheaper than it is by that slice — most for the
   * lightest weights — and wins more picks than its share.
   */
  public FairQueue(long reservation) {
    this.reservation = reservation;
  }

  private Tenant<J> tenant(String name) {
    return tenants.computeIfAbsent(name, n -> new Tenant<>());
  }

  /** Sets a tenant's weight (≥ 1): its share of fuel relative to the others. */
  public void setWeight(String tenant, int weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be at least 1");
    }
    lock.lock();
    try {
      tenant(tenant).weight = weight;
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code job} for {@code tenant}. */
  public void add(String tenant, J job, int priority) {
    lock.lock();
    try {
      Tenant<J> t = tenant(tenant);
      if (!t.active) {
        t.virtualTime = Math.max(t.virtualTime, minActiveVirtualTime(t.virtualTime));
        t.active = true;
        activeOrder.add(tenant);
      }
      t.jobs.add(new Entry<>(job, priority, seq++));
      size++;
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  private double minActiveVirtualTime(double otherwise) {
    double min = Double.MAX_VALUE;
    for (String name : activeOrder) {
      min = Math.min(min, tenants.get(name).virtualTime);
    }
    return min == Double.MAX_VALUE ? otherwise : min;
  }

  /** The next job, waiting up to {@code timeout}; null when none came. */
  public J poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (size == 0) {
        if (nanos <= 0) {
          return null;
        }
        nanos = nonEmpty.awaitNanos(nanos);
      }
      String best = null;
      double bestTime = Double.MAX_VALUE;
      // activeOrder is in activation order, so ties go to the tenant waiting longest.
      for (String name : activeOrder) {
        Tenant<J> t = tenants.get(name);
        if (t.virtualTime < bestTime) {
          best = name;
          bestTime = t.virtualTime;
        }
      }
      Tenant<J> t = tenants.get(best);
      Entry<J> e = t.jobs.poll();
      t.virtualTime += (double) reservation / t.weight;
      size--;
      if (t.jobs.isEmpty()) {
        t.active = false;
        activeOrder.remove(best);
      }
      return e.job();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Settles a job handed out by {@link #poll}: {@code fuel} is what its slice consumed (0 when it
   * did not run); call it exactly once per job polled.
   */
  public void charge(String tenant, long fuel) {
    lock.lock();
    try {
      Tenant<J> t = tenant(tenant);
      t.virtualTime += (double) (fuel - reservation) / t.weight;
    } finally {
      lock.unlock();
    }
  }

  /** Jobs queued for {@code tenant}. */
  public int depth(String tenant) {
    lock.lock();
    try {
      Tenant<J> t = tenants.get(tenant);
      return t == null ? 0 : t.jobs.size();
    } finally {
      lock.unlock();
    }
  }

  /** Jobs queued in all. */
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }
}
