package io.timeslice.core;

/**
 * Who acts: the admin (who manages tenants), or a tenant with one of its API keys (who owns modules
 * and jobs). Every facade method takes one and applies the rules of who may do what.
 *
 * @param admin whether this is the admin
 * @param tenantId the tenant, or -1 for the admin
 * @param keyId the API key used, or -1 for the admin
 */
public record Caller(boolean admin, long tenantId, long keyId) {
  /** The admin. */
  public static final Caller ADMIN = new Caller(true, -1, -1);

  /** A tenant acting with API key {@code keyId}. */
  public static Caller tenant(long tenantId, long keyId) {
    return new Caller(false, tenantId, keyId);
  }

  /**
   * The calling tenant's id.
   *
   * @throws Refused FORBIDDEN for the admin, which owns no modules or jobs
   */
  public long requireTenant() {
    if (admin) {
      throw new Refused(
          Refused.Reason.FORBIDDEN,
          "modules and jobs belong to tenants: call with a tenant's API key");
    }
    return tenantId;
  }

  /** Whether the caller may act on tenant {@code id}: the admin, or the tenant itself. */
  public boolean mayManage(long id) {
    return admin || tenantId == id;
  }
}
