package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.storage.testing.TestDatabases;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** Stored IR artifacts by (module hash, engine version) on PostgreSQL. */
class CompiledArtifactRepositoryTest {
  private static final byte[] MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

  @Test
  void artifactsRoundTripPerEngineVersionAndAreReplaced() throws Exception {
    try (Database db = Database.open(TestDatabases.fresh())) {
      long tenant =
          new TenantRepository(db.dataSource()).create("t", 1, Tenant.Quotas.DEFAULTS).id();
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(MODULE);
      new ModuleRepository(db.dataSource()).store(tenant, hash, MODULE, "[]", "[]");
      CompiledArtifactRepository artifacts = new CompiledArtifactRepository(db.dataSource());

      assertThat(artifacts.find(hash, "v1")).isEmpty();
      byte[] ir = new byte[100_000];
      for (int i = 0; i < ir.length; i++) {
        ir[i] = (byte) (i * 31);
      }
      artifacts.store(hash, "v1", ir, 1234);
      assertThat(artifacts.find(hash, "v1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(ir));
      assertThat(artifacts.translateMicros(hash, "v1")).contains(1234L);
      assertThat(artifacts.find(hash, "v2")).isEmpty();

      artifacts.store(hash, "v1", new byte[] {7}, 5);
      assertThat(artifacts.find(hash, "v1"))
          .hasValueSatisfying(v -> assertThat(v).containsExactly(7));
      assertThat(artifacts.translateMicros(hash, "v1")).contains(5L);

      artifacts.store(hash, "v2", ir, 9);
      assertThat(artifacts.find(hash, "v1")).isPresent();
      assertThat(artifacts.find(hash, "v2")).isPresent();
    }
  }

  @Test
  void anArtifactNeedsItsModuleStoredAndANonNegativeTime() throws Exception {
    try (Database db = Database.open(TestDatabases.fresh())) {
      CompiledArtifactRepository artifacts = new CompiledArtifactRepository(db.dataSource());
      byte[] unknown = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
      assertThatThrownBy(() -> artifacts.store(unknown, "v1", new byte[] {1}, 1))
          .isInstanceOf(StorageException.class);
      long tenant =
          new TenantRepository(db.dataSource()).create("t", 1, Tenant.Quotas.DEFAULTS).id();
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(MODULE);
      new ModuleRepository(db.dataSource()).store(tenant, hash, MODULE, "[]", "[]");
      assertThatThrownBy(() -> artifacts.store(hash, "v1", new byte[] {1}, -1))
          .isInstanceOf(StorageException.class);
    }
  }
}
