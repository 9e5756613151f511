package io.timeslice.wasm.cli;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.spec.CommandResult;
import io.timeslice.wasm.spec.SpecBaseline;
import io.timeslice.wasm.spec.SpecRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code spec [--commands TYPE,...] [--fuel] [--features NAME,...] PATH...}: runs spec testsuite
 * files — {@code .wast} scripts, or the JSON files wast2json converts them to — or every such file
 * below a folder, and ends with {@code N passed, M failed}. {@code --features} turns on exactly the
 * WebAssembly 3.0 proposals named (by their testsuite folder names: {@code tail-call}, …) and the
 * others off, as the proposals' own folders expect.
 */
final class SpecCommand implements Main.Command {
  @Override
  public String usage() {
    return "spec [--commands TYPE,...] [--fuel] [--features PROPOSAL,...] PATH...   run spec"
        + " testsuite .wast or JSON files, or folders";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    Set<String> selected = new LinkedHashSet<>(SpecRunner.ALL);
    List<Path> paths = new ArrayList<>();
    Config config = Config.defaults();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--fuel")) {
        config = config.withConsumeFuel(true);
      } else if (args[i].equals("--features") && i + 1 < args.length) {
        try {
          List<String> names = Arrays.stream(args[++i].split(",")).map(String::strip).toList();
          config = config.toBuilder().onlyProposals(names).build();
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          return 2;
        }
      } else if (args[i].equals("--commands") && i + 1 < args.length) {
        selected = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
      } else {
        paths.add(Path.of(args[i]));
      }
    }
    if (paths.isEmpty()) {
      err.println("usage: timeslice-wasm " + usage());
      return 2;
    }
    Set<String> unsupported = new LinkedHashSet<>(selected);
    unsupported.removeAll(SpecRunner.ALL);
    if (!unsupported.isEmpty()) {
      err.println("not supported yet: " + unsupported + "; supported: " + SpecRunner.ALL);
      return 2;
    }
    List<Path> files;
    try {
      files = specFiles(paths);
    } catch (UncheckedIOException | IOException e) {
      err.println("cannot list " + paths + ": " + e.getMessage());
      return 2;
    }
    SpecRunner runner = new SpecRunner(new Engine(config), selected);
    Map<String, SpecBaseline.Entry> baseline;
    try {
      baseline = SpecBaseline.load();
    } catch (IOException e) {
      err.println("cannot read the baseline: " + e.getMessage());
      return 2;
    }
    int passed = 0;
    int failed = 0;
    int known = 0;
    Map<String, Integer> notRun = new TreeMap<>();
    for (Path file : files) {
      List<CommandResult> results;
      try {
        results = runner.run(file);
        for (Map.Entry<String, Integer> e : SpecRunner.commandTypes(file).entrySet()) {
          if (!selected.contains(e.getKey())) {
            notRun.merge(e.getKey(), e.getValue(), Integer::sum);
          }
        }
      } catch (IOException | RuntimeException e) {
        err.println(file + ": cannot run: " + e.getMessage());
        failed++;
        continue;
      }
      String name = SpecRunner.nameOf(file);
      Map<String, SpecBaseline.Entry> applicable =
          file.toString().endsWith(".wast") ? SpecBaseline.forScripts(baseline) : baseline;
      int p = 0;
      int f = 0;
      int s = 0;
      int k = 0;
      for (CommandResult r : results) {
        switch (r.outcome()) {
          case PASSED -> p++;
          case FAILED -> {
            String reason = SpecBaseline.knownFailure(applicable, name, r);
            if (reason == null) {
              f++;
              err.println("FAIL " + r.id() + ": " + r.detail());
            } else {
              k++;
              err.println("KNOWN " + r.id() + ": " + r.detail() + " (baseline: " + reason + ")");
            }
          }
          case SKIPPED -> s++;
        }
      }
      out.printf(
          "%s: %d passed, %d failed, %d skipped%s%n",
          file.getFileName(), p, f, s, k == 0 ? "" : ", " + k + " known failures");
      passed += p;
      failed += f;
      known += k;
    }
    if (!notRun.isEmpty()) {
      out.println("not selected: " + notRun);
    }
    if (known > 0) {
      out.println(known + " known failures, listed with their reasons in spec-baseline.tsv");
    }
    out.printf("%d passed, %d failed%n", passed, failed);
    return failed > 0 ? 1 : 0;
  }

  private static List<Path> specFiles(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".wast"))
              .sorted()
              .forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }
}
