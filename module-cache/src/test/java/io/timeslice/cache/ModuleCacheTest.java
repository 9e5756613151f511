package io.timeslice.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The module cache: compile once per hash, bounded by weight, pre-linked instances reused. */
class ModuleCacheTest {
  private final Engine engine = new Engine();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static byte[] program(String name) throws Exception {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", name));
  }

  @Test
  void concurrentRequestsCompileAModuleOnce() throws Exception {
    ModuleCache cache = new ModuleCache(engine, 10 << 20, 100, registry);
    byte[] bytes = program("bench.wasm");
    ModuleHash hash = ModuleHash.of(bytes);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Module> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                seen.add(
                    cache.module(
                        hash,
                        () -> {
                          loads.incrementAndGet();
                          return bytes;
                        }));
              });
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(loads).hasValue(1);
    assertThat(seen).hasSize(8).allMatch(m -> m == seen.get(0));
    assertThat(registry.find("timeslice.module.compile").timer().count()).isEqualTo(1);
  }

  @Test
  void theCacheIsBoundedByTheModulesIrBytes() throws Exception {
    byte[] bench = program("bench.wasm");
    byte[] jobs = program("jobs.wasm");
    long benchIr = Module.compile(engine, bench).irBytes();
    long jobsIr = Module.compile(engine, jobs).irBytes();
    assertThat(benchIr).isGreaterThan(bench.length);
    ModuleCache roomForOne = new ModuleCache(engine, benchIr + jobsIr / 2, 100, registry);
    roomForOne.module(ModuleHash.of(bench), () -> bench);
    roomForOne.module(ModuleHash.of(jobs), () -> jobs);
    assertThat(roomForOne.size()).isEqualTo(1);
    // Room for both modules' Wasm bytes, not for their IR: weighed by IR, one is evicted.
    ModuleCache wasmRoom = new ModuleCache(engine, bench.length + jobs.length, 100, registry);
    wasmRoom.module(ModuleHash.of(bench), () -> bench);
    wasmRoom.module(ModuleHash.of(jobs), () -> jobs);
    assertThat(wasmRoom.size()).isLessThan(2);
  }

  @Test
  void bytesWithAnotherHashAreRefused() throws Exception {
    ModuleCache cache = new ModuleCache(engine, 10 << 20, 100, registry);
    byte[] bench = program("bench.wasm");
    byte[] jobs = program("jobs.wasm");
    assertThatThrownBy(() -> cache.module(ModuleHash.of(bench), () -> jobs))
        .hasMessageContaining("another hash");
  }

  @Test
  void preLinkedInstancesAreReusedPerProfile() throws Exception {
    ModuleCache cache = new ModuleCache(engine, 10 << 20, 100, registry);
    byte[] bytes = program("bench.wasm");
    ModuleHash hash = ModuleHash.of(bytes);
    Module module = cache.module(hash, () -> bytes);
    AtomicInteger links = new AtomicInteger();
    InstancePre<Void> first =
        cache.instancePre(
            hash,
            module,
            "none",
            () -> {
              links.incrementAndGet();
              return new Linker<Void>(engine);
            });
    InstancePre<Void> again =
        cache.instancePre(hash, module, "none", () -> new Linker<Void>(engine));
    assertThat(again).isSameAs(first);
    assertThat(links).hasValue(1);
    Store<Void> store = new Store<>(engine, null);
    assertThat(first.instantiate(store).func("fib_rec").call(store, 10)).containsExactly(55);
  }
}
