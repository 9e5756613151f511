package io.timeslice.scheduler.durable;

import io.timeslice.wasm.StoreLimits;
import java.time.Duration;

/**
 * One tenant's resolved limits: its quotas where it has them, the service's {@link Limits}
 * otherwise. The fields mean what {@link Limits}' do.
 *
 * @param maxModuleBytes the largest module upload
 * @param maxMemoryBytes the largest linear memory of one job
 * @param maxOutputBytes the most stdout or stderr bytes kept per job
 * @param maxFuelPerJob the largest fuel limit of one job
 * @param wallClock the longest a job may run from its first start
 * @param maxQueuedJobs jobs waiting at most
 * @param maxRunningJobs jobs running at once at most
 * @param tableElements the largest table of one job
 * @param callDepth the deepest nesting of Wasm calls
 */
public record EffectiveQuotas(
    long maxModuleBytes,
    long maxMemoryBytes,
    int maxOutputBytes,
    long maxFuelPerJob,
    Duration wallClock,
    int maxQueuedJobs,
    int maxRunningJobs,
    int tableElements,
    int callDepth) {

  /** The store limits of one of this tenant's jobs, on top of {@code base} (instances, stack). */
  public StoreLimits storeLimits(StoreLimits base) {
    return base.withMemoryBytes(maxMemoryBytes)
        .withTableElements(tableElements)
        .withStack(callDepth, base.stackCells());
  }
}
