package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The translator bugs the differential test against binaryen found ({@code
 * embedding/regressions.wat}), in every configuration: each function gives the value the
 * specification does.
 */
class FuzzRegressionTest {
  static Stream<Config> configs() {
    return Stream.of(
        Config.defaults(),
        Config.defaults().withConsumeFuel(true),
        Config.defaults().withOptimizations(false));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void theReducedModulesComputeWhatTheSpecificationSays(Config config) throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(1_000_000);
    }
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/embedding/regressions.wasm")) {
      bytes = in.readAllBytes();
    }
    Instance instance = new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes));
    // The old value of the local, 0 or 5, plus the arm's value.
    assertThat(instance.func("local_under_if").call(store, 0, 5)).containsExactly(1);
    assertThat(instance.func("local_under_if").call(store, 5, 5)).containsExactly(105);
    // 10 as it was before the loop, plus the iterations.
    assertThat(instance.func("local_under_loop").call(store, 10)).containsExactly(13);
    // (0 + 3 * 4) ^ (4 + 7)
    assertThat(instance.func("zero_plus").call(store, 3, 4)).containsExactly(12 ^ 11);
  }
}
