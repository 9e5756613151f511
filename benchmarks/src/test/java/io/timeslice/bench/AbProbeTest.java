package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A side of the A/B probe runs an engine of its own, not this JVM's, and computes what this JVM's
 * engine computes, fuel off and on: a probe timing something else would compare nothing.
 */
class AbProbeTest {

  @Test
  void aSideRunsItsOwnCopyOfTheEngineAndAgreesWithIt() throws Throwable {
    Path engineCode =
        Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    byte[] wasm = BenchFiles.program("bench.wasm");
    Engine engine = new Engine();
    Store<Void> store = new Store<>(engine, null);
    long expected =
        new Linker<Void>(engine)
            .instantiate(store, Module.compile(engine, wasm))
            .func("fib_iter")
            .call(store, Workloads.arg("fib_iter"))[0];

    AbProbe.Side off = AbProbe.side(engineCode, wasm, "fib_iter", false);
    AbProbe.Side on = AbProbe.side(engineCode, wasm, "fib_iter", true);

    assertThat(off.engineClass()).isNotSameAs(Engine.class);
    assertThat(off.engineClass()).isNotSameAs(on.engineClass());
    assertThat(off.run()[0]).isEqualTo(expected);
    assertThat(on.run()[0]).isEqualTo(expected);
  }
}
