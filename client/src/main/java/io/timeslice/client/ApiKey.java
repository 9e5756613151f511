package io.timeslice.client;

/**
 * A new API key, shown this once (the service keeps only its hash).
 *
 * @param id the key's id, to revoke it
 * @param tenantId its tenant
 * @param apiKey the key itself
 */
public record ApiKey(long id, long tenantId, String apiKey) {}
