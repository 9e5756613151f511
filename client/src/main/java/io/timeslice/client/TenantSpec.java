package io.timeslice.client;

/**
 * A tenant to create, or the changes to one; null members are left to the service's defaults (on
 * update: unchanged).
 *
 * @param name the unique name: 1–63 letters, digits, '.', '_', '-'
 * @param weight its share of fuel against other busy tenants (1–10,000)
 * @param maxQueuedJobs jobs waiting at most
 * @param maxRunningJobs jobs running at once at most
 * @param maxFuelPerJob the largest fuel limit of a job
 * @param maxMemoryBytes the largest linear memory of a job
 * @param maxOutputBytes the most stdout or stderr bytes kept per job
 * @param maxModuleBytes the largest module upload
 * @param retentionDays how many days its finished jobs are kept
 * @param checkpointIntervalSeconds the run time between two checkpoints of a running job
 * @param checkpointIntervalFuel the most fuel a running job runs past its last checkpoint
 * @param maxCheckpointBytes the bytes its jobs' checkpoints may take together (0: none are kept)
 */
public record TenantSpec(
    String name,
    Integer weight,
    Integer maxQueuedJobs,
    Integer maxRunningJobs,
    Long maxFuelPerJob,
    Long maxMemoryBytes,
    Integer maxOutputBytes,
    Integer maxModuleBytes,
    Integer retentionDays,
    Integer checkpointIntervalSeconds,
    Long checkpointIntervalFuel,
    Long maxCheckpointBytes) {

  /** A tenant named {@code name} with {@code weight} and the service's default quotas. */
  public static TenantSpec named(String name, Integer weight) {
    return new TenantSpec(name, weight, null, null, null, null, null, null, null, null, null, null);
  }
}
