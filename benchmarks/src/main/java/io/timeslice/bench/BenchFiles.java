package io.timeslice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the benchmarks' inputs: {@code programs/wasm} of the checkout and the spec testsuite. The
 * checkout is {@code -Dtimeslice.root}, else the working directory or its parent.
 */
public final class BenchFiles {
  private BenchFiles() {}

  /** The checkout's root folder. */
  public static Path root() {
    String root = System.getProperty("timeslice.root", "");
    if (!root.isBlank()) {
      return Path.of(root);
    }
    for (Path p : new Path[] {Path.of("."), Path.of("..")}) {
      if (Files.isDirectory(p.resolve("programs").resolve("wasm"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("run from the checkout, or set -Dtimeslice.root");
  }

  /** A committed program's bytes, e.g. {@code lua.wasm}. */
  public static byte[] program(String name) {
    try {
      return Files.readAllBytes(root().resolve("programs").resolve("wasm").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every module of the spec testsuite's {@code module} commands (the valid ones): the {@code
   * .wasm} files that both engines accept, decided by the caller.
   */
  public static List<byte[]> testsuiteModules() {
    String suite = System.getProperty("wasm.testsuite", "");
    Path dir =
        suite.isBlank()
            ? root().resolve("..").resolve("shared").resolve("wasm-testsuite")
            : Path.of(suite);
    List<byte[]> modules = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir.resolve("json").resolve("core"))) {
      for (Path p : walk.filter(f -> f.toString().endsWith(".wasm")).sorted().toList()) {
        modules.add(Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("spec testsuite not found under " + dir, e);
    }
    return modules;
  }
}
