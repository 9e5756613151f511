package io.timeslice.core.tenants;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.timeslice.storage.ApiKeyRepository;
import io.timeslice.storage.Tenant;

/**
 * A tenant as the API shows it; {@code apiKey} only in the answer that created the key.
 *
 * @param id the tenant's id
 * @param name its name
 * @param weight its weight
 * @param quotas its quotas (null members: the service's defaults)
 * @param retentionDays how many days its finished jobs are kept (absent: the service's default)
 * @param checkpointIntervalSeconds the run time between two checkpoints of its running jobs
 *     (absent: the service's default)
 * @param checkpointIntervalFuel the most fuel a running job runs past its last checkpoint (absent:
 *     the service's default)
 * @param maxCheckpointBytes the bytes its jobs' checkpoints may take together (absent: the
 *     service's default)
 * @param apiKeyId the id of the key shown, or null
 * @param apiKey a new API key, shown this once, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(
    long id,
    String name,
    int weight,
    Tenant.Quotas quotas,
    Integer retentionDays,
    Integer checkpointIntervalSeconds,
    Long checkpointIntervalFuel,
    Long maxCheckpointBytes,
    Long apiKeyId,
    String apiKey) {

  static TenantView of(Tenant t) {
    return of(t, null);
  }

  /** {@code t} with its new API key {@code key} (null: none shown). */
  static TenantView of(Tenant t, ApiKeyRepository.NewKey key) {
    Tenant.CheckpointSettings c = t.checkpoints();
    return new TenantView(
        t.id(),
        t.name(),
        t.weight(),
        t.quotas(),
        t.retentionDays(),
        c.intervalSeconds(),
        c.intervalFuel(),
        c.maxBytes(),
        key == null ? null : key.id(),
        key == null ? null : key.key());
  }
}
