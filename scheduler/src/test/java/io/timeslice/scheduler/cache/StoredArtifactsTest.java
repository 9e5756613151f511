package io.timeslice.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.storage.CompiledArtifactRepository;
import io.timeslice.storage.Database;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Two module caches on one PostgreSQL: the second (a restart, a replica) does not translate. */
class StoredArtifactsTest {
  private static final Engine ENGINE = new Engine(Config.defaults().withConsumeFuel(true));

  private static long fuelOfFib(Module module) {
    Store<Void> store = new Store<>(ENGINE, null);
    store.setFuel(Long.MAX_VALUE);
    new Linker<Void>(ENGINE).instantiate(store, module).func("fib_rec").call(store, 15);
    return store.fuelConsumed();
  }

  @Test
  void aSecondInstanceInstallsTheArtifactTheFirstStored() throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("..", "programs", "wasm", "bench.wasm"));
    ModuleHash hash = ModuleHash.of(bytes);
    try (Database db = Database.open(TestDatabases.fresh())) {
      long tenant =
          new TenantRepository(db.dataSource()).create("t", 1, Tenant.Quotas.DEFAULTS).id();
      new ModuleRepository(db.dataSource()).store(tenant, hash.bytes(), bytes, "[]", "[]");
      CompiledArtifactRepository repository = new CompiledArtifactRepository(db.dataSource());

      SimpleMeterRegistry first = new SimpleMeterRegistry();
      Module compiled =
          new ModuleCache(ENGINE, 10 << 20, 10, first, new StoredArtifacts(repository))
              .module(hash, () -> bytes);
      assertThat(first.get("timeslice.module.compile").timer().count()).isEqualTo(1);
      assertThat(repository.find(hash.bytes(), ENGINE.irVersion())).isPresent();
      assertThat(repository.translateMicros(hash.bytes(), ENGINE.irVersion()).orElseThrow())
          .isPositive();

      SimpleMeterRegistry second = new SimpleMeterRegistry();
      Module installed =
          new ModuleCache(ENGINE, 10 << 20, 10, second, new StoredArtifacts(repository))
              .module(hash, () -> bytes);
      assertThat(second.get("timeslice.module.compile").timer().count()).isZero();
      assertThat(second.get("timeslice.module.artifact.hits").counter().count()).isEqualTo(1);
      assertThat(fuelOfFib(installed)).isEqualTo(fuelOfFib(compiled)).isPositive();
    }
  }
}
