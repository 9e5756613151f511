package io.timeslice.wasm.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the spec testsuite: system property {@code wasm.testsuite}, else environment variable
 * {@code WASM_TESTSUITE}, else {@code ../shared/wasm-testsuite} beside the checkout.
 */
public final class Testsuite {
  private Testsuite() {}

  /** Where the suite was looked for, for the message when it is absent. */
  public static List<Path> candidates() {
    List<Path> paths = new ArrayList<>();
    String property = System.getProperty("wasm.testsuite", "");
    if (!property.isBlank()) {
      paths.add(Path.of(property));
      return paths;
    }
    String env = System.getenv("WASM_TESTSUITE");
    if (env != null && !env.isBlank()) {
      paths.add(Path.of(env));
      return paths;
    }
    String root = System.getProperty("timeslice.root", "");
    if (!root.isBlank()) {
      paths.add(Path.of(root, "..", "shared", "wasm-testsuite"));
    }
    paths.add(Path.of("..", "shared", "wasm-testsuite"));
    paths.add(Path.of("..", "..", "shared", "wasm-testsuite"));
    return paths;
  }

  /** The suite's root folder, if it is present. */
  public static Optional<Path> find() {
    return candidates().stream()
        .filter(p -> Files.isDirectory(p.resolve("json").resolve("core")))
        .map(p -> p.toAbsolutePath().normalize())
        .findFirst();
  }
}
