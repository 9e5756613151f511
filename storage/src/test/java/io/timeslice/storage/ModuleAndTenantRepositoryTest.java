package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.storage.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Tenants with quotas, and modules stored once per content hash with per-tenant ownership. */
class ModuleAndTenantRepositoryTest {

  @Test
  void tenantsKeepTheirWeightsAndQuotas() {
    try (Database db = Database.open(TestDatabases.fresh())) {
      TenantRepository tenants = new TenantRepository(db.dataSource());
      Tenant a =
          tenants.create("acme", 3, new Tenant.Quotas(100, 4, 1_000_000_000L, null, 65_536, null));
      assertThat(tenants.findByName("acme")).contains(a);
      assertThat(a.quotas().maxQueuedJobs()).isEqualTo(100);
      assertThat(a.quotas().maxMemoryBytes()).isNull();
      assertThat(tenants.update(a.id(), 5, Tenant.Quotas.DEFAULTS)).isTrue();
      assertThat(tenants.find(a.id()).orElseThrow().weight()).isEqualTo(5);
      assertThat(tenants.update(999, 1, Tenant.Quotas.DEFAULTS)).isFalse();
      assertThatThrownBy(() -> tenants.create("acme", 1, Tenant.Quotas.DEFAULTS))
          .isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> tenants.create("zero", 0, Tenant.Quotas.DEFAULTS))
          .isInstanceOf(StorageException.class);
      assertThat(tenants.list()).extracting(Tenant::name).containsExactly("acme");
    }
  }

  @Test
  void theSameBytesAreStoredOnceAndSeenOnlyByTheirOwners() throws Exception {
    try (Database db = Database.open(TestDatabases.fresh())) {
      TenantRepository tenants = new TenantRepository(db.dataSource());
      long a = tenants.create("a", 1, Tenant.Quotas.DEFAULTS).id();
      long b = tenants.create("b", 1, Tenant.Quotas.DEFAULTS).id();
      long c = tenants.create("c", 1, Tenant.Quotas.DEFAULTS).id();
      ModuleRepository modules = new ModuleRepository(db.dataSource());
      byte[] bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
      assertThat(modules.store(a, hash, bytes, "[]", "[{\"name\": \"run\"}]")).isTrue();
      assertThat(modules.store(a, hash, bytes, "[]", "[]")).isFalse();
      assertThat(modules.store(b, hash, bytes, "[]", "[]")).isTrue();
      assertThat(modules.find(a, hash)).isPresent();
      assertThat(modules.find(a, hash).orElseThrow().exportsJson()).contains("run");
      assertThat(modules.find(c, hash)).isEmpty();
      assertThat(modules.bytes(hash)).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
      assertThat(modules.list(b)).hasSize(1);
      try (Connection conn = db.dataSource().getConnection();
          ResultSet rs = conn.createStatement().executeQuery("SELECT count(*) FROM module_blobs")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
      assertThat(modules.remove(c, hash)).isFalse();
      assertThat(modules.remove(a, hash)).isTrue();
      assertThat(modules.find(a, hash)).isEmpty();
      assertThat(modules.find(b, hash)).isPresent();
      assertThat(modules.bytes(hash)).isPresent();
    }
  }
}
