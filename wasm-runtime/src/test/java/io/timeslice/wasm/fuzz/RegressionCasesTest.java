package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every finding of the fuzzers, fixed, as a named module under {@code fuzz/regressions} (its {@code
 * .wat} source beside it says what it caught): each runs through the whole differential check —
 * every Timeslice configuration, Chicory and V8 — and must show no difference.
 */
class RegressionCasesTest {
  @TempDir static Path dir;
  private static NodeOracle node;

  @BeforeAll
  static void startNode() {
    node = NodeOracle.version() == null ? null : NodeOracle.start(dir);
    if (node == null) {
      System.err.println("NODE NOT FOUND: the regression cases run WITHOUT V8");
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path regressions =
        Path.of(
            RegressionCasesTest.class.getResource("/io/timeslice/wasm/fuzz/regressions").toURI());
    return Files.list(regressions).filter(p -> p.toString().endsWith(".wasm")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noDifference(Path wasm) throws IOException {
    List<Oracle> others =
        node == null ? List.of(new ChicoryOracle()) : List.of(new ChicoryOracle(), node);
    Differential differential = new Differential(TimesliceOracle.configurations(), others);
    List<Differential.Mismatch> found = differential.check(Files.readAllBytes(wasm), 0, true);
    assertThat(found).as(wasm.getFileName().toString()).isEmpty();
    assertThat(differential.compared(TimesliceOracle.configurations().getLast().name()))
        .as("calls compared")
        .isPositive();
  }
}
