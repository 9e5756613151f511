package io.timeslice.core.tenants;

/**
 * A new API key, shown this once; only its hash is stored.
 *
 * @param id the key's id (to revoke it)
 * @param tenantId its tenant
 * @param apiKey the key
 */
public record ApiKeyView(long id, long tenantId, String apiKey) {}
