package io.timeslice.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.timeslice.wasm.ArtifactMismatchException;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Compiled modules by content hash, and pre-linked instances per (module, host profile), so that a
 * repeated job neither decodes, validates, translates nor links again. Bounded by weight (the bytes
 * of a module's translated IR); concurrent requests for one module compile it once (the cache
 * computes atomically per key). Caffeine's statistics are published as {@code
 * timeslice.module.cache.*} and {@code timeslice.instance.pre.cache.*}; compile time as the timer
 * {@code timeslice.module.compile}.
 *
 * <p>With an {@link ArtifactStore} (the second level), a module missing in memory is installed from
 * its stored artifact for the engine's {@link Engine#irVersion()} when there is one, without
 * translating; otherwise it is compiled and its artifact stored, inline, before the module is
 * returned (docs/RATIONALE.md). A refused artifact (another version, damaged) falls back to
 * compiling, and the fresh artifact replaces it. Failures of the store are counted, never fatal.
 * The second level's meters are {@code timeslice.module.artifact.*} (docs/metrics.md).
 */
public final class ModuleCache {
  /** A pre-linked instance's key: the module and the host functions it was linked against. */
  private record PreKey(ModuleHash module, String profile) {}

  private final Engine engine;
  private final Cache<ModuleHash, Module> modules;
  private final Cache<PreKey, InstancePre<?>> pres;
  private final Timer compileTimer;
  private final ArtifactMetrics artifactMetrics;

  /** The second level, or null: none. */
  private final ArtifactStore artifacts;

  /**
   * A cache of modules for {@code engine} weighing at most {@code maxModuleBytes} in all, and of at
   * most {@code maxInstancePres} pre-linked instances, without a second level.
   */
  public ModuleCache(
      Engine engine, long maxModuleBytes, long maxInstancePres, MeterRegistry registry) {
    this(engine, maxModuleBytes, maxInstancePres, registry, null);
  }

  /**
   * As {@link #ModuleCache(Engine, long, long, MeterRegistry)}, with {@code artifacts} as the
   * second level.
   */
  public ModuleCache(
      Engine engine,
      long maxModuleBytes,
      long maxInstancePres,
      MeterRegistry registry,
      ArtifactStore artifacts) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.artifacts = artifacts;
    this.artifactMetrics = new ArtifactMetrics(registry);
    this.modules =
        Caffeine.newBuilder()
            .maximumWeight(maxModuleBytes)
            .<ModuleHash, Module>weigher(ModuleCache::weight)
            .recordStats()
            .build();
    this.pres = Caffeine.newBuilder().maximumSize(maxInstancePres).recordStats().build();
    CaffeineCacheMetrics.monitor(registry, modules, "timeslice.module.cache");
    CaffeineCacheMetrics.monitor(registry, pres, "timeslice.instance.pre.cache");
    this.compileTimer =
        Timer.builder("timeslice.module.compile").publishPercentileHistogram().register(registry);
  }

  /**
   * A module's weight: the bytes of its translated IR (known in full after an eager compile or an
   * installed artifact), and at least its Wasm size (what a lazily compiled module will grow to).
   */
  private static int weight(ModuleHash hash, Module module) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(module.sizeBytes(), module.irBytes()));
  }

  /**
   * The compiled module {@code hash}, compiling the bytes {@code load} supplies on a miss.
   *
   * @throws io.timeslice.wasm.WasmException when the bytes are not a valid module
   * @throws IllegalStateException when the loaded bytes do not have the hash
   */
  public Module module(ModuleHash hash, Supplier<byte[]> load) {
    return modules.get(
        hash,
        h -> {
          byte[] bytes = load.get();
          if (!ModuleHash.of(bytes).equals(h)) {
            throw new IllegalStateException("the bytes loaded for " + h + " have another hash");
          }
          return artifacts == null ? compile(bytes) : viaSecondLevel(h, bytes);
        });
  }

  private Module compile(byte[] bytes) {
    return compileTimer.record(() -> Module.compile(engine, bytes));
  }

  private Module viaSecondLevel(ModuleHash hash, byte[] bytes) {
    String version = engine.irVersion();
    long start = System.nanoTime();
    Optional<byte[]> stored = artifactMetrics.guard("load", () -> artifacts.load(hash, version));
    if (stored != null && stored.isPresent()) {
      try {
        Module module = Module.deserialize(engine, bytes, stored.get());
        artifactMetrics.hit(System.nanoTime() - start);
        return module;
      } catch (ArtifactMismatchException refused) {
        artifactMetrics.mismatch(refused.reason());
      }
    } else {
      artifactMetrics.miss();
    }
    Module module = compile(bytes);
    // Lazy modes translate the remaining functions here: the artifact holds them all. A module the
    // engine cannot serialize (an instruction it cannot run yet; an invalid body in lazy mode) is
    // counted.
    byte[] artifact = artifactMetrics.guard("serialize", module::serialize);
    if (artifact != null) {
      artifactMetrics.guard(
          "store",
          () -> {
            artifacts.store(hash, version, artifact, module.translateNanos() / 1_000);
            return true;
          });
    }
    return module;
  }

  /**
   * The pre-linked instance of {@code module} for the host profile {@code profile} (e.g. "wasi"),
   * linking it with the linker {@code linker} supplies on a miss. One profile name must always
   * stand for the same host functions and data type.
   */
  @SuppressWarnings("unchecked")
  public <T> InstancePre<T> instancePre(
      ModuleHash hash, Module module, String profile, Supplier<Linker<T>> linker) {
    return (InstancePre<T>)
        pres.get(new PreKey(hash, profile), k -> linker.get().instantiatePre(module));
  }

  /** Modules cached now. */
  public long size() {
    modules.cleanUp();
    return modules.estimatedSize();
  }
}
