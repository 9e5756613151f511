package io.timeslice.wasm.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Tier;
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
 * The official spec testsuite's core commands, and those of the WebAssembly 3.0 proposals the
 * engine runs ({@code proposals/NAME}, with the proposal on), as dynamic tests: one container per
 * file, one test per command. A command listed in {@code spec-baseline.tsv} is reported as skipped
 * with its reason while it fails, and fails the build once it passes.
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
    return commands(core(), Config.defaults(), true);
  }

  /**
   * The {@code .wast} scripts themselves, parsed by the engine's text parser instead of converted
   * by wast2json: the same commands, against the same baseline but for the JSON conversion's own
   * failures; {@link SpecScriptsTest} checks that every verdict is the JSON's.
   */
  @TestFactory
  Stream<DynamicContainer> coreScripts() throws IOException {
    return commands(
        suite().resolve("wast").resolve("core"),
        ".wast",
        SpecBaseline.forScripts(SpecBaseline.load()),
        Config.defaults(),
        true);
  }

  private static Path core() {
    return suite().resolve("json").resolve("core");
  }

  /** The proposals' folders the engine runs: every proposal it knows but SIMD (a core folder). */
  private static List<String> proposals() {
    return Config.Builder.PROPOSALS.stream().filter(name -> !name.equals("simd")).toList();
  }

  private static Path proposal(String name) {
    return suite().resolve("json").resolve("proposals").resolve(name);
  }

  /**
   * Each proposal's commands with the proposal on, by default and in the other configurations of
   * {@link #coreCommandsInEveryConfiguration}.
   */
  @TestFactory
  Stream<DynamicContainer> proposalCommands() throws IOException {
    List<DynamicContainer> all = new java.util.ArrayList<>();
    for (String name : proposals()) {
      Config on = Config.builder().onlyProposals(List.of(name)).build();
      List<DynamicContainer> configurations = new java.util.ArrayList<>();
      configurations.add(
          DynamicContainer.dynamicContainer("default", commands(proposal(name), on, true)));
      for (Config config : otherConfigurations(on)) {
        configurations.add(
            DynamicContainer.dynamicContainer(
                describe(config), commands(proposal(name), config, false)));
      }
      all.add(DynamicContainer.dynamicContainer(name, configurations.stream()));
    }
    return all.stream();
  }

  /**
   * The {@code .wast} scripts of the proposals whose folder wast2json could convert only in part
   * (function-references: 7 of its 23 scripts; gc: 6 of 35), read by the engine's text parser with
   * the proposal on, by default and in the other configurations: every command passes or is a known
   * failure of the script itself. The scripts of {@link #DRAFT_SCRIPTS} are left out.
   */
  @TestFactory
  Stream<DynamicContainer> proposalScripts() throws IOException {
    List<DynamicContainer> all = new java.util.ArrayList<>();
    Map<String, SpecBaseline.Entry> baseline = SpecBaseline.forScripts(SpecBaseline.load());
    for (String name : List.of("function-references", "gc")) {
      Path dir = suite().resolve("wast").resolve("proposals").resolve(name);
      Config on = Config.builder().onlyProposals(List.of(name)).build();
      List<DynamicContainer> configurations = new java.util.ArrayList<>();
      configurations.add(
          DynamicContainer.dynamicContainer("default", scripts(dir, name, baseline, on, true)));
      for (Config config : otherConfigurations(on)) {
        configurations.add(
            DynamicContainer.dynamicContainer(
                describe(config), scripts(dir, name, baseline, config, false)));
      }
      all.add(DynamicContainer.dynamicContainer(name, configurations.stream()));
    }
    return all.stream();
  }

  /**
   * Scripts of a proposal's folder written in its draft's text, by what the engine's text parser
   * says of it: the gc folder predates {@code ref.i31} ({@code i31.new}), {@code struct.new} and
   * {@code array.new} ({@code struct.new_canon}, {@code array.new_canon}), and {@code
   * type-subtyping} casts with the draft's {@code ref.cast $t} (3.0's {@code ref.cast (ref $t)})
   * and declares subtypes of plain types, which the draft had open and 3.0 makes final.
   */
  static final Map<String, String> DRAFT_SCRIPTS =
      Map.of(
          "gc/array.wast", "unknown operator array.new_canon",
          "gc/br_on_cast.wast", "unknown operator i31.new",
          "gc/br_on_cast_fail.wast", "unknown operator i31.new",
          "gc/extern.wast", "unknown operator i31.new",
          "gc/i31.wast", "unknown operator i31.new",
          "gc/ref_cast.wast", "unknown operator i31.new",
          "gc/ref_eq.wast", "unknown operator i31.new",
          "gc/ref_test.wast", "unknown operator i31.new",
          "gc/struct.wast", "unknown operator struct.new_canon",
          "gc/type-subtyping.wast", "unexpected token $t1, expected a reference type");

  /** Each left-out script still fails on its draft's text: none is left out needlessly. */
  @TestFactory
  Stream<DynamicTest> draftScriptsStillFailOnTheirDraftText() {
    Path proposals = suite().resolve("wast").resolve("proposals");
    Config gc = Config.builder().onlyProposals(List.of("gc")).build();
    SpecRunner runner = new SpecRunner(new Engine(gc), SpecRunner.ALL);
    return DRAFT_SCRIPTS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      String failures;
                      try {
                        failures =
                            runner.run(proposals.resolve(e.getKey())).stream()
                                .filter(r -> r.outcome() == CommandResult.Outcome.FAILED)
                                .map(CommandResult::detail)
                                .toList()
                                .toString();
                      } catch (RuntimeException stopped) {
                        failures = stopped.getMessage();
                      }
                      assertThat(failures).contains(e.getValue());
                    }));
  }

  private Stream<DynamicContainer> scripts(
      Path dir,
      String proposal,
      Map<String, SpecBaseline.Entry> baseline,
      Config config,
      boolean checkCounts)
      throws IOException {
    return commands(
        dir,
        ".wast",
        baseline,
        config,
        checkCounts,
        file -> !DRAFT_SCRIPTS.containsKey(proposal + "/" + file.getFileName()));
  }

  /**
   * The same commands with fuel metering on, in the lazy compilation modes and with the IR
   * optimisations off: neither the charges, nor when code is translated, nor how may change an
   * outcome.
   */
  @TestFactory
  Stream<DynamicContainer> coreCommandsInEveryConfiguration() throws IOException {
    List<DynamicContainer> all = new java.util.ArrayList<>();
    for (Config config : otherConfigurations(Config.defaults())) {
      all.add(DynamicContainer.dynamicContainer(describe(config), commands(core(), config, false)));
    }
    return all.stream();
  }

  /**
   * {@code base} with fuel on in every mode, in the lazy modes with fuel off, with the plain IR (no
   * folding, immediates, pool, fusion or copy elimination), which must be as correct, and in the
   * compiled tier: every function compiled on its first call, fuel off and on, and tiered with
   * thresholds so low that calls and loops cross between the tiers mid-command.
   */
  private static List<Config> otherConfigurations(Config base) {
    List<Config> all = new java.util.ArrayList<>();
    for (boolean fuel : new boolean[] {false, true}) {
      for (CompilationMode mode : CompilationMode.values()) {
        if (!fuel && mode == CompilationMode.EAGER) {
          continue;
        }
        all.add(base.toBuilder().consumeFuel(fuel).compilationMode(mode).build());
      }
    }
    all.add(base.withOptimizations(false));
    all.add(base.toBuilder().tier(Tier.COMPILED_EAGER).build());
    all.add(base.toBuilder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build());
    // Every function split into region methods of one instruction each.
    all.add(base.toBuilder().tier(Tier.COMPILED_EAGER).compiledMethodBytes(SPLIT_BYTES).build());
    all.add(
        base.toBuilder()
            .consumeFuel(true)
            .tier(Tier.COMPILED_EAGER)
            .compiledMethodBytes(SPLIT_BYTES)
            .build());
    all.add(
        base.toBuilder()
            .consumeFuel(true)
            .compilationMode(CompilationMode.LAZY_TRANSLATION)
            .tier(Tier.TIERED)
            .tierCallThreshold(2)
            .tierLoopThreshold(8)
            .build());
    return all;
  }

  /**
   * A method budget of one byte: every function is split, each instruction a region of its own, so
   * that every branch, call and charge crosses between region methods (docs/tiers.md). Of the 5,855
   * functions of the core suite's import-free modules, 5,853 are split so (the other two are left
   * to the interpreter at any budget).
   */
  static final int SPLIT_BYTES = 1;

  private static String describe(Config config) {
    return "fuel "
        + (config.consumeFuel() ? "on" : "off")
        + ", "
        + config.compilationMode()
        + (config.optimizations() ? "" : ", optimisations off")
        + (config.tier() == Tier.INTERPRETER_ONLY ? "" : ", " + config.tier())
        + (config.compiledMethodBytes() == SPLIT_BYTES ? ", split" : "");
  }

  /**
   * Every core command under {@code config}. The {@code *N} failure counts of the baseline are
   * checked in the default configuration only: in the lazy modes a module whose code cannot be
   * translated instantiates and fails at its first call instead, so other commands fail; a failure
   * the baseline does not cover fails the build in every configuration.
   */
  private Stream<DynamicContainer> commands(Path dir, Config config, boolean checkCounts)
      throws IOException {
    return commands(dir, ".json", SpecBaseline.load(), config, checkCounts);
  }

  private Stream<DynamicContainer> commands(
      Path dir,
      String extension,
      Map<String, SpecBaseline.Entry> baseline,
      Config config,
      boolean checkCounts)
      throws IOException {
    return commands(dir, extension, baseline, config, checkCounts, file -> true);
  }

  private Stream<DynamicContainer> commands(
      Path dir,
      String extension,
      Map<String, SpecBaseline.Entry> baseline,
      Config config,
      boolean checkCounts,
      java.util.function.Predicate<Path> include)
      throws IOException {
    SpecRunner runner = new SpecRunner(new Engine(config), SpecRunner.ALL);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(extension)).filter(include).sorted().toList();
    }
    assertThat(files).as("spec %s files under %s", extension, dir).isNotEmpty();
    if (dir.endsWith("core")) {
      assertThat(files).as("spec %s files under %s", extension, dir).hasSizeGreaterThan(100);
    }
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
    String name = SpecRunner.nameOf(file);
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

  /**
   * The core suite tests WebAssembly 2.0; a proposal on by default may change an outcome it expects
   * (extended-const makes {@code i32.add} constant). Such baseline entries name the proposal first,
   * and with every proposal off their commands pass: the 2.0 behaviour is still there.
   */
  @Test
  void proposalEntriesPassWithTheProposalsOff() throws IOException {
    Config.Builder wasm2 = Config.builder();
    proposals().forEach(name -> wasm2.proposal(name, false));
    SpecRunner runner = new SpecRunner(new Engine(wasm2.build()), SpecRunner.ALL);
    int checked = 0;
    for (Map.Entry<String, SpecBaseline.Entry> e : SpecBaseline.load().entrySet()) {
      String reason = e.getValue().reason();
      if (proposals().stream().noneMatch(name -> reason.startsWith(name + " (WebAssembly 3.0"))) {
        continue;
      }
      String id = e.getKey();
      String file = id.substring(0, id.indexOf(':'));
      Path json = core().resolve(file).resolve(file + ".json");
      assertThat(runner.run(json))
          .as("%s with the proposals off", id)
          .filteredOn(r -> r.id().equals(id))
          .singleElement()
          .extracting(CommandResult::outcome)
          .isEqualTo(CommandResult.Outcome.PASSED);
      checked++;
    }
    assertThat(checked).as("baseline entries caused by a proposal").isPositive();
  }

  @Test
  void everyBaselineEntryNamesARealCommand() throws IOException {
    for (String id : SpecBaseline.load().keySet()) {
      String file = id.substring(0, id.indexOf(':'));
      String where = id.substring(id.indexOf(':') + 1, id.indexOf(' '));
      String type = id.substring(id.indexOf(' ') + 1);
      // A proposal's file is named "proposal/file".
      int slash = file.indexOf('/');
      String stem = file.substring(slash + 1);
      Path dir = slash < 0 ? core() : proposal(file.substring(0, slash));
      Path json = dir.resolve(stem).resolve(stem + ".json");
      assertThat(json).as("baseline entry %s", id).exists();
      Map<String, Integer> types = SpecRunner.commandTypes(json);
      assertThat(types).as("baseline entry %s", id).containsKey(type);
      if (!where.equals("*")) {
        long line = Long.parseLong(where);
        Config config =
            slash < 0
                ? Config.defaults()
                : Config.builder().onlyProposals(List.of(file.substring(0, slash))).build();
        assertThat(new SpecRunner(new Engine(config), Set.of(type)).run(json))
            .as("baseline entry %s", id)
            .anyMatch(r -> r.line() == line);
      }
    }
  }
}
