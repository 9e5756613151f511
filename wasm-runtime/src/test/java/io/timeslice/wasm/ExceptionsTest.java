package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exception handling ({@code embedding/exceptions.wat}): exceptions unwind many frames to their
 * catch, carry v128 values, are thrown from catch arms, rethrown and delegated, and an uncaught one
 * is the trap "uncaught exception"; in every configuration, with the same fuel sliced or not.
 */
class ExceptionsTest {
  static Stream<Config> configs() {
    Config base = Config.builder().exceptionHandling(true).build();
    return Stream.of(
        base,
        base.withConsumeFuel(true),
        base.withCompilationMode(CompilationMode.LAZY),
        base.withOptimizations(false));
  }

  private static byte[] module() throws IOException {
    try (InputStream in = ExceptionsTest.class.getResourceAsStream("/embedding/exceptions.wasm")) {
      return in.readAllBytes();
    }
  }

  private record Run(Store<Void> store, Instance instance) {
    long[] call(String name, long... args) {
      return instance.func(name).call(store, args);
    }
  }

  private static Run instantiate(Config config) throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    return new Run(
        store, new Linker<Void>(engine).instantiate(store, Module.compile(engine, module())));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void exceptionsReachTheirCatch(Config config) throws IOException {
    Run run = instantiate(config);
    assertThat(run.call("deep", 0)).containsExactly(7);
    assertThat(run.call("deep", 500)).containsExactly(507);
    assertThat(run.call("vector", 3)).containsExactly(43);
    assertThat(run.call("from_catch")).containsExactly(5);
    assertThat(run.call("rethrown")).containsExactly(9);
    assertThat(run.call("loop", 100)).containsExactly(5050);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void anUncaughtExceptionIsATrapAndATrapIsNoException(Config config) throws IOException {
    Run run = instantiate(config);
    assertThatThrownBy(() -> run.call("to_caller"))
        .isInstanceOf(Trap.class)
        .extracting(t -> ((Trap) t).code())
        .isEqualTo(TrapCode.UNCAUGHT_EXCEPTION);
    assertThatThrownBy(() -> run.call("trap"))
        .isInstanceOf(Trap.class)
        .extracting(t -> ((Trap) t).code())
        .isEqualTo(TrapCode.UNREACHABLE);
    // The store runs calls after them as before.
    assertThat(run.call("deep", 3)).containsExactly(10);
  }

  @Test
  void slicedFuelIsTheFuelOfOnePiece() throws IOException {
    Config config = Config.builder().exceptionHandling(true).consumeFuel(true).build();
    Run whole = instantiate(config);
    whole.call("deep", 300);
    whole.call("loop", 50);
    long fuel = whole.store().fuelConsumed();
    for (Config variant : List.of(config, config.withOptimizations(false))) {
      Run sliced = instantiate(variant);
      long before = sliced.store().fuelConsumed();
      for (String name : List.of("deep", "loop")) {
        sliced.store().setFuel(3);
        ResumableCall call =
            sliced
                .instance()
                .func(name)
                .callResumable(sliced.store(), name.equals("deep") ? 300 : 50);
        while (call instanceof ResumableCall.OutOfFuel out) {
          sliced.store().setFuel(Math.max(3, out.requiredFuel()));
          call = out.resume(sliced.store());
        }
        assertThat(call).isInstanceOf(ResumableCall.Finished.class);
      }
      assertThat(sliced.store().fuelConsumed() - before).isEqualTo(fuel);
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aStoredArtifactKeepsTheTryTables(Config config) throws IOException {
    Engine engine = new Engine(config);
    Module restored =
        Module.deserialize(engine, module(), Module.compile(engine, module()).serialize());
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Instance instance = new Linker<Void>(engine).instantiate(store, restored);
    assertThat(instance.func("deep").call(store, 50)).containsExactly(57);
    assertThat(instance.func("rethrown").call(store)).containsExactly(9);
  }

  @Test
  void withoutTheProposalTheModuleIsMalformed() {
    assertThatThrownBy(() -> Module.compile(new Engine(), module()))
        .isInstanceOf(MalformedModuleException.class);
  }
}
