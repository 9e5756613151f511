package io.timeslice.wasm.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed corpus ({@code src/test/resources/text/corpus}: spec-suite modules and hand-written
 * ones) against the binaries wabt's wat2wasm 1.0.32 (1.0.39 for WebAssembly 3.0's exceptions) made
 * of it, committed beside each {@code .wat} by {@code regenerate.sh}: the parser must give the same
 * bytes, and the engine must accept them. A module of a proposal names wat2wasm's flags for it
 * ({@code ;; wat2wasm flags: --enable-...}); it is parsed and validated with the proposal on.
 */
class WatCorpusTest {
  private static Path corpus() throws URISyntaxException {
    return Path.of(WatCorpusTest.class.getResource("/text/corpus").toURI());
  }

  private static List<Path> sources() throws IOException, URISyntaxException {
    try (Stream<Path> walk = Files.walk(corpus())) {
      return walk.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
    }
  }

  @Test
  void theCorpusCoversTheSpecScriptsAndTheFeatures() throws Exception {
    List<Path> all = sources();
    assertThat(all.stream().filter(p -> p.getParent().endsWith("spec"))).hasSizeGreaterThan(120);
    assertThat(all.stream().filter(p -> p.getParent().endsWith("features"))).hasSizeGreaterThan(5);
    for (Path wat : all) {
      assertThat(wat.resolveSibling(wat.getFileName().toString().replace(".wat", ".wasm")))
          .as("the reference binary of %s", wat)
          .exists();
    }
  }

  /** wat2wasm's flag for each proposal, by the proposal's name in {@link Config}. */
  private static final Map<String, String> FLAGS =
      Map.of(
          "--enable-tail-call", "tail-call",
          "--enable-memory64", "memory64",
          "--enable-multi-memory", "multi-memory",
          "--enable-exceptions", "exception-handling");

  /** The default features, and the proposals a {@code ;; wat2wasm flags:} line turns on. */
  static Config features(String text) {
    Config.Builder features = Config.defaults().toBuilder();
    Matcher flags = Pattern.compile("(?m)^;; wat2wasm flags: (.*)$").matcher(text);
    if (flags.find()) {
      for (String flag : flags.group(1).trim().split(" +")) {
        String proposal = FLAGS.get(flag);
        assertThat(proposal).as("the proposal of wat2wasm's %s", flag).isNotNull();
        features.proposal(proposal, true);
      }
    }
    return features.build();
  }

  @Test
  void flagsTurnOnTheirProposals() {
    assertThat(features("(module)").memory64()).isFalse();
    assertThat(features(";; wat2wasm flags: --enable-memory64 --enable-exceptions\n(module)"))
        .satisfies(c -> assertThat(c.memory64()).isTrue())
        .satisfies(c -> assertThat(c.exceptionHandling()).isTrue());
  }

  @TestFactory
  Stream<DynamicTest> everyModuleIsByteIdenticalToWat2wasm() throws Exception {
    Path root = corpus();
    return sources().stream()
        .map(
            wat ->
                DynamicTest.dynamicTest(
                    root.relativize(wat).toString(),
                    () -> {
                      byte[] want =
                          Files.readAllBytes(
                              wat.resolveSibling(
                                  wat.getFileName().toString().replace(".wat", ".wasm")));
                      byte[] text = Files.readAllBytes(wat);
                      Config features = features(new String(text, StandardCharsets.UTF_8));
                      byte[] got = WatParser.toBinary(text, features);
                      assertThat(HexFormat.of().formatHex(got))
                          .isEqualTo(HexFormat.of().formatHex(want));
                      Module.validate(new Engine(features), got);
                    }));
  }
}
