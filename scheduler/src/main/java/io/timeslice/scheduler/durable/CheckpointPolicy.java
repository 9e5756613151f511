package io.timeslice.scheduler.durable;

import io.timeslice.storage.Tenant;
import java.time.Duration;
import java.util.Objects;

/**
 * The service's defaults for checkpointing running jobs (docs/checkpoint.md), each overridable per
 * tenant through {@link Tenant.CheckpointSettings} (a null setting means this default).
 *
 * @param interval the run time between two checkpoints of a job
 * @param maxFuelLost the most fuel a job runs past its last checkpoint (what a crash costs)
 * @param maxTenantBytes the bytes a tenant's checkpoints may take together; a checkpoint that would
 *     pass it is skipped (counted), the job's previous one kept
 */
public record CheckpointPolicy(Duration interval, long maxFuelLost, long maxTenantBytes) {
  /** Checks the values. */
  public CheckpointPolicy {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero() || maxFuelLost < 1 || maxTenantBytes < 0) {
      throw new IllegalArgumentException("checkpoint intervals must be positive");
    }
  }

  /** Every 60 s of run time or 10^9 fuel, 1 GiB of checkpoints per tenant. */
  public static CheckpointPolicy defaults() {
    return new CheckpointPolicy(Duration.ofSeconds(60), 1_000_000_000L, 1L << 30);
  }

  /** The policy of a tenant with {@code settings}: its own where set, else these. */
  public CheckpointPolicy effective(Tenant.CheckpointSettings settings) {
    Tenant.CheckpointSettings s = settings == null ? Tenant.CheckpointSettings.DEFAULTS : settings;
    return new CheckpointPolicy(
        s.intervalSeconds() == null ? interval : Duration.ofSeconds(s.intervalSeconds()),
        s.intervalFuel() == null ? maxFuelLost : s.intervalFuel(),
        s.maxBytes() == null ? maxTenantBytes : s.maxBytes());
  }
}
