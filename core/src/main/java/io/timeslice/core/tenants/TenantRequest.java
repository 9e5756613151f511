package io.timeslice.core.tenants;

/**
 * The body of {@code POST /tenants} and {@code PATCH /tenants/{id}}; absent quotas mean the
 * service's defaults (on PATCH: unchanged).
 *
 * @param name the unique name (letters, digits, '.', '_', '-'); also the tenant's metric tag
 * @param weight its share of fuel relative to other busy tenants (1 to 10,000; default 1)
 * @param maxQueuedJobs jobs waiting at most
 * @param maxRunningJobs jobs running at once at most
 * @param maxFuelPerJob the largest fuel limit of a job
 * @param maxMemoryBytes the largest linear memory of a job
 * @param maxOutputBytes the most stdout or stderr bytes kept per job
 * @param maxModuleBytes the largest module upload
 * @param retentionDays how many days its finished jobs are kept (1 to 36,500; default: the
 *     service's {@code timeslice.retention}, 7 days)
 * @param checkpointIntervalSeconds the run time between two checkpoints of a running job
 *     (docs/checkpoint.md; default: 60)
 * @param checkpointIntervalFuel the most fuel a running job runs past its last checkpoint (default:
 *     10^9)
 * @param maxCheckpointBytes the bytes the tenant's jobs' checkpoints may take together (0: none are
 *     kept; default: 1 GiB)
 */
public record TenantRequest(
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
    Long maxCheckpointBytes) {}
