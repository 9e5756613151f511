package io.timeslice.wasm.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed corpus ({@code src/test/resources/text/corpus}: spec-suite modules and hand-written
 * ones) against the binaries wabt's wat2wasm 1.0.32 made of it, committed beside each {@code .wat}
 * by {@code regenerate.sh}: the parser must give the same bytes, and the engine must accept them.
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
                      byte[] got = WatParser.toBinary(Files.readAllBytes(wat));
                      assertThat(HexFormat.of().formatHex(got))
                          .isEqualTo(HexFormat.of().formatHex(want));
                      Module.validate(new Engine(), got);
                    }));
  }
}
