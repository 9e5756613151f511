package io.timeslice.api.modules;

import io.timeslice.storage.Tenant;
import org.springframework.stereotype.Component;

/** The quotas the API checks: a tenant's own, else the service defaults. */
@Component
public class QuotaDefaults {
  /** The largest module upload. */
  public int maxModuleBytes(Tenant.Quotas quotas) {
    return quotas.maxModuleBytes() != null ? quotas.maxModuleBytes() : 50 << 20;
  }

  /** The largest fuel limit of a job, and the limit of a job that names none. */
  public long maxFuelPerJob(Tenant.Quotas quotas) {
    return quotas.maxFuelPerJob() != null ? quotas.maxFuelPerJob() : 10_000_000_000L;
  }
}
