package io.timeslice.wasm.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A {@code .wast} script runs as its wast2json conversion runs: for every core file, and every file
 * of the proposals whose syntax the parser reads (with the proposal on), the same commands give the
 * same verdict, fuel and results (fuel metering on, calls sliced), but where the baseline says the
 * conversion itself is wrong ({@code json:N}), and there the script passes.
 */
class SpecScriptsTest {
  private static final String SUBNORMAL_ROUNDING =
      "wast2json 1.0.32 truncates the hex float 0x1.fffffffffffffp-1023 to the subnormal"
          + " 0x000fffffffffffff; rounded to nearest, ties to even, as the text format's float"
          + " literals are (and as Java's Double.parseDouble rounds it), it is 0x0010000000000000."
          + " Both runs pass: the function returns the value it is given";

  /** Commands whose conversion holds other values than the script's literals say, with why. */
  private static final Map<String, String> CONVERSION_VALUES =
      Map.of(
          "simd_lane:164 assert_return", SUBNORMAL_ROUNDING,
          "simd_lane:165 assert_return", SUBNORMAL_ROUNDING,
          "simd_lane:265 assert_return", SUBNORMAL_ROUNDING,
          "simd_lane:266 assert_return", SUBNORMAL_ROUNDING,
          "simd_lane:281 assert_return", SUBNORMAL_ROUNDING,
          "simd_lane:282 assert_return", SUBNORMAL_ROUNDING);

  @TestFactory
  Stream<DynamicTest> everyScriptRunsAsItsJsonConversion() throws IOException {
    Path suite = Testsuite.find().orElse(null);
    Assumptions.assumeTrue(suite != null, "SPEC TESTSUITE NOT FOUND: the scripts are SKIPPED");
    List<Path> scripts;
    try (Stream<Path> list = Files.list(suite.resolve("wast").resolve("core"))) {
      scripts = list.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
    }
    assertThat(scripts).hasSizeGreaterThan(100);
    return runsAsConverted(scripts, suite.resolve("json/core"), Config.defaults());
  }

  @TestFactory
  Stream<DynamicTest> everyScriptOfTheProposalsWithSyntaxRunsAsItsJsonConversion()
      throws IOException {
    Path suite = Testsuite.find().orElse(null);
    Assumptions.assumeTrue(suite != null, "SPEC TESTSUITE NOT FOUND: the scripts are SKIPPED");
    List<DynamicTest> all = new java.util.ArrayList<>();
    List<String> proposals = new java.util.ArrayList<>(SpecModulesTextTest.PROPOSALS_WITH_SYNTAX);
    // The scripts' verdicts do not depend on wast2json's encoding of typed references.
    proposals.add("function-references");
    proposals.add("gc");
    for (String proposal : proposals) {
      Path json = suite.resolve("json/proposals").resolve(proposal);
      List<Path> scripts;
      try (Stream<Path> list = Files.list(suite.resolve("wast/proposals").resolve(proposal))) {
        // Those wast2json could convert (function-references: 7 of 23, gc: 6 of 35, SpecSuiteTest
        // runs all;
        // relaxed-simd: 6 of 7, relaxed_dot_product.wast has the draft's names, docs/proposals.md).
        scripts =
            list.filter(p -> p.toString().endsWith(".wast"))
                .filter(
                    p ->
                        Files.isDirectory(
                            json.resolve(p.getFileName().toString().replace(".wast", ""))))
                .sorted()
                .toList();
      }
      assertThat(scripts).isNotEmpty();
      runsAsConverted(scripts, json, Config.builder().onlyProposals(List.of(proposal)).build())
          .forEach(all::add);
    }
    return all.stream();
  }

  /** Each of {@code scripts} against its conversion below {@code jsonDir}, on {@code config}. */
  private static Stream<DynamicTest> runsAsConverted(
      List<Path> scripts, Path jsonDir, Config config) throws IOException {
    Map<String, SpecBaseline.Entry> baseline = SpecBaseline.load();
    SpecRunner runner =
        new SpecRunner(new Engine(config.withConsumeFuel(true)), SpecRunner.ALL, 1_000);
    return scripts.stream()
        .map(
            wast ->
                DynamicTest.dynamicTest(
                    wast.getFileName().toString(),
                    () -> {
                      String name = wast.getFileName().toString().replace(".wast", "");
                      Path json = jsonDir.resolve(name).resolve(name + ".json");
                      List<CommandResult> fromJson = runner.run(json);
                      List<CommandResult> fromScript = runner.run(wast);
                      assertThat(fromScript).hasSameSizeAs(fromJson);
                      for (int i = 0; i < fromJson.size(); i++) {
                        CommandResult j = fromJson.get(i);
                        CommandResult w = fromScript.get(i);
                        assertThat(w.id()).isEqualTo(j.id());
                        SpecBaseline.Entry known = baseline.get(j.id());
                        if (known != null && known.jsonOnly()) {
                          assertThat(j.outcome()).isEqualTo(CommandResult.Outcome.FAILED);
                          assertThat(w.outcome())
                              .as("%s runs right from the script", w.id())
                              .isEqualTo(CommandResult.Outcome.PASSED);
                          continue;
                        }
                        assertThat(w.outcome()).as("verdict of %s", w.id()).isEqualTo(j.outcome());
                        assertThat(w.fuel()).as("fuel of %s", w.id()).isEqualTo(j.fuel());
                        if (CONVERSION_VALUES.containsKey(w.id())) {
                          assertThat(w.outcome()).isEqualTo(CommandResult.Outcome.PASSED);
                          assertThat(w.observed())
                              .as("%s: %s", w.id(), CONVERSION_VALUES.get(w.id()))
                              .isNotEqualTo(j.observed());
                          continue;
                        }
                        assertThat(w.observed())
                            .as("results of %s", w.id())
                            .isEqualTo(j.observed());
                      }
                    }));
  }
}
