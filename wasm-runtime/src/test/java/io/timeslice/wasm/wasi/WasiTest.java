package io.timeslice.wasm.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WASI test programs of {@code programs/wasi}, run through {@link Wasi}. */
class WasiTest {
  private static final Engine ENGINE = new Engine();
  private static final Engine FUELED = new Engine(Config.defaults().withConsumeFuel(true));

  private record Run(int exitCode, String stdout, String stderr, WasiContext context) {}

  private static Module program(Engine engine, String name) throws IOException {
    String file = name.startsWith("as-") ? name + ".wasm" : "wasi-" + name + ".wasm";
    return Module.compile(engine, Files.readAllBytes(Path.of("..", "programs", "wasm", file)));
  }

  private static Instance instantiate(Store<WasiContext> store, Module module) {
    Linker<WasiContext> linker = new Linker<>(store.engine());
    Wasi.define(linker, context -> context);
    return linker.instantiate(store, module);
  }

  private static Run run(String name, WasiConfig config) throws IOException {
    Store<WasiContext> store = new Store<>(ENGINE, new WasiContext(config));
    int exit = Wasi.runCommand(store, instantiate(store, program(ENGINE, name)));
    WasiContext c = store.data();
    return new Run(
        exit,
        new String(c.stdout(), StandardCharsets.UTF_8),
        new String(c.stderr(), StandardCharsets.UTF_8),
        c);
  }

  @Test
  void helloWritesToStdoutAndStderr() throws IOException {
    Run r = run("hello", WasiConfig.of("hello"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("hello from wasi\n");
    assertThat(r.stderr()).isEqualTo("this is stderr\n");
  }

  @Test
  void echoSeesOnlyTheConfiguredArgumentsAndEnvironment() throws IOException {
    Run r =
        run(
            "echo",
            WasiConfig.of("echo").withArgs("a b", "ü").withEnv(Map.of("JOB", "42", "A", "1")));
    assertThat(r.stdout()).isEqualTo("arg 0: echo\narg 1: a b\narg 2: ü\nenv: A=1\nenv: JOB=42\n");
  }

  @Test
  void catCopiesStdinToStdout() throws IOException {
    byte[] input = "line one\nline two\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Run r = run("cat", WasiConfig.of("cat").withStdin(input));
    assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(input);
  }

  @Test
  void exitCodesComeFromProcExit() throws IOException {
    assertThat(run("exit", WasiConfig.of("exit").withArgs("0")).exitCode()).isZero();
    assertThat(run("exit", WasiConfig.of("exit").withArgs("3")).exitCode()).isEqualTo(3);
    assertThat(run("exit", WasiConfig.of("exit").withArgs("255")).exitCode()).isEqualTo(255);
  }

  @Test
  void checksumMatchesFnv1a() throws IOException {
    byte[] input = "timeslice".getBytes(StandardCharsets.UTF_8);
    long h = 0xcbf29ce484222325L;
    for (byte b : input) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    Run r = run("checksum", WasiConfig.of("checksum").withArgs("1").withStdin(input));
    assertThat(r.stdout()).isEqualTo(String.format("%016x%n", h));
  }

  @Test
  void aFloodIsTruncatedAtTheCapOrStoppedThere() throws IOException {
    Store<WasiContext> store =
        new Store<>(
            FUELED, new WasiContext(WasiConfig.of("flood").withOutputCaps(1000, 1000, false)));
    store.setFuel(5_000_000);
    Instance instance = instantiate(store, program(FUELED, "flood"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Wasi.runCommand(store, instance))
        .isInstanceOf(io.timeslice.wasm.Trap.class)
        .hasMessageContaining("fuel");
    assertThat(store.data().stdout()).hasSize(1000);
    assertThat(store.data().stdoutTruncated()).isTrue();

    Run stopped = run("flood", WasiConfig.of("flood").withOutputCaps(1000, 1000, true));
    assertThat(stopped.exitCode()).isEqualTo(Wasi.OUTPUT_LIMIT_EXIT_CODE);
    assertThat(stopped.context().stdout()).hasSize(1000);
  }

  @Test
  void sleepingInAResumableCallIsAHostYield() throws IOException {
    Store<WasiContext> store =
        new Store<>(ENGINE, new WasiContext(WasiConfig.of("sleep").withArgs("25")));
    ResumableCall call =
        instantiate(store, program(ENGINE, "sleep")).func("_start").callResumable(store);
    assertThat(call).isInstanceOf(ResumableCall.HostYield.class);
    assertThat(((ResumableCall.HostYield) call).reason()).isEqualTo(new Sleep(25_000_000));
    ResumableCall done = ((ResumableCall.HostYield) call).resume(store, 0);
    assertThat(done).isInstanceOf(ResumableCall.Finished.class);
    assertThat(new String(store.data().stdout(), StandardCharsets.UTF_8))
        .isEqualTo("slept 25 ms\n");
  }

  @Test
  void sleepingInAPlainCallWaitsOnTheThread() throws IOException {
    long start = System.nanoTime();
    Run r = run("sleep", WasiConfig.of("sleep").withArgs("20"));
    assertThat(r.stdout()).isEqualTo("slept 20 ms\n");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20_000_000);
  }

  @Test
  void schedYieldSuspendsAResumableCall() throws IOException {
    Store<WasiContext> store =
        new Store<>(ENGINE, new WasiContext(WasiConfig.of("yield").withArgs("3")));
    ResumableCall call =
        instantiate(store, program(ENGINE, "yield")).func("_start").callResumable(store);
    int yields = 0;
    while (call instanceof ResumableCall.HostYield y) {
      assertThat(y.reason()).isEqualTo(new Wasi.SchedYield());
      yields++;
      call = y.resume(store, 0);
    }
    assertThat(yields).isEqualTo(3);
    assertThat(new String(store.data().stdout(), StandardCharsets.UTF_8))
        .isEqualTo("yielded 3 times\n");
  }

  @Test
  void deterministicModeGivesIdenticalOutputAndFuel() throws IOException {
    String[] outputs = new String[2];
    long[] fuel = new long[2];
    for (int i = 0; i < 2; i++) {
      Store<WasiContext> store =
          new Store<>(FUELED, new WasiContext(WasiConfig.of("clockrand").withDeterminism(7)));
      store.setFuel(Long.MAX_VALUE);
      assertThat(Wasi.runCommand(store, instantiate(store, program(FUELED, "clockrand")))).isZero();
      outputs[i] = new String(store.data().stdout(), StandardCharsets.UTF_8);
      fuel[i] = store.fuelConsumed();
    }
    assertThat(outputs[0]).isEqualTo(outputs[1]).startsWith("realtime 946684800.");
    assertThat(fuel[0]).isEqualTo(fuel[1]);
    Run other = run("clockrand", WasiConfig.of("clockrand").withDeterminism(8));
    assertThat(other.stdout().substring(other.stdout().indexOf("random")))
        .isNotEqualTo(outputs[0].substring(outputs[0].indexOf("random")));
  }

  @Test
  void anAssemblyScriptCommandRunsToo() throws IOException {
    Run r = run("as-collatz", WasiConfig.of("as-collatz").withArgs("10000"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("longest chain below 10000: 6171 (262 steps)\n");
    assertThat(r.stderr()).isEqualTo("collatz from AssemblyScript\n");
  }
}
