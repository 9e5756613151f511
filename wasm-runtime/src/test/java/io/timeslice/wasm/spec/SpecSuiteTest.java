package io.timeslice.wasm.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The official spec testsuite's core commands as dynamic tests: one container per file, one test
 * per command. A command listed in {@code spec-baseline.tsv} is reported as skipped with its reason
 * while it fails, and fails the build once it passes.
 */
class SpecSuiteTest {
  private static Path suite() {
    return Testsuite.find()
        .orElseGet(
            () -> {
              String message =
                  "SPEC TESTSUITE NOT FOUND: the spec tests are SKIPPED. Looked in "
                      + Testsuite.candidates()
                      + "; set -Dwasm.testsuite=PATH or WASM_TESTSUITE.";
              System.err.println(message);
              Assumptions.abort(message);
              return null;
            });
  }

  @TestFactory
  Stream<DynamicContainer> coreCommands() throws IOException {
    return commands(Config.defaults(), true);
  }

  /**
   * The same commands with fuel metering on, in the lazy compilation modes and with the IR
   * optimisations off: neither the charges, nor when code is translated, nor how may change an
   * outcome.
   */
  @TestFactory
  Stream<DynamicContainer> coreCommandsInEveryConfiguration() throws IOException {
    List<DynamicContainer> all = new java.util.ArrayList<>();
    for (boolean fuel : new boolean[] {false, true}) {
      for (CompilationMode mode : CompilationMode.values()) {
        if (!fuel && mode == CompilationMode.EAGER) {
          continue;
        }
        Config config = Config.defaults().withConsumeFuel(fuel).withCompilationMode(mode);
        all.add(
            DynamicContainer.dynamicContainer(
                "fuel " + (fuel ? "on" : "off") + ", " + mode, commands(config, false)));
      }
    }
    // The plain IR (no folding, immediates, pool, fusion or copy elimination) must be as correct.
    all.add(
        DynamicContainer.dynamicContainer(
            "fuel off, EAGER, optimisations off",
            commands(Config.defaults().withOptimizations(false), false)));
    return all.stream();
  }

  /**
   * Every core command under {@code config}. The {@code *N} failure counts of the baseline are
   * checked in the default configuration only: in the lazy modes a module whose code cannot be
   * translated instantiates and fails at its first call instead, so other commands fail; a failure
   * the baseline does not cover fails the build in every configuration.
   */
  private Stream<DynamicContainer> commands(Config config, boolean checkCounts) throws IOException {
    Path core = suite().resolve("json").resolve("core");
    Map<String, SpecBaseline.Entry> baseline = SpecBaseline.load();
    SpecRunner runner = new SpecRunner(new Engine(config), SpecRunner.ALL);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(core)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("spec JSON files under %s", core).hasSizeGreaterThan(100);
    return files.stream().map(file -> container(runner, file, baseline, checkCounts));
  }

  private static DynamicContainer container(
      SpecRunner runner, Path file, Map<String, SpecBaseline.Entry> baseline, boolean checkCounts) {
    List<CommandResult> results;
    try {
      results = runner.run(file);
    } catch (IOException e) {
      return DynamicContainer.dynamicContainer(
          file.getFileName().toString(),
          Stream.of(DynamicTest.dynamicTest("read", () -> fail("cannot read " + file, e))));
    }
    String name = file.getFileName().toString().replace(".json", "");
    Map<String, Integer> wildcardFailures = new TreeMap<>();
    for (CommandResult r : results) {
      String key = SpecBaseline.wildcard(name, r.type());
      if (r.outcome() == CommandResult.Outcome.FAILED && baseline.containsKey(key)) {
        wildcardFailures.merge(key, 1, Integer::sum);
      }
    }
    Stream<DynamicTest> commands =
        results.stream()
            .map(r -> DynamicTest.dynamicTest(r.id(), () -> check(r, known(baseline, name, r))));
    Stream<DynamicTest> counts =
        baseline.entrySet().stream()
            .filter(e -> checkCounts && e.getKey().startsWith(name + ":* "))
            .map(
                e ->
                    DynamicTest.dynamicTest(
                        "baseline " + e.getKey(),
                        () ->
                            assertThat(wildcardFailures.getOrDefault(e.getKey(), 0))
                                .as(
                                    "failures of %s; the baseline says %d (lower it when fewer"
                                        + " fail)",
                                    e.getKey(), e.getValue().count())
                                .isEqualTo(e.getValue().count())));
    return DynamicContainer.dynamicContainer(
        file.getFileName().toString(), Stream.concat(commands, counts));
  }

  private static String known(
      Map<String, SpecBaseline.Entry> baseline, String file, CommandResult r) {
    return SpecBaseline.knownFailure(baseline, file, r);
  }

  private static void check(CommandResult r, String knownFailure) {
    switch (r.outcome()) {
      case PASSED -> {
        if (knownFailure != null) {
          fail(r.id() + " passes now: remove it from spec-baseline.tsv (" + knownFailure + ")");
        }
      }
      case FAILED -> {
        if (knownFailure == null) {
          fail(r.id() + ": " + r.detail());
        }
        Assumptions.abort("known failure: " + knownFailure);
      }
      case SKIPPED -> Assumptions.abort(r.detail());
    }
  }

  @Test
  void everyBaselineEntryNamesARealCommand() throws IOException {
    Path core = suite().resolve("json").resolve("core");
    for (String id : SpecBaseline.load().keySet()) {
      String file = id.substring(0, id.indexOf(':'));
      String where = id.substring(id.indexOf(':') + 1, id.indexOf(' '));
      String type = id.substring(id.indexOf(' ') + 1);
      Path json = core.resolve(file).resolve(file + ".json");
      assertThat(json).as("baseline entry %s", id).exists();
      Map<String, Integer> types = SpecRunner.commandTypes(json);
      assertThat(types).as("baseline entry %s", id).containsKey(type);
      if (!where.equals("*")) {
        long line = Long.parseLong(where);
        assertThat(new SpecRunner(new Engine(), Set.of(type)).run(json))
            .as("baseline entry %s", id)
            .anyMatch(r -> r.line() == line);
      }
    }
  }
}
