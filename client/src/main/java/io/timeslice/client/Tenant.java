package io.timeslice.client;

import java.util.Map;

/**
 * A tenant as the service shows it.
 *
 * @param id its id
 * @param name its unique name
 * @param weight its share of fuel against other busy tenants
 * @param quotas its quotas by name (absent or null: the service's default)
 * @param retentionDays how many days its finished jobs are kept (null: the service's default)
 * @param apiKeyId the id of {@code apiKey}, or null
 * @param apiKey a new API key, only in the answer that created the tenant
 */
public record Tenant(
    long id,
    String name,
    int weight,
    Map<String, Object> quotas,
    Integer retentionDays,
    Long apiKeyId,
    String apiKey) {}
