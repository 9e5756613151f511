package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private static NodeOracle node;

  @BeforeAll
  static void startNode() {
    node = NodeOracle.version() == null ? null : NodeOracle.start(dir);
    if (node == null) {
      System.err.println("NODE NOT FOUND: the differential fuzzer runs WITHOUT V8");
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  static List<Oracle> otherEngines() {
    List<Oracle> others = new ArrayList<>();
    others.add(new ChicoryOracle());
    if (node != null) {
      others.add(node);
    }
    return others;
  }

  private static int modules(int ciDefault) {
    return Integer.getInteger("fuzz.modules", ciDefault);
  }

  private static long firstSeed() {
    return Long.getLong("fuzz.seed", 1);
  }

  private static void run(String name, FuzzCampaign.Generator generator, int count)
      throws Exception {
    FuzzCampaign campaign = new FuzzCampaign(otherEngines());
    List<Differential.Mismatch> mismatches = campaign.run(name, generator, firstSeed(), count);
    assertThat(mismatches).as("mismatches (modules in target/fuzz-findings)").isEmpty();
  }

  @Test
  void ownGenerator() throws Exception {
    run("own", FuzzCampaign.OWN, modules(CI_OWN_MODULES));
  }

  @Test
  void binaryen() throws Exception {
    String version = Binaryen.version();
    if (version == null) {
      System.err.println("WASM-OPT NOT FOUND: the binaryen differential run is SKIPPED");
      Assumptions.abort("wasm-opt (Debian package binaryen) is not installed");
    }
    System.out.println("binaryen: " + version);
    run("binaryen", new Binaryen(dir)::generate, modules(CI_BINARYEN_MODULES));
  }
}
