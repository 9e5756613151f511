package io.timeslice.wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The benchmark corpus of real programs ({@code programs/wasm/corpus/corpus.tsv}, see {@code
 * programs/corpus/README.md}), each with its small test argument and the checksum V8 returns for
 * it: the {@code @MethodSource} of {@link CorpusTest}.
 */
final class CorpusPrograms {
  private CorpusPrograms() {}

  static final Path DIR = Path.of("..", "programs", "wasm", "corpus");

  /** One line of the manifest, as far as the engine's tests need it. */
  record Program(String name, String file, String export, int testArg, long testChecksum) {
    byte[] bytes() {
      try {
        return Files.readAllBytes(DIR.resolve(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Every program of the manifest. */
  static List<Program> programs() {
    try {
      List<String> lines = Files.readAllLines(DIR.resolve("corpus.tsv"));
      List<String> columns =
          List.of(
              lines.stream()
                  .filter(l -> l.startsWith("name\t"))
                  .findFirst()
                  .orElseThrow()
                  .split("\t"));
      return lines.stream()
          .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("name\t"))
          .map(l -> l.split("\t"))
          .map(
              row ->
                  new Program(
                      row[columns.indexOf("name")],
                      row[columns.indexOf("file")],
                      row[columns.indexOf("export")],
                      Integer.parseInt(row[columns.indexOf("test_arg")]),
                      Long.parseLong(row[columns.indexOf("test_checksum")])))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The programs the engine gets wrong today ({@code known-failures.tsv} beside the manifest: name
   * and reason), each to be removed from that file when it passes.
   */
  static Map<String, String> knownFailures() {
    try {
      return Files.readAllLines(DIR.resolve("known-failures.tsv")).stream()
          .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("name\t"))
          .map(l -> l.split("\t", 2))
          .collect(Collectors.toMap(row -> row[0], row -> row[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The programs expected to pass. */
  static Stream<Arguments> all() {
    Map<String, String> failing = knownFailures();
    return programs().stream().filter(p -> !failing.containsKey(p.name())).map(Arguments::of);
  }

  /** The known failures. */
  static Stream<Arguments> failing() {
    Map<String, String> failing = knownFailures();
    return programs().stream().filter(p -> failing.containsKey(p.name())).map(Arguments::of);
  }
}
