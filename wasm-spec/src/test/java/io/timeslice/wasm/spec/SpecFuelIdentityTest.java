package io.timeslice.wasm.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fuel invariant of docs/fuel.md on the spec modules: every command of every core spec file,
 * the SIMD ones included, and of every proposal's folder the engine runs (with every proposal on),
 * consumes the same fuel and produces the same results or trap, and passes or fails alike, in every
 * compilation mode, with the IR optimisations on and off, with its calls sliced, and in the
 * compiled tier (every function compiled, or tiered so that functions change tiers mid-command).
 */
class SpecFuelIdentityTest {
  private record Variant(
      CompilationMode mode, boolean optimize, long slice, Tier tier, boolean split) {
    Variant(CompilationMode mode, boolean optimize, long slice) {
      this(mode, optimize, slice, Tier.INTERPRETER_ONLY);
    }

    Variant(CompilationMode mode, boolean optimize, long slice, Tier tier) {
      this(mode, optimize, slice, tier, false);
    }

    Engine engine() {
      // Tiered with thresholds so low that functions change tiers in the middle of commands.
      Config.Builder config =
          Config.builder()
              .consumeFuel(true)
              .compilationMode(mode)
              .optimizations(optimize)
              .tier(tier)
              .tierCallThreshold(2)
              .tierLoopThreshold(8);
      if (split) {
        config.compiledMethodBytes(SpecSuiteTest.SPLIT_BYTES);
      }
      Config.Builder.PROPOSALS.forEach(name -> config.proposal(name, true));
      return new Engine(config.build());
    }

    @Override
    public String toString() {
      return mode
          + (optimize ? ", optimised" : ", not optimised")
          + (slice == Long.MAX_VALUE ? "" : ", slices of " + slice)
          + (tier == Tier.INTERPRETER_ONLY ? "" : ", " + tier)
          + (split ? ", split" : "");
    }
  }

  private static final Variant REFERENCE = new Variant(CompilationMode.EAGER, true, Long.MAX_VALUE);

  /**
   * Every mode × optimisations on/off in one piece, and each slice size under two of those six (the
   * slicing itself is mode- and IR-independent: it suspends at the charge points).
   */
  private static List<Variant> variants() {
    List<Variant> all = new ArrayList<>();
    for (CompilationMode mode : CompilationMode.values()) {
      for (boolean optimize : new boolean[] {true, false}) {
        if (mode != REFERENCE.mode() || optimize != REFERENCE.optimize()) {
          all.add(new Variant(mode, optimize, Long.MAX_VALUE));
        }
      }
    }
    all.add(new Variant(CompilationMode.EAGER, true, 1));
    all.add(new Variant(CompilationMode.LAZY, false, 1));
    all.add(new Variant(CompilationMode.LAZY_TRANSLATION, false, 7));
    all.add(new Variant(CompilationMode.EAGER, false, 1_000));
    // The compiled tier pays the same charges at the same points, however the call is sliced.
    all.add(new Variant(CompilationMode.EAGER, true, Long.MAX_VALUE, Tier.COMPILED_EAGER));
    all.add(new Variant(CompilationMode.EAGER, true, 1, Tier.COMPILED_EAGER));
    all.add(new Variant(CompilationMode.LAZY_TRANSLATION, false, 7, Tier.COMPILED_EAGER));
    // Split into region methods, suspended and resumed at every kind of region entry.
    all.add(new Variant(CompilationMode.EAGER, true, 1, Tier.COMPILED_EAGER, true));
    all.add(new Variant(CompilationMode.EAGER, false, 7, Tier.COMPILED_EAGER, true));
    all.add(new Variant(CompilationMode.EAGER, true, Long.MAX_VALUE, Tier.TIERED));
    all.add(new Variant(CompilationMode.LAZY, true, 7, Tier.TIERED));
    all.add(new Variant(CompilationMode.EAGER, true, 1_000, Tier.TIERED));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> fuelIsIdenticalAcrossModesSlicesAndOptimisations() throws IOException {
    Path core = Testsuite.find().orElse(null);
    Assumptions.assumeTrue(core != null, "SPEC TESTSUITE NOT FOUND: the fuel identity is SKIPPED");
    List<Path> files = new ArrayList<>(jsonFiles(core.resolve("json").resolve("core")));
    assertThat(files).hasSizeGreaterThan(50);
    for (String name : Config.Builder.PROPOSALS) {
      if (!name.equals("simd")) {
        files.addAll(jsonFiles(core.resolve("json").resolve("proposals").resolve(name)));
      }
    }
    SpecRunner reference = new SpecRunner(REFERENCE.engine(), SpecRunner.ALL, REFERENCE.slice());
    List<SpecRunner> others = new ArrayList<>();
    List<Variant> variants = variants();
    for (Variant v : variants) {
      others.add(new SpecRunner(v.engine(), SpecRunner.ALL, v.slice()));
    }
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    SpecRunner.nameOf(file),
                    () -> {
                      List<String> expected = trace(reference.run(file));
                      assertThat(expected).isNotEmpty();
                      for (int i = 0; i < variants.size(); i++) {
                        List<String> actual = trace(others.get(i).run(file));
                        int at = firstDifference(actual, expected);
                        assertThat(at < actual.size() ? actual.get(at) : "(none)")
                            .as("%s, %s: command %d", file.getFileName(), variants.get(i), at)
                            .isEqualTo(at < expected.size() ? expected.get(at) : "(none)");
                      }
                    }));
  }

  private static List<Path> jsonFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }

  /**
   * What must not change: each command's outcome, fuel and results or trap, a stack-exhausting
   * call's fuel included (the unoptimised IR's frames are laid out like the optimised ones).
   */
  private static List<String> trace(List<CommandResult> results) {
    return results.stream()
        .map(r -> r.id() + " " + r.outcome() + " fuel=" + r.fuel() + " " + r.observed())
        .toList();
  }
}
