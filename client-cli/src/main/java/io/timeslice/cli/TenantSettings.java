package io.timeslice.cli;

import io.timeslice.client.TenantSpec;
import picocli.CommandLine.Option;

/**
 * A tenant's weight, quotas, retention and checkpoint settings as options, shared by {@code tenants
 * create} and {@code tenants update}; an option not given is null: the service's default on create,
 * unchanged on update. A new setting of the API is one field here and one member of {@link
 * TenantSpec}.
 */
final class TenantSettings {
  @Option(names = "--weight", paramLabel = "N", description = "its share of fuel (1-10000)")
  Integer weight;

  @Option(names = "--max-queued-jobs", paramLabel = "N", description = "jobs waiting at most")
  Integer maxQueuedJobs;

  @Option(names = "--max-running-jobs", paramLabel = "N", description = "jobs running at once")
  Integer maxRunningJobs;

  @Option(names = "--max-fuel-per-job", paramLabel = "N", description = "its largest fuel limit")
  Long maxFuelPerJob;

  @Option(names = "--max-memory-bytes", paramLabel = "N", description = "a job's largest memory")
  Long maxMemoryBytes;

  @Option(
      names = "--max-output-bytes",
      paramLabel = "N",
      description = "stdout or stderr bytes kept per job")
  Integer maxOutputBytes;

  @Option(names = "--max-module-bytes", paramLabel = "N", description = "its largest upload")
  Integer maxModuleBytes;

  @Option(
      names = "--retention-days",
      paramLabel = "N",
      description = "how long its finished jobs are kept")
  Integer retentionDays;

  @Option(
      names = "--checkpoint-seconds",
      paramLabel = "N",
      description = "run time between two checkpoints of a running job")
  Integer checkpointIntervalSeconds;

  @Option(
      names = "--checkpoint-fuel",
      paramLabel = "N",
      description = "most fuel a running job runs past its last checkpoint")
  Long checkpointIntervalFuel;

  @Option(
      names = "--max-checkpoint-bytes",
      paramLabel = "N",
      description = "bytes its jobs' checkpoints may take together (0: none kept)")
  Long maxCheckpointBytes;

  /** The settings given, for a tenant named {@code name} (null on update). */
  TenantSpec spec(String name) {
    return new TenantSpec(
        name,
        weight,
        maxQueuedJobs,
        maxRunningJobs,
        maxFuelPerJob,
        maxMemoryBytes,
        maxOutputBytes,
        maxModuleBytes,
        retentionDays,
        checkpointIntervalSeconds,
        checkpointIntervalFuel,
        maxCheckpointBytes);
  }

  /** Whether any setting was given. */
  boolean any() {
    return !spec(null)
        .equals(
            new TenantSpec(null, null, null, null, null, null, null, null, null, null, null, null));
  }
}
