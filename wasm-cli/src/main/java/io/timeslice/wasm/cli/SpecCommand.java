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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code spec [--commands TYPE,...] [--fuel] [--features NAME,...] PATH...}: runs spec testsuite
 * files — {@code .wast} scripts, or the JSON files wast2json converts them to — or every such file
 * below a folder, and ends with {@code N passed, M failed}. {@code --features} turns on exactly the
 * WebAssembly 3.0 proposals named (by their testsuite folder names: {@code tail-call}, …) and the
 * others off, as the proposals' own folders expect.
 */
@Command(
    name = "spec",
    description = {
      "Run spec testsuite .wast scripts or wast2json JSON files, or every such file below a folder;"
          + " end with 'N passed, M failed'.",
      "Known failures are listed with their reasons in spec-baseline.tsv and do not fail the run."
    })
final class SpecCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "a .wast or .json file, or a folder of them")
  List<Path> paths;

  @Option(
      names = "--commands",
      split = ",",
      paramLabel = "TYPE",
      description = "run only these command types (default: all the runner supports)")
  List<String> commands;

  @Option(names = "--fuel", description = "run with fuel metering on")
  boolean fuel;

  @Option(
      names = "--features",
      split = ",",
      paramLabel = "PROPOSAL",
      description =
          "turn on exactly these WebAssembly 3.0 proposals, by testsuite folder name (tail-call,"
              + " memory64, ...), and the others off")
  List<String> features;

  @Override
  public Integer call() {
    PrintStream out = main.out();
    PrintStream err = main.err();
    Set<String> selected =
        new LinkedHashSet<>(
            commands == null ? SpecRunner.ALL : commands.stream().map(String::strip).toList());
    Set<String> unsupported = new LinkedHashSet<>(selected);
    unsupported.removeAll(SpecRunner.ALL);
    if (!unsupported.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--commands: not supported yet: " + unsupported + "; supported: " + SpecRunner.ALL);
    }
    Config config;
    try {
      Config.Builder builder = Config.builder().consumeFuel(fuel);
      if (features != null) {
        builder.onlyProposals(features.stream().map(String::strip).toList());
      }
      config = builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--features: " + e.getMessage());
    }
    List<Path> files;
    try {
      files = specFiles(paths);
    } catch (UncheckedIOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot list " + paths + ": " + Options.reason(e.getCause()));
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot list " + paths + ": " + Options.reason(e));
    }
    SpecRunner runner = new SpecRunner(new Engine(config), selected);
    Map<String, SpecBaseline.Entry> baseline;
    try {
      baseline = SpecBaseline.load();
    } catch (IOException e) {
      err.println("cannot read the baseline: " + Options.reason(e));
      return Main.INTERNAL;
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
    return failed > 0 ? Main.FAILURE : Main.OK;
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
