package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Large real modules published on npm by other toolchains (Go, Rust, Emscripten; 0.6–46 MB, listed
 * in {@code programs/npm/modules.tsv} and fetched by {@code programs/npm/fetch.sh}, which CI runs)
 * compile in every compilation mode, as V8 compiles them: no engine limit below V8's turns a valid
 * module away. A module listed in {@code known-failures.tsv} must still be rejected, so that the
 * list shrinks when the engine learns what it lacked. Skips loudly when the modules were not
 * fetched.
 */
class NpmModulesTest {
  private static final Path DIR =
      Path.of(System.getProperty("npm.modules", Path.of("..", "programs", "npm").toString()));

  record NpmModule(String name, String spec, String toolchain) {
    Path file() {
      return DIR.resolve("cache").resolve(name + ".wasm");
    }

    @Override
    public String toString() {
      return name + " (" + spec + ", " + toolchain + ")";
    }
  }

  static List<Arguments> modules() {
    List<Arguments> out = new ArrayList<>();
    for (String[] row : rows("modules.tsv")) {
      for (CompilationMode mode : CompilationMode.values()) {
        out.add(Arguments.of(new NpmModule(row[0], row[1], row[4]), mode));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("modules")
  void compilesAsV8Does(NpmModule module, CompilationMode mode) throws IOException {
    Assumptions.assumeTrue(
        Files.isRegularFile(module.file()),
        () ->
            "NPM MODULE NOT FETCHED: "
                + module.file()
                + " is missing, the test is SKIPPED (bash programs/npm/fetch.sh)");
    byte[] bytes = Files.readAllBytes(module.file());
    Engine engine = new Engine(Config.builder().compilationMode(mode).build());
    String knownReason = knownFailures().get(module.name());
    if (knownReason == null) {
      Module compiled = Module.compile(engine, bytes);
      assertThat(compiled.exports()).isNotEmpty();
    } else {
      assertThatThrownBy(() -> Module.compile(engine, bytes))
          .as("listed in known-failures.tsv (%s) but accepted: remove its line", knownReason)
          .isInstanceOf(WasmException.class);
    }
  }

  private static Map<String, String> knownFailures() {
    return rows("known-failures.tsv").stream().collect(Collectors.toMap(r -> r[0], r -> r[1]));
  }

  private static List<String[]> rows(String file) {
    try {
      return Files.readAllLines(DIR.resolve(file)).stream()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
