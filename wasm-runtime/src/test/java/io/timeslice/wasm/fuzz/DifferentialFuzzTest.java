package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  private static final int CI_OWN_MODULES = 150;

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

  /** Makes the module of a seed; NaN-safe ones (see {@link Differential#check}) for even seeds. */
  interface Generator {
    byte[] generate(long seed, boolean nanSafe) throws Exception;
  }

  private static void run(String name, Generator generator, int count) throws Exception {
    Differential differential = new Differential(TimesliceOracle.configurations(), otherEngines());
    List<Differential.Mismatch> mismatches = new ArrayList<>();
    long start = System.nanoTime();
    long first = firstSeed();
    for (long seed = first; seed < first + count; seed++) {
      boolean nanSafe = seed % 2 == 0;
      byte[] wasm = generator.generate(seed, nanSafe);
      List<Differential.Mismatch> found = differential.check(wasm, seed, nanSafe);
      if (!found.isEmpty()) {
        save(name + "-seed-" + seed, found);
        mismatches.addAll(found);
      }
    }
    System.out.printf(
        "differential fuzzing, %s, seeds %d..%d, %.1f s: %s",
        name, first, first + count - 1, (System.nanoTime() - start) / 1e9, differential.summary());
    for (Differential.Mismatch m : differential.chicoryDefects()) {
      save(
          "chicory-" + name + "-" + Integer.toHexString(java.util.Arrays.hashCode(m.wasm())),
          List.of(m));
    }
    assertThat(mismatches).as("mismatches (modules in target/fuzz-findings)").isEmpty();
  }

  private static void save(String name, List<Differential.Mismatch> found) throws Exception {
    Path findings = Path.of("target", "fuzz-findings");
    Files.createDirectories(findings);
    Files.write(findings.resolve(name + ".wasm"), found.getFirst().wasm());
    StringBuilder text = new StringBuilder();
    found.forEach(m -> text.append(m).append('\n'));
    Files.writeString(findings.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
  }

  @Test
  void ownGenerator() throws Exception {
    run(
        "own",
        (seed, nanSafe) -> new ModuleGenerator(Entropy.seeded(seed, 1 << 16), nanSafe).generate(),
        modules(CI_OWN_MODULES));
  }

  @Test
  void binaryen() throws Exception {
    String version = Binaryen.version();
    if (version == null) {
      System.err.println("WASM-OPT NOT FOUND: the binaryen differential run is SKIPPED");
      Assumptions.abort("wasm-opt (Debian package binaryen) is not installed");
    }
    System.out.println("binaryen: " + version);
    Binaryen binaryen = new Binaryen(dir);
    run("binaryen", binaryen::generate, modules(CI_BINARYEN_MODULES));
  }
}
