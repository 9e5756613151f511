package io.timeslice.core.tenants;

import io.timeslice.core.Boundary;
import io.timeslice.core.Caller;
import io.timeslice.core.Refused;
import io.timeslice.storage.ApiKeyRepository;
import io.timeslice.storage.StorageException;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Tenants and their API keys: creation and quotas by the admin, keys by the admin or the tenant,
 * and who presents a key.
 */
public final class TenantsService {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final TenantRepository tenants;
  private final ApiKeyRepository keys;
  private final LongConsumer changed;

  /**
   * Tenants in {@code tenants}, their keys in {@code keys}; {@code changed} hears of every tenant
   * whose weight or quotas change, so that the scheduler applies them at once.
   */
  public TenantsService(TenantRepository tenants, ApiKeyRepository keys, LongConsumer changed) {
    this.tenants = tenants;
    this.keys = keys;
    this.changed = changed;
  }

  /** The tenant presenting {@code apiKey}, if it is a valid key. */
  public Optional<Caller> identify(String apiKey) {
    return Boundary.call(
        () -> keys.identify(apiKey).map(k -> Caller.tenant(k.tenantId(), k.keyId())));
  }

  /** Creates a tenant and its first API key. */
  public TenantView create(Caller caller, TenantRequest request) {
    requireAdmin(caller);
    String name = request.name();
    if (name == null || !NAME.matcher(name).matches()) {
      throw Refused.invalid(
          "name must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    int weight = weight(request.weight() == null ? 1 : request.weight());
    Tenant.Quotas quotas = quotas(request, Tenant.Quotas.DEFAULTS);
    Integer retention = retentionDays(request.retentionDays());
    Tenant.CheckpointSettings checkpoints =
        checkpoints(request, Tenant.CheckpointSettings.DEFAULTS);
    return Boundary.call(
        () -> {
          if (tenants.findByName(name).isPresent()) {
            throw taken(name);
          }
          Tenant tenant;
          try {
            tenant = tenants.create(name, weight, quotas);
          } catch (StorageException e) {
            if (tenants.findByName(name).isPresent()) {
              throw taken(name);
            }
            throw e;
          }
          if (retention != null) {
            tenants.setRetention(tenant.id(), retention);
          }
          if (!checkpoints.equals(Tenant.CheckpointSettings.DEFAULTS)) {
            tenants.setCheckpointSettings(tenant.id(), checkpoints);
          }
          ApiKeyRepository.NewKey key = keys.create(tenant.id());
          return TenantView.of(tenants.find(tenant.id()).orElse(tenant), key);
        });
  }

  private static Refused taken(String name) {
    return new Refused(Refused.Reason.CONFLICT, "a tenant named '" + name + "' exists");
  }

  /** A tenant, for the admin or the tenant itself. */
  public TenantView get(Caller caller, long id) {
    return TenantView.of(find(caller, id));
  }

  /** Every tenant, for the admin. */
  public List<TenantView> list(Caller caller) {
    requireAdmin(caller);
    return Boundary.call(() -> tenants.list().stream().map(TenantView::of).toList());
  }

  /** Changes a tenant's weight and quotas (absent fields stay as they are). */
  public TenantView update(Caller caller, long id, TenantRequest request) {
    requireAdmin(caller);
    Tenant current = find(caller, id);
    if (request.name() != null && !request.name().equals(current.name())) {
      throw Refused.invalid("a tenant's name cannot change");
    }
    int weight = request.weight() == null ? current.weight() : weight(request.weight());
    Tenant.Quotas quotas = quotas(request, current.quotas());
    Integer retention = retentionDays(request.retentionDays());
    Tenant.CheckpointSettings checkpoints = checkpoints(request, current.checkpoints());
    Boundary.run(
        () -> {
          tenants.update(id, weight, quotas);
          if (retention != null) {
            tenants.setRetention(id, retention);
          }
          if (!checkpoints.equals(current.checkpoints())) {
            tenants.setCheckpointSettings(id, checkpoints);
          }
          changed.accept(id);
        });
    return TenantView.of(find(caller, id));
  }

  /** A new, additional API key for the tenant. */
  public ApiKeyView createKey(Caller caller, long id) {
    find(caller, id);
    ApiKeyRepository.NewKey key = Boundary.call(() -> keys.create(id));
    return new ApiKeyView(key.id(), id, key.key());
  }

  /** Replaces the caller's own key by a new one: the old one stops working at once. */
  public ApiKeyView rotateKey(Caller caller, long id) {
    find(caller, id);
    if (caller.admin()) {
      throw Refused.invalid(
          "rotation replaces the key that calls it: call with the tenant's key, or create a key"
              + " (POST /tenants/{id}/api-keys) and revoke the old one");
    }
    ApiKeyRepository.NewKey key =
        Boundary.call(() -> keys.rotate(caller.keyId()))
            .orElseThrow(() -> new Refused(Refused.Reason.UNAUTHENTICATED, "the key was revoked"));
    return new ApiKeyView(key.id(), id, key.key());
  }

  /** Revokes one of the tenant's keys. */
  public void revokeKey(Caller caller, long id, long keyId) {
    find(caller, id);
    if (!Boundary.call(() -> keys.revoke(id, keyId))) {
      throw Refused.notFound("tenant " + id + " has no active API key " + keyId);
    }
  }

  private Tenant find(Caller caller, long id) {
    if (!caller.mayManage(id)) {
      throw Refused.notFound("no tenant " + id);
    }
    return Boundary.call(() -> tenants.find(id))
        .orElseThrow(() -> Refused.notFound("no tenant " + id));
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new Refused(Refused.Reason.FORBIDDEN, "only the admin token may manage tenants");
    }
  }

  private static int weight(int weight) {
    if (weight < 1 || weight > 10_000) {
      throw Refused.invalid("weight must be between 1 and 10000");
    }
    return weight;
  }

  private static Integer retentionDays(Integer days) {
    if (days != null && (days < 1 || days > 36_500)) {
      throw Refused.invalid("retentionDays must be between 1 and 36500");
    }
    return days;
  }

  private static Tenant.Quotas quotas(TenantRequest r, Tenant.Quotas base) {
    return new Tenant.Quotas(
        positive("maxQueuedJobs", r.maxQueuedJobs(), base.maxQueuedJobs()),
        positive("maxRunningJobs", r.maxRunningJobs(), base.maxRunningJobs()),
        positive("maxFuelPerJob", r.maxFuelPerJob(), base.maxFuelPerJob()),
        positive("maxMemoryBytes", r.maxMemoryBytes(), base.maxMemoryBytes()),
        positive("maxOutputBytes", r.maxOutputBytes(), base.maxOutputBytes()),
        positive("maxModuleBytes", r.maxModuleBytes(), base.maxModuleBytes()));
  }

  private static Tenant.CheckpointSettings checkpoints(
      TenantRequest r, Tenant.CheckpointSettings base) {
    Long maxBytes = r.maxCheckpointBytes();
    if (maxBytes != null && maxBytes < 0) {
      throw Refused.invalid("maxCheckpointBytes must not be negative");
    }
    return new Tenant.CheckpointSettings(
        maxBytes == null ? base.maxBytes() : maxBytes,
        positive(
            "checkpointIntervalSeconds", r.checkpointIntervalSeconds(), base.intervalSeconds()),
        positive("checkpointIntervalFuel", r.checkpointIntervalFuel(), base.intervalFuel()));
  }

  private static <N extends Number> N positive(String field, N value, N otherwise) {
    if (value == null) {
      return otherwise;
    }
    if (value.longValue() <= 0) {
      throw Refused.invalid(field + " must be positive");
    }
    return value;
  }
}
