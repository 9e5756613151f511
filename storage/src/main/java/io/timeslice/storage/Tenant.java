package io.timeslice.storage;

/**
 * A tenant: its share of the machine and its quotas (null means the service's default).
 *
 * @param id the tenant's id
 * @param name its unique name
 * @param weight its share of fuel relative to other tenants
 * @param quotas its limits
 * @param retentionDays how many days its finished jobs are kept, or null for the service's default
 * @param checkpoints how its running jobs are checkpointed (null fields: the service's defaults)
 */
public record Tenant(
    long id,
    String name,
    int weight,
    Quotas quotas,
    Integer retentionDays,
    CheckpointSettings checkpoints) {

  /**
   * How a tenant's running jobs are checkpointed (docs/checkpoint.md); a null field means the
   * service's default.
   *
   * @param maxBytes the bytes its jobs' checkpoints may take together
   * @param intervalSeconds the run time between two checkpoints of a job
   * @param intervalFuel the fuel between two checkpoints of a job
   */
  public record CheckpointSettings(Long maxBytes, Integer intervalSeconds, Long intervalFuel) {
    /** Every setting at the service's default. */
    public static final CheckpointSettings DEFAULTS = new CheckpointSettings(null, null, null);
  }

  /**
   * A tenant's limits; a null field means the service's global default.
   *
   * @param maxQueuedJobs jobs waiting at most
   * @param maxRunningJobs jobs running at once at most
   * @param maxFuelPerJob the largest fuel limit of one job
   * @param maxMemoryBytes the largest linear memory of one job
   * @param maxOutputBytes the most stdout or stderr bytes kept per job
   * @param maxModuleBytes the largest module upload
   */
  public record Quotas(
      Integer maxQueuedJobs,
      Integer maxRunningJobs,
      Long maxFuelPerJob,
      Long maxMemoryBytes,
      Integer maxOutputBytes,
      Integer maxModuleBytes) {
    /** Every quota at the service's default. */
    public static final Quotas DEFAULTS = new Quotas(null, null, null, null, null, null);
  }
}
