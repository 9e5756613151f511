package io.timeslice.scheduler.durable;

import io.timeslice.scheduler.Scheduler;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants as this instance knows them: read once, re-read every refresh (their weights go to
 * the scheduler's fair queue as they change), and read at once when one is not known yet or was
 * changed through this instance.
 */
final class TenantDirectory {
  private final TenantRepository tenants;
  private final Scheduler scheduler;
  private final Map<Long, Tenant> known = new ConcurrentHashMap<>();

  TenantDirectory(TenantRepository tenants, Scheduler scheduler) {
    this.tenants = tenants;
    this.scheduler = scheduler;
  }

  /** Re-reads every tenant. */
  void refresh() {
    for (Tenant t : tenants.list()) {
      remember(t);
    }
  }

  /** Re-reads tenant {@code id}. */
  void refresh(long id) {
    tenants.find(id).ifPresent(this::remember);
  }

  /** Tenant {@code id}, from memory or, the first time, from the database. */
  Optional<Tenant> find(long id) {
    Tenant t = known.get(id);
    if (t != null) {
      return Optional.of(t);
    }
    Optional<Tenant> read = tenants.find(id);
    read.ifPresent(this::remember);
    return read;
  }

  private void remember(Tenant t) {
    Tenant before = known.put(t.id(), t);
    if (before == null || before.weight() != t.weight() || !before.name().equals(t.name())) {
      scheduler.setWeight(t.name(), t.weight());
    }
  }
}
