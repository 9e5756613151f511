package io.timeslice.scheduler.durable;

import io.timeslice.storage.Tenant;
import java.time.Duration;
import java.util.Objects;

/**
 * The service's global limits (service.md G11), each overridable per tenant through {@link
 * Tenant.Quotas} where a quota exists for it (a null quota means this default).
 *
 * @param maxModuleBytes the largest module upload
 * @param maxMemoryBytes the largest linear memory of one job
 * @param maxOutputBytes the most stdout or stderr bytes kept per job; a job writing more stops
 * @param maxFuelPerJob the largest fuel limit of one job
 * @param wallClock the longest a job may run, from its first start, sleeps and host calls included
 * @param maxQueuedJobs a tenant's jobs waiting at most; more are rejected
 * @param maxRunningJobs a tenant's jobs running at once at most, across all instances
 * @param tableElements the largest table of one job
 * @param callDepth the deepest nesting of Wasm calls of one job
 */
public record Limits(
    long maxModuleBytes,
    long maxMemoryBytes,
    int maxOutputBytes,
    long maxFuelPerJob,
    Duration wallClock,
    int maxQueuedJobs,
    int maxRunningJobs,
    int tableElements,
    int callDepth) {

  /** Checks that every limit is positive. */
  public Limits {
    Objects.requireNonNull(wallClock, "wallClock");
    if (maxModuleBytes < 1
        || maxMemoryBytes < 1
        || maxOutputBytes < 1
        || maxFuelPerJob < 1
        || wallClock.isNegative()
        || wallClock.isZero()
        || maxQueuedJobs < 1
        || maxRunningJobs < 1
        || tableElements < 1
        || callDepth < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * The defaults of service.md G11: modules 50 MiB, memory 64 MiB, output 1 MiB, fuel 10^10 per
   * job, 15 minutes, 10,000 queued and 100 running jobs per tenant, tables of 10,000 elements,
   * 10,000 frames.
   */
  public static Limits defaults() {
    return new Limits(
        50L << 20,
        64L << 20,
        1 << 20,
        10_000_000_000L,
        Duration.ofMinutes(15),
        10_000,
        100,
        10_000,
        10_000);
  }

  /** These limits with a different wall-clock limit. */
  public Limits withWallClock(Duration limit) {
    return new Limits(
        maxModuleBytes,
        maxMemoryBytes,
        maxOutputBytes,
        maxFuelPerJob,
        limit,
        maxQueuedJobs,
        maxRunningJobs,
        tableElements,
        callDepth);
  }

  /** The limits that apply to a tenant with {@code quotas}: its own where set, else these. */
  public EffectiveQuotas effective(Tenant.Quotas quotas) {
    Tenant.Quotas q = quotas == null ? Tenant.Quotas.DEFAULTS : quotas;
    return new EffectiveQuotas(
        q.maxModuleBytes() == null ? maxModuleBytes : q.maxModuleBytes(),
        q.maxMemoryBytes() == null ? maxMemoryBytes : q.maxMemoryBytes(),
        q.maxOutputBytes() == null ? maxOutputBytes : q.maxOutputBytes(),
        q.maxFuelPerJob() == null ? maxFuelPerJob : q.maxFuelPerJob(),
        wallClock,
        q.maxQueuedJobs() == null ? maxQueuedJobs : q.maxQueuedJobs(),
        q.maxRunningJobs() == null ? maxRunningJobs : q.maxRunningJobs(),
        tableElements,
        callDepth);
  }
}
