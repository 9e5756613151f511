package io.timeslice.api.auth;

import io.timeslice.api.error.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Who sent a request: the admin (with the admin token), or a tenant with one of its API keys.
 *
 * @param admin whether the admin token was presented
 * @param tenantId the tenant, or -1 for the admin
 * @param keyId the API key used, or -1 for the admin
 */
public record Caller(boolean admin, long tenantId, long keyId) {
  static final Caller ADMIN = new Caller(true, -1, -1);

  /**
   * The calling tenant's id.
   *
   * @throws ApiException 403 for the admin, which owns no modules or jobs
   */
  public long requireTenant() {
    if (admin) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "modules and jobs belong to tenants: call with a tenant's API key");
    }
    return tenantId;
  }

  /** Whether the caller may act on tenant {@code id}: the admin, or the tenant itself. */
  public boolean mayManage(long id) {
    return admin || tenantId == id;
  }
}
