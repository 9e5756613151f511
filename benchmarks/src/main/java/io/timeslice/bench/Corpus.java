package io.timeslice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benchmark corpus of real programs not written for this project ({@code programs/corpus},
 * provenance in its README): each a module under {@code programs/wasm/corpus} whose export {@code
 * (arg: i32) -> i64} does work proportional to its argument and returns a checksum. The table is
 * {@code programs/wasm/corpus/corpus.tsv}, shared with the V8 reference runner ({@code
 * benchmarks/node/corpus.mjs}, which recorded the checksums) and the engine's {@code CorpusTest}.
 */
public final class Corpus {
  private Corpus() {}

  /**
   * One program: its module {@code file} under {@code programs/wasm/corpus}, the {@code export} to
   * call, the argument to benchmark it with (about 1–20 ms a call under V8) and a small one for
   * tests, each with the checksum V8 returns for it.
   */
  public record Program(
      String name,
      String file,
      String export,
      int benchArg,
      long benchChecksum,
      int testArg,
      long testChecksum) {

    /** The module's bytes. */
    public byte[] bytes() {
      return BenchFiles.program("corpus/" + file);
    }
  }

  /** Every program, in the manifest's order. */
  public static List<Program> all() {
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
                    Integer.parseInt(row[columns.indexOf("bench_arg")]),
                    Long.parseLong(row[columns.indexOf("bench_checksum")]),
                    Integer.parseInt(row[columns.indexOf("test_arg")]),
                    Long.parseLong(row[columns.indexOf("test_checksum")])))
        .toList();
  }

  /** The program called {@code name}. */
  public static Program get(String name) {
    return all().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no corpus program " + name));
  }

  /**
   * The programs Timeslice gets wrong today, with the reason ({@code
   * programs/wasm/corpus/known-failures.tsv}): a benchmark of them would time a wrong answer.
   */
  public static Map<String, String> knownFailures() {
    try {
      return Files.readAllLines(dir().resolve("known-failures.tsv")).stream()
          .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("name\t"))
          .map(l -> l.split("\t", 2))
          .collect(Collectors.toMap(row -> row[0], row -> row[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * CoreMark 1.0 ({@code ../shared/bench/coremark.wasm} beside the checkout, see its README), the
   * corpus's CPU benchmark of record. It does not fit the table: it imports {@code env.clock_ms()
   * -> i32} and exports {@code run() -> f32}, the score, valid only when the run took at least 10
   * s.
   */
  public static Path coremark() {
    return BenchFiles.root()
        .resolve("..")
        .resolve("shared")
        .resolve("bench")
        .resolve("coremark.wasm");
  }

  private static Path manifest() {
    return dir().resolve("corpus.tsv");
  }

  private static Path dir() {
    return BenchFiles.root().resolve("programs").resolve("wasm").resolve("corpus");
  }
}
