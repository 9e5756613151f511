package io.timeslice.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The second level: a fresh cache (a restart, another replica) over the same store installs stored
 * IR instead of translating; refused or missing artifacts fall back to translating.
 */
class ModuleCacheSecondLevelTest {
  private static final Engine FUELED = new Engine(Config.defaults().withConsumeFuel(true));

  /** An artifact store in memory, the way a database keys it. */
  private static final class MemoryStore implements ArtifactStore {
    final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    final AtomicInteger stores = new AtomicInteger();

    @Override
    public Optional<byte[]> load(ModuleHash hash, String irVersion) {
      return Optional.ofNullable(artifacts.get(hash.hex() + "/" + irVersion));
    }

    @Override
    public void store(ModuleHash hash, String irVersion, byte[] artifact, long translateMicros) {
      assertThat(translateMicros).isPositive();
      stores.incrementAndGet();
      artifacts.put(hash.hex() + "/" + irVersion, artifact);
    }
  }

  private static byte[] bench() throws Exception {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", "bench.wasm"));
  }

  private static long translations(MeterRegistry registry) {
    return registry.get("timeslice.module.compile").timer().count();
  }

  private static double count(MeterRegistry registry, String name) {
    return registry.get(name).counter().count();
  }

  /** fib_rec(15) with its fuel: the same module must give the same results for the same fuel. */
  private static String run(Engine engine, Module module) {
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    long[] results =
        new Linker<Void>(engine).instantiate(store, module).func("fib_rec").call(store, 15);
    return results[0] + " for " + store.fuelConsumed();
  }

  @Test
  void aRestartedCacheInstallsTheStoredIrWithoutTranslating() throws Exception {
    byte[] bytes = bench();
    ModuleHash hash = ModuleHash.of(bytes);
    MemoryStore store = new MemoryStore();

    SimpleMeterRegistry first = new SimpleMeterRegistry();
    Module compiled = new ModuleCache(FUELED, 10 << 20, 10, first, store).module(hash, () -> bytes);
    assertThat(translations(first)).isEqualTo(1);
    assertThat(count(first, "timeslice.module.artifact.misses")).isEqualTo(1);
    assertThat(store.artifacts).containsOnlyKeys(hash.hex() + "/" + FUELED.irVersion());

    SimpleMeterRegistry second = new SimpleMeterRegistry();
    ModuleCache restarted = new ModuleCache(FUELED, 10 << 20, 10, second, store);
    Module installed = restarted.module(hash, () -> bytes);
    assertThat(translations(second)).isZero();
    assertThat(installed.translateNanos()).isZero();
    assertThat(count(second, "timeslice.module.artifact.hits")).isEqualTo(1);
    assertThat(second.get("timeslice.module.artifact.load").timer().count()).isEqualTo(1);
    assertThat(run(FUELED, installed)).isEqualTo(run(FUELED, compiled)).startsWith("610 for ");
    // The first level answers from then on.
    assertThat(restarted.module(hash, () -> bytes)).isSameAs(installed);
    assertThat(count(second, "timeslice.module.artifact.hits")).isEqualTo(1);
    assertThat(store.stores).hasValue(1);
  }

  @Test
  void anotherEngineVersionMissesAndTranslates() throws Exception {
    byte[] bytes = bench();
    ModuleHash hash = ModuleHash.of(bytes);
    MemoryStore store = new MemoryStore();
    new ModuleCache(FUELED, 10 << 20, 10, new SimpleMeterRegistry(), store)
        .module(hash, () -> bytes);

    Engine unmetered = new Engine();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ModuleCache(unmetered, 10 << 20, 10, registry, store).module(hash, () -> bytes);
    assertThat(translations(registry)).isEqualTo(1);
    assertThat(count(registry, "timeslice.module.artifact.misses")).isEqualTo(1);
    assertThat(store.artifacts).hasSize(2);
  }

  @Test
  void aRefusedArtifactFallsBackToTranslatingAndIsReplaced() throws Exception {
    byte[] bytes = bench();
    ModuleHash hash = ModuleHash.of(bytes);
    String key = hash.hex() + "/" + FUELED.irVersion();
    MemoryStore store = new MemoryStore();
    // Written under this engine's key by an engine of another version (unmetered IR).
    store.artifacts.put(key, Module.compile(new Engine(), bytes).serialize());

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Module module =
        new ModuleCache(FUELED, 10 << 20, 10, registry, store).module(hash, () -> bytes);
    assertThat(translations(registry)).isEqualTo(1);
    assertThat(
            registry
                .get("timeslice.module.artifact.mismatches")
                .tag("reason", "ir_version")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(store.artifacts.get(key)).isEqualTo(module.serialize());

    byte[] damaged = store.artifacts.get(key).clone();
    damaged[damaged.length / 2] ^= 1;
    store.artifacts.put(key, damaged);
    SimpleMeterRegistry again = new SimpleMeterRegistry();
    Module recompiled =
        new ModuleCache(FUELED, 10 << 20, 10, again, store).module(hash, () -> bytes);
    assertThat(translations(again)).isEqualTo(1);
    assertThat(
            again
                .get("timeslice.module.artifact.mismatches")
                .tag("reason", "corrupt")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(run(FUELED, recompiled)).isEqualTo(run(FUELED, module));
  }

  @Test
  void aFailingStoreIsCountedAndNeverFatal() throws Exception {
    byte[] bytes = bench();
    ArtifactStore broken =
        new ArtifactStore() {
          @Override
          public Optional<byte[]> load(ModuleHash hash, String irVersion) {
            throw new IllegalStateException("database down");
          }

          @Override
          public void store(ModuleHash hash, String irVersion, byte[] artifact, long micros) {
            throw new IllegalStateException("database down");
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Module module =
        new ModuleCache(FUELED, 10 << 20, 10, registry, broken)
            .module(ModuleHash.of(bytes), () -> bytes);
    assertThat(run(FUELED, module)).startsWith("610 for ");
    for (String operation : new String[] {"load", "store"}) {
      assertThat(
              registry
                  .get("timeslice.module.artifact.errors")
                  .tag("operation", operation)
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void aLazyModuleIsStoredWhole() throws Exception {
    byte[] bytes = bench();
    ModuleHash hash = ModuleHash.of(bytes);
    MemoryStore store = new MemoryStore();
    Engine lazy =
        new Engine(
            Config.defaults().withConsumeFuel(true).withCompilationMode(CompilationMode.LAZY));
    new ModuleCache(lazy, 10 << 20, 10, new SimpleMeterRegistry(), store).module(hash, () -> bytes);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Module installed =
        new ModuleCache(FUELED, 10 << 20, 10, registry, store).module(hash, () -> bytes);
    assertThat(translations(registry)).isZero();
    assertThat(installed.translateNanos()).isZero();
    assertThat(run(FUELED, installed)).isEqualTo(run(FUELED, Module.compile(FUELED, bytes)));
  }
}
