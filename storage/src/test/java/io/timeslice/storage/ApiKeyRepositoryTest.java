package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.testing.MutableClock;
import io.timeslice.storage.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** API keys: shown once, stored hashed, revoked and rotated. */
class ApiKeyRepositoryTest {
  @Test
  void keysAuthenticateUntilRevokedOrRotated() throws Exception {
    try (Database db = Database.open(TestDatabases.fresh())) {
      long tenant =
          new TenantRepository(db.dataSource()).create("acme", 1, Tenant.Quotas.DEFAULTS).id();
      ApiKeyRepository keys =
          new ApiKeyRepository(
              db.dataSource(), new MutableClock(Instant.parse("2026-11-24T00:00:00Z")));
      ApiKeyRepository.NewKey k1 = keys.create(tenant);
      assertThat(k1.key()).startsWith("ts_").hasSizeGreaterThan(40);
      assertThat(keys.authenticate(k1.key())).contains(tenant);
      assertThat(keys.authenticate(k1.key() + "x")).isEmpty();
      assertThat(keys.authenticate("nonsense")).isEmpty();
      // Only the hash is stored: the plaintext appears nowhere in the table.
      try (Connection c = db.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT * FROM api_keys")) {
        while (rs.next()) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            assertThat(String.valueOf(rs.getObject(i))).doesNotContain(k1.key().substring(10));
          }
        }
      }
      ApiKeyRepository.NewKey k2 = keys.rotate(k1.id()).orElseThrow();
      assertThat(keys.authenticate(k1.key())).isEmpty();
      assertThat(keys.authenticate(k2.key())).contains(tenant);
      assertThat(keys.rotate(k1.id())).isEmpty();
      assertThat(keys.revoke(k2.id())).isTrue();
      assertThat(keys.revoke(k2.id())).isFalse();
      assertThat(keys.authenticate(k2.key())).isEmpty();
    }
  }

  @Test
  void identifyNamesTheKeyAndRevokingChecksTheTenant() {
    try (Database db = Database.open(TestDatabases.fresh())) {
      TenantRepository tenants = new TenantRepository(db.dataSource());
      long a = tenants.create("a", 1, Tenant.Quotas.DEFAULTS).id();
      long b = tenants.create("b", 1, Tenant.Quotas.DEFAULTS).id();
      ApiKeyRepository keys =
          new ApiKeyRepository(
              db.dataSource(), new MutableClock(Instant.parse("2026-11-24T00:00:00Z")));
      ApiKeyRepository.NewKey key = keys.create(a);
      assertThat(keys.identify(key.key())).contains(new ApiKeyRepository.KeyOwner(key.id(), a));
      assertThat(keys.revoke(b, key.id())).isFalse();
      assertThat(keys.identify(key.key())).isPresent();
      assertThat(keys.revoke(a, key.id())).isTrue();
      assertThat(keys.identify(key.key())).isEmpty();
    }
  }
}
