package io.timeslice.wasm.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.internal.text.WastScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every module of the spec suite's {@code .wast} scripts, made by this parser, against the binary
 * wast2json (wabt 1.0.32) made of it: byte for byte, and the scripts' commands are the JSON's
 * commands (type and line) in the same order. The core scripts are read with the default features;
 * the scripts of the proposals whose syntax the parser reads (tail calls, memory64, legacy
 * exception handling, threads, relaxed SIMD, extended constants, multi-memory) with their proposal
 * on, as wast2json converted them with its flag.
 */
class SpecModulesTextTest {
  /**
   * The proposal folders whose syntax the parser reads and whose modules wast2json encodes as
   * WebAssembly 3.0 does (its function-references encoding is the 2022 draft's: spec-baseline.tsv).
   */
  static final List<String> PROPOSALS_WITH_SYNTAX =
      List.of(
          "tail-call",
          "memory64",
          "exception-handling",
          "threads",
          "relaxed-simd",
          "extended-const",
          "multi-memory");

  /**
   * Where this parser writes what the text means and wat2wasm 1.0.32 does not: {@code select
   * (result)} is a typed select of no results (invalid: "invalid result arity"), which wat2wasm
   * writes as an untyped select.
   */
  private static final Map<String, String> DELIBERATE =
      Map.of("select:324", "0a0a010800010141011c000b");

  @TestFactory
  Stream<DynamicTest> everySpecModuleEncodesAsWabtEncodesIt() throws IOException {
    Path suite = Testsuite.find().orElse(null);
    Assumptions.assumeTrue(suite != null, "SPEC TESTSUITE NOT FOUND: text modules are SKIPPED");
    List<Path> scripts;
    try (Stream<Path> walk = Files.list(suite.resolve("wast").resolve("core"))) {
      scripts = walk.filter(p -> p.toString().endsWith(".wast")).sorted().toList();
    }
    assertThat(scripts).hasSizeGreaterThan(100);
    Path json = suite.resolve("json").resolve("core");
    return scripts.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString(), () -> check(json, p, Config.defaults())));
  }

  @TestFactory
  Stream<DynamicTest> everyModuleOfTheProposalsWithSyntaxEncodesAsWabtEncodesIt()
      throws IOException {
    Path suite = Testsuite.find().orElse(null);
    Assumptions.assumeTrue(suite != null, "SPEC TESTSUITE NOT FOUND: text modules are SKIPPED");
    List<DynamicTest> all = new ArrayList<>();
    for (String proposal : PROPOSALS_WITH_SYNTAX) {
      Config features = Config.builder().onlyProposals(List.of(proposal)).build();
      Path json = suite.resolve("json").resolve("proposals").resolve(proposal);
      try (Stream<Path> walk =
          Files.list(suite.resolve("wast").resolve("proposals").resolve(proposal))) {
        // relaxed_dot_product.wast has no conversion: it names the draft's instructions.
        for (Path wast :
            walk.filter(p -> p.toString().endsWith(".wast"))
                .filter(p -> !p.getFileName().toString().equals("relaxed_dot_product.wast"))
                .sorted()
                .toList()) {
          all.add(
              DynamicTest.dynamicTest(
                  proposal + "/" + wast.getFileName(), () -> check(json, wast, features)));
        }
      }
    }
    assertThat(all).hasSize(2 + 13 + 8 + 4 + 6 + 3 + 9);
    return all.stream();
  }

  /**
   * The modules of {@code wast}, read with {@code features}, against those converted in {@code
   * json}.
   */
  @SuppressWarnings("unchecked")
  private static void check(Path json, Path wast, Config features) throws IOException {
    String name = wast.getFileName().toString().replace(".wast", "");
    Path dir = json.resolve(name);
    Map<String, Object> doc =
        (Map<String, Object>) Json.parse(Files.readString(dir.resolve(name + ".json")));
    List<Map<String, Object>> commands = (List<Map<String, Object>>) doc.get("commands");
    WastScript script = WastScript.parse(name, Files.readString(wast), features);
    List<String> expectedIds = new ArrayList<>();
    List<String> actualIds = new ArrayList<>();
    commands.forEach(c -> expectedIds.add(c.get("type") + "@" + c.get("line")));
    script.commands().forEach(c -> actualIds.add(c.get("type") + "@" + c.get("line")));
    int first = 0;
    while (first < expectedIds.size()
        && first < actualIds.size()
        && expectedIds.get(first).equals(actualIds.get(first))) {
      first++;
    }
    assertThat(actualIds.subList(first, Math.min(actualIds.size(), first + 3)))
        .as("commands of %s from command %d", name, first)
        .isEqualTo(expectedIds.subList(first, Math.min(expectedIds.size(), first + 3)));
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      Map<String, Object> expected = commands.get(i);
      String file = (String) expected.get("filename");
      if (file == null) {
        continue;
      }
      String mine = (String) script.commands().get(i).get("filename");
      byte[] want = Files.readAllBytes(dir.resolve(file));
      byte[] got;
      try {
        got = script.module(mine).bytes();
      } catch (RuntimeException e) {
        if (!file.endsWith(".wat")) {
          differences.add(expected.get("line") + ": " + e.getMessage());
        }
        continue;
      }
      String deliberate = DELIBERATE.get(name + ":" + expected.get("line"));
      if (deliberate != null) {
        assertThat(HexFormat.of().formatHex(got)).endsWith(deliberate);
      } else if (!java.util.Arrays.equals(want, got)) {
        differences.add(expected.get("line") + ": " + firstDifference(want, got));
      }
    }
    assertThat(differences).as("modules of %s that differ from wast2json's", name).isEmpty();
  }

  private static String firstDifference(byte[] want, byte[] got) {
    int i = 0;
    while (i < want.length && i < got.length && want[i] == got[i]) {
      i++;
    }
    HexFormat hex = HexFormat.of();
    int from = Math.max(0, i - 8);
    return "at byte "
        + i
        + " of "
        + want.length
        + "/"
        + got.length
        + ": want ..."
        + hex.formatHex(want, from, Math.min(want.length, i + 12))
        + " got ..."
        + hex.formatHex(got, from, Math.min(got.length, i + 12));
  }
}
