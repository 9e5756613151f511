package io.timeslice.core.tenants;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.timeslice.storage.Tenant;

/**
 * A tenant as the API shows it; {@code apiKey} only in the answer that created the key.
 *
 * @param id the tenant's id
 * @param name its name
 * @param weight its weight
 * @param quotas its quotas (null members: the service's defaults)
 * @param retentionDays how many days its finished jobs are kept (absent: the service's default)
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
    Long apiKeyId,
    String apiKey) {

  static TenantView of(Tenant t) {
    return new TenantView(t.id(), t.name(), t.weight(), t.quotas(), t.retentionDays(), null, null);
  }
}
