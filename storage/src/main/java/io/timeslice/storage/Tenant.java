package io.timeslice.storage;

/**
 * A tenant: its share of the machine and its quotas (null means the service's default).
 *
 * @param id the tenant's id
 * @param name its unique name
 * @param weight its share of fuel relative to other tenants
 * @param quotas its limits
 * @param retentionDays how many days its finished jobs are kept, or null for the service's default
 */
public record Tenant(long id, String name, int weight, Quotas quotas, Integer retentionDays) {

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
