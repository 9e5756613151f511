package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Pre-linked instances: resolved once, instantiated in many stores, from many threads. */
class InstancePreTest {
  private final Engine engine = new Engine();

  private InstancePre<WasiContext> echo() throws Exception {
    Module module =
        Module.compile(
            engine, Files.readAllBytes(Path.of("..", "programs", "wasm", "wasi-echo.wasm")));
    Linker<WasiContext> linker = new Linker<>(engine);
    Wasi.define(linker, c -> c);
    return linker.instantiatePre(module);
  }

  private static String run(InstancePre<WasiContext> pre, String arg) {
    Store<WasiContext> store =
        new Store<>(pre.module().engine(), new WasiContext(WasiConfig.of("echo").withArgs(arg)));
    assertThat(Wasi.runCommand(store, pre.instantiate(store))).isZero();
    return new String(store.data().stdout(), StandardCharsets.UTF_8);
  }

  @Test
  void oneInstancePreServesManyStores() throws Exception {
    InstancePre<WasiContext> pre = echo();
    assertThat(run(pre, "first")).isEqualTo("arg 0: echo\narg 1: first\n");
    assertThat(run(pre, "second")).isEqualTo("arg 0: echo\narg 1: second\n");
  }

  @Test
  void manyThreadsInstantiateAndRunFromOneInstancePre() throws Exception {
    InstancePre<WasiContext> pre = echo();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String arg = "job-" + i;
        results.add(pool.submit(() -> run(pre, arg)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo("arg 0: echo\narg 1: job-" + i + "\n");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStoreBoundImportCannotBePreLinked() throws Exception {
    Module module =
        Module.compile(
            engine,
            EmbeddingApiTest.class.getResourceAsStream("/embedding/host.wasm").readAllBytes());
    Store<Void> store = new Store<>(engine, null);
    Linker<Void> linker =
        new Linker<Void>(engine)
            .func(
                "host",
                "log",
                new FuncType(List.of(ValType.I32, ValType.I32), List.of()),
                (c, a) -> new long[0])
            .func(
                "host",
                "add",
                new FuncType(List.of(ValType.I64, ValType.I64), List.of(ValType.I64)),
                (c, a) -> new long[] {0})
            .define("env", "counter", Global.create(store, new GlobalType(ValType.I32, true), 0));
    assertThatThrownBy(() -> linker.instantiatePre(module))
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("needs host functions");
  }

  @Test
  void aPrebuiltHostFunctionSetIsSharedByManyLinkers() throws Exception {
    Linker<WasiContext> base = new Linker<>(engine);
    Wasi.define(base, c -> c);
    Linker.HostFunctions<WasiContext> wasi = Linker.HostFunctions.of(base);
    assertThat(wasi.size()).isGreaterThanOrEqualTo(45);
    Module module =
        Module.compile(
            engine, Files.readAllBytes(Path.of("..", "programs", "wasm", "wasi-echo.wasm")));
    for (int i = 0; i < 3; i++) {
      Store<WasiContext> store =
          new Store<>(engine, new WasiContext(WasiConfig.of("echo").withArgs("n" + i)));
      Linker<WasiContext> perJob = new Linker<>(engine, wasi);
      assertThat(Wasi.runCommand(store, perJob.instantiate(store, module))).isZero();
      assertThat(new String(store.data().stdout(), StandardCharsets.UTF_8)).contains("n" + i);
    }
    // A linker's own definitions come before the shared ones.
    Linker<WasiContext> overriding =
        new Linker<>(engine, wasi)
            .func(
                Wasi.MODULE,
                "proc_exit",
                new FuncType(List.of(ValType.I32), List.of()),
                (c, a) -> new long[0]);
    assertThat(Linker.HostFunctions.of(overriding).size()).isEqualTo(wasi.size());
  }
}
