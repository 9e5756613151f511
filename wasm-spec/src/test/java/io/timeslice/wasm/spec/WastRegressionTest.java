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
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Timeslice's own {@code .wast} regression scripts ({@code src/test/wast}: fuel costs, resumption
 * points, traps and where they happen, each bug fixed, the text format's meaning), in every
 * compilation mode with the IR optimisations on and off, metered in one piece and in slices, and
 * unmetered. Every command must pass; only the fuel assertions are skipped when fuel is off. There
 * is no baseline: a failing command here is a regression.
 */
class WastRegressionTest {
  private static final Path SCRIPTS = Path.of("src", "test", "wast");

  private record Variant(Config config, long slice) {
    @Override
    public String toString() {
      return (config.consumeFuel() ? "fuel on, " : "fuel off, ")
          + config.compilationMode()
          + (config.optimizations() ? ", optimised" : ", not optimised")
          + (slice == Long.MAX_VALUE ? "" : ", slices of " + slice)
          + (config.tier() == Tier.INTERPRETER_ONLY ? "" : ", " + config.tier());
    }
  }

  private static List<Variant> variants() {
    List<Variant> all = new ArrayList<>();
    for (CompilationMode mode : CompilationMode.values()) {
      for (boolean optimize : new boolean[] {true, false}) {
        Config config =
            Config.defaults()
                .withConsumeFuel(true)
                .withCompilationMode(mode)
                .withOptimizations(optimize);
        all.add(new Variant(config, Long.MAX_VALUE));
        all.add(new Variant(config, mode == CompilationMode.EAGER ? 1 : 7));
      }
    }
    all.add(new Variant(Config.defaults(), Long.MAX_VALUE));
    // The compiled tier, whole and sliced, and tiered so that functions change tiers mid-call.
    Config compiled = Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build();
    all.add(new Variant(compiled, Long.MAX_VALUE));
    all.add(new Variant(compiled, 1));
    all.add(
        new Variant(
            compiled.toBuilder()
                .tier(Tier.TIERED)
                .tierCallThreshold(2)
                .tierLoopThreshold(8)
                .build(),
            7));
    all.add(new Variant(Config.defaults().withTier(Tier.COMPILED_EAGER), Long.MAX_VALUE));
    return all;
  }

  private static List<Path> scripts() throws IOException {
    try (Stream<Path> list = Files.list(SCRIPTS)) {
      return list.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
    }
  }

  @Test
  void theScriptsAreThere() throws IOException {
    assertThat(scripts())
        .extracting(p -> p.getFileName().toString())
        .contains("fuel.wast", "resumption.wast", "traps.wast", "regressions.wast", "text.wast");
  }

  @TestFactory
  Stream<DynamicContainer> everyCommandPassesInEveryConfiguration() throws IOException {
    List<Path> scripts = scripts();
    return variants().stream()
        .map(
            v ->
                DynamicContainer.dynamicContainer(
                    v.toString(),
                    scripts.stream()
                        .map(
                            script ->
                                DynamicTest.dynamicTest(
                                    script.getFileName().toString(), () -> run(v, script)))));
  }

  private static void run(Variant v, Path script) throws IOException {
    List<CommandResult> results =
        new SpecRunner(new Engine(v.config()), SpecRunner.ALL, v.slice()).run(script);
    assertThat(results).as("commands of %s", script).hasSizeGreaterThan(10);
    for (CommandResult r : results) {
      boolean fuelCommand = r.type().equals("assert_fuel") || r.type().equals("assert_suspends");
      if (r.outcome() == CommandResult.Outcome.SKIPPED
          && fuelCommand
          && !v.config().consumeFuel()) {
        continue;
      }
      assertThat(r.outcome())
          .as("%s: %s", r.id(), r.detail())
          .isEqualTo(CommandResult.Outcome.PASSED);
    }
  }
}
