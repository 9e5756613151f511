package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing (docs/fuzzing.md): generated modules run in every Timeslice configuration
 * ({@link TimesliceOracle#configurations()}: interpreter, compiled and tiered; fuel on and off, in
 * slices of 1, 7 and 1,000; every compilation mode; optimisations on and off), in Chicory and in
 * V8, and every export call must agree with the reference.
 *
 * <p>CI runs a fixed number of modules from fixed seeds (reproducible, about a minute); the {@code
 * fuzz} profile takes {@code -Dfuzz.modules=N -Dfuzz.seed=S}. A mismatch writes its module and
 * description to {@code target/fuzz-findings}; each one fixed becomes a case of {@link
 * RegressionCasesTest}.
 */
class DifferentialFuzzTest {
  /** Modules per generator in CI: sized for about a minute in all on a 2-core machine. */
  private static final int CI_OWN_MODULES = 100;

  private static final int CI_BINARYEN_MODULES = 40;

  @TempDir static Path dir;
  private static OtherEngines others;

  @BeforeAll
  static void startOtherEngines() {
    others = OtherEngines.start(dir, "the differential fuzzer");
  }

  @AfterAll
  static void stopOtherEngines() {
    others.close();
  }

  private static int modules(int ciDefault) {
    return Integer.getInteger("fuzz.modules", ciDefault);
  }

  private static long firstSeed() {
    return Long.getLong("fuzz.seed", 1);
  }

  /**
   * The seeds of CI's runs known to show an open finding (fuzz/differential-baseline.tsv:
   * generator, seed, the regression case that stands for it): tolerated, but each must still show a
   * difference, so that a fix is noticed and the baseline kept true.
   */
  private static Map<String, String> baseline() throws IOException {
    Map<String, String> known = new HashMap<>();
    try (var in = DifferentialFuzzTest.class.getResourceAsStream("differential-baseline.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] fields = line.split("\t");
          known.put(fields[0] + " " + fields[1], fields[2]);
        }
      }
    }
    return known;
  }

  private static void run(String name, FuzzCampaign.Generator generator, int count)
      throws Exception {
    FuzzCampaign campaign = new FuzzCampaign(others.list());
    long first = firstSeed();
    Map<Long, List<Differential.Mismatch>> found = campaign.run(name, generator, first, count);
    Map<String, String> known = baseline();
    List<Differential.Mismatch> unexpected = new ArrayList<>();
    found.forEach(
        (seed, mismatches) -> {
          if (!known.containsKey(name + " " + seed)) {
            unexpected.addAll(mismatches);
          }
        });
    assertThat(unexpected).as("mismatches (modules in target/fuzz-findings)").isEmpty();
    for (String key : known.keySet()) {
      long seed = Long.parseLong(key.substring(key.indexOf(' ') + 1));
      if (key.startsWith(name + " ") && seed >= first && seed < first + count) {
        assertThat(found)
            .as(
                "%s is in differential-baseline.tsv (%s): fixed? remove its line",
                key, known.get(key))
            .containsKey(seed);
      }
    }
  }

  @Test
  void ownGenerator() throws Exception {
    run("own", FuzzCampaign.OWN, modules(CI_OWN_MODULES));
  }

  @Test
  void binaryen() throws Exception {
    String version = OtherEngines.version("wasm-opt");
    if (version == null) {
      System.err.println("WASM-OPT NOT FOUND: the binaryen differential run is SKIPPED");
      Assumptions.abort("wasm-opt (Debian package binaryen) is not installed");
    }
    System.out.println("binaryen: " + version);
    run("binaryen", new Binaryen(dir)::generate, modules(CI_BINARYEN_MODULES));
  }
}
