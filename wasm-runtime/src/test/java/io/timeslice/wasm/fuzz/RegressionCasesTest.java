package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static OtherEngines others;

  @BeforeAll
  static void startOtherEngines() {
    others = OtherEngines.start(dir, "the regression cases");
  }

  @AfterAll
  static void stopOtherEngines() {
    others.close();
  }

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path regressions =
        Path.of(
            RegressionCasesTest.class.getResource("/io/timeslice/wasm/fuzz/regressions").toURI());
    return Files.list(regressions).filter(p -> p.toString().endsWith(".wasm")).sorted();
  }

  /** The open findings (open.tsv): file name to what is wrong. */
  private static Map<String, String> open() throws IOException, URISyntaxException {
    Map<String, String> open = new HashMap<>();
    Path tsv =
        Path.of(
            RegressionCasesTest.class
                .getResource("/io/timeslice/wasm/fuzz/regressions/open.tsv")
                .toURI());
    for (String line : Files.readAllLines(tsv)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] fields = line.split("\t");
        open.put(fields[0], fields[1]);
      }
    }
    return open;
  }

  /** The call plan's seed: a {@code -seed-N} suffix names the fuzzer's, else 0. */
  private static long seed(Path wasm) {
    Matcher m = SEED.matcher(wasm.getFileName().toString());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static final Pattern SEED = Pattern.compile("-seed-(\\d+)\\.wasm$");

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noDifference(Path wasm) throws IOException, URISyntaxException {
    Differential differential = new Differential(TimesliceOracle.configurations(), others.list());
    List<Differential.Mismatch> found = differential.check(Files.readAllBytes(wasm), seed(wasm));
    String name = wasm.getFileName().toString();
    String known = open().get(name);
    if (known != null) {
      assertThat(found)
          .as("%s is listed in open.tsv (%s): fixed? remove its line", name, known)
          .isNotEmpty();
      return;
    }
    if (name.startsWith("chicory-")) {
      // Chicory's own difference or rejection (docs/fuzzing.md): it must show, and only in
      // Chicory.
      assertThat(found).as(name).allMatch(m -> m.oracle().equals("Chicory"));
      int chicoryOnly =
          differential.chicoryDefects().size() + differential.chicoryRejections().size();
      assertThat(found.size() + chicoryOnly).as(name).isPositive();
      return;
    }
    assertThat(found).as(name).isEmpty();
    assertThat(differential.compared(TimesliceOracle.configurations().getLast().name()))
        .as("calls compared")
        .isPositive();
  }
}
