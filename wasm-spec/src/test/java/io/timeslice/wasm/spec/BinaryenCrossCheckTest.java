package io.timeslice.wasm.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.spec.CommandResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The proposals' spec scripts run the same with binaryen's binaries of their modules as with the
 * engine's own: every command gives the same verdict (and, failing, the same results), but where
 * binaryen rewrites code ({@code BINARYEN_REWRITES}, each with why). The engine's text parser and
 * decoder could agree on a wrong encoding; an independent encoder's bytes (types reordered and
 * regrouped, sections laid out as binaryen writes them) would then decode to something else. A
 * module binaryen refuses (those of {@code assert_invalid}, and a few valid ones its parser does
 * not read) keeps the engine's binary; each proposal names how many commands at least must run
 * binaryen's. {@code programs/binaryen/assemble.sh}, which CI runs, makes the binaries; without
 * them the test is skipped, loudly.
 */
class BinaryenCrossCheckTest {
  private static final Path CACHE =
      Path.of(
          System.getProperty(
              "binaryen.cache", Path.of("..", "programs", "binaryen", "cache").toString()));

  /**
   * A proposal folder checked: the proposals the engine runs it with, and the least number of
   * commands that must run binaryen's modules.
   */
  private record Checked(List<String> proposals, int commands) {}

  /**
   * binaryen writes typed references only with its GC feature, as GC's types (a typed {@code
   * ref.null} is {@code nofunc}'s), so typed function references' scripts run with GC on too.
   */
  private static final Map<String, Checked> PROPOSALS =
      Map.of(
          "tail-call", new Checked(List.of("tail-call"), 7),
          "extended-const", new Checked(List.of("extended-const"), 83),
          "multi-memory", new Checked(List.of("multi-memory"), 201),
          "memory64", new Checked(List.of("memory64"), 70),
          "threads", new Checked(List.of("threads"), 177),
          "relaxed-simd", new Checked(List.of("relaxed-simd"), 6),
          "exception-handling", new Checked(List.of("exception-handling"), 198),
          "function-references", new Checked(List.of("function-references", "gc"), 169),
          "gc", new Checked(List.of("gc"), 266));

  @TestFactory
  Stream<DynamicTest> scriptsRunTheSameWithBinaryensModules() throws IOException {
    Path suite = Testsuite.find().orElse(null);
    if (suite == null) {
      return skipped("SPEC TESTSUITE NOT FOUND: the cross-check is SKIPPED");
    }
    List<DynamicTest> all = new ArrayList<>();
    for (Map.Entry<String, Checked> proposal : PROPOSALS.entrySet()) {
      Path assembled = CACHE.resolve(proposal.getKey());
      if (!Files.isDirectory(assembled)) {
        return skipped(
            "BINARYEN MODULES NOT ASSEMBLED: "
                + assembled.toAbsolutePath()
                + " is missing, the cross-check is SKIPPED (bash programs/binaryen/assemble.sh)");
      }
      List<Path> scripts;
      try (Stream<Path> list =
          Files.list(suite.resolve("wast/proposals").resolve(proposal.getKey()))) {
        // Those in a draft's text do not parse (docs/proposals.md): relaxed_dot_product.wast and
        // SpecSuiteTest's DRAFT_SCRIPTS.
        scripts =
            list.filter(p -> p.toString().endsWith(".wast"))
                .filter(p -> !p.getFileName().toString().equals("relaxed_dot_product.wast"))
                .filter(
                    p ->
                        !SpecSuiteTest.DRAFT_SCRIPTS.containsKey(
                            proposal.getKey() + "/" + p.getFileName()))
                .sorted()
                .toList();
      }
      Engine engine =
          new Engine(Config.builder().onlyProposals(proposal.getValue().proposals()).build());
      int[] checked = {0};
      for (Path script : scripts) {
        String name = script.getFileName().toString().replace(".wast", "");
        all.add(
            DynamicTest.dynamicTest(
                proposal.getKey() + "/" + name,
                () ->
                    checked[0] += runsTheSame(engine, script, assembled.resolve(name + ".json"))));
      }
      all.add(
          DynamicTest.dynamicTest(
              proposal.getKey() + ": modules cross-checked",
              () -> assertThat(checked[0]).isGreaterThanOrEqualTo(proposal.getValue().commands())));
    }
    return all.stream();
  }

  private static final String NULL_CALL_REF =
      "binaryen gives a typed ref.null its bottom type (nofunc) and writes a call_ref of it as"
          + " unreachable: the call traps \"unreachable\", not \"null function reference\"";

  /** Commands binaryen's rewriting makes behave otherwise, by id, with why. */
  private static final Map<String, String> BINARYEN_REWRITES =
      Map.of(
          "function-references/call_ref:97 assert_trap", NULL_CALL_REF,
          "function-references/return_call_ref:183 assert_trap", NULL_CALL_REF,
          "gc/call_ref:97 assert_trap", NULL_CALL_REF,
          "gc/return_call_ref:183 assert_trap", NULL_CALL_REF);

  /** One test, reported as skipped with {@code why}. */
  private static Stream<DynamicTest> skipped(String why) {
    System.err.println(why);
    return Stream.of(DynamicTest.dynamicTest("binaryen cross-check", () -> Assumptions.abort(why)));
  }

  /** Runs the script both ways; returns how many of its commands ran binaryen's modules. */
  private static int runsTheSame(Engine engine, Path script, Path assembled) throws IOException {
    Map<Long, byte[]> binaries = binaries(assembled);
    SpecRunner runner = new SpecRunner(engine, SpecRunner.ALL);
    List<CommandResult> own = runner.run(script);
    List<CommandResult> binaryens = runner.run(script, binaries);
    assertThat(binaryens).hasSameSizeAs(own);
    int checked = 0;
    for (int i = 0; i < own.size(); i++) {
      CommandResult a = own.get(i);
      CommandResult b = binaryens.get(i);
      if (binaries.containsKey(a.line())) {
        checked++;
      }
      String rewrite = BINARYEN_REWRITES.get(a.id());
      if (rewrite != null) {
        assertThat(b.outcome())
            .as("%s is listed as rewritten by binaryen (%s) but runs the same", a.id(), rewrite)
            .isNotEqualTo(a.outcome());
      } else if (a.outcome() != Outcome.PASSED || b.outcome() != Outcome.PASSED) {
        // Both passing is both as the script requires, whatever a funcref's id (ids are given in
        // the order functions are first referenced, which binaryen's layout changes).
        assertThat(b.outcome() + " " + b.observed())
            .as("%s with binaryen's modules (%s)", a.id(), b.detail())
            .isEqualTo(a.outcome() + " " + a.observed());
      }
    }
    return checked;
  }

  /** binaryen's binaries of a script's modules by line (those it refused are left out). */
  private static Map<Long, byte[]> binaries(Path assembled) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(assembled));
    Map<Long, byte[]> binaries = new HashMap<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> modules = (List<Map<String, Object>>) doc.get("modules");
    for (Map<String, Object> m : modules) {
      if (m.get("wasm") instanceof String wasm) {
        binaries.put(((Number) m.get("line")).longValue(), Base64.getDecoder().decode(wasm));
      }
    }
    return binaries;
  }
}
