package io.timeslice.wasm.cli;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.Values;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import io.timeslice.wasm.wasi.WasiExit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code run FILE [OPTIONS] --invoke NAME [ARG...]}: instantiates a module that imports nothing but
 * WASI and calls an exported function with arguments parsed by its signature; prints the results
 * one per line (integers signed, floats in Java's shortest round-trip form). Without {@code
 * --invoke} it runs the module as a WASI command with the arguments after {@code --}. A trap is
 * printed with its code's message and exits 1.
 */
@Command(
    name = "run",
    sortOptions = false,
    description = {
      "Call an exported function (--invoke NAME ARG...) and print its results one per line, or run"
          + " a WASI command (its _start) with the arguments after --.",
      "Options go anywhere; arguments that start with '-' go after -- (run f.wasm --invoke f --"
          + " -5, run prog.wasm -- -v)."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "a .wasm binary or .wat text module")
  Path file;

  @Parameters(
      index = "1..*",
      paramLabel = "ARG",
      description =
          "the function's arguments, parsed by its signature, or the WASI program's arguments")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--invoke",
      paramLabel = "NAME",
      description = "call this exported function (without it: run a WASI command)")
  String invoke;

  @Option(
      names = "--fuel",
      paramLabel = "N",
      converter = Options.PositiveLong.class,
      description = "meter with a total budget of N fuel; spending it is an error (docs/fuel.md)")
  Long fuel;

  @Option(
      names = "--slice",
      paramLabel = "N",
      converter = Options.PositiveLong.class,
      description = "meter and run resumably in slices of N fuel")
  Long slice;

  @Option(
      names = "--compilation-mode",
      paramLabel = "MODE",
      converter = Options.Mode.class,
      description = "when bodies are translated: " + Options.Mode.NAMES + " (default eager)")
  CompilationMode mode = CompilationMode.EAGER;

  @Option(
      names = "--tier",
      paramLabel = "TIER",
      converter = Options.TierName.class,
      description = "which tiers run code: " + Options.TierName.NAMES + " (default interpreter)")
  Tier tier = Tier.INTERPRETER_ONLY;

  @Option(names = "--stats", description = "print one JSON line of statistics on stderr")
  boolean stats;

  @Option(names = "--wasi", description = "run a WASI command (the default without --invoke)")
  boolean wasiFlag;

  @Option(
      names = "--env",
      paramLabel = "K=V",
      description = "a WASI environment variable (repeatable; nothing of the host's is passed)")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(
      names = "--stdin",
      paramLabel = "FILE",
      description = "the WASI program's stdin (default: this process's stdin)")
  Path stdin;

  @Option(
      names = "--deterministic",
      description = "virtual clocks and seeded randomness, for byte-identical re-runs")
  boolean deterministic;

  @Override
  public Integer call() {
    PrintStream out = main.out();
    PrintStream err = main.err();
    boolean wasi = invoke == null;
    if (!wasi && (wasiFlag || !env.isEmpty() || stdin != null || deterministic)) {
      throw new ParameterException(
          spec.commandLine(),
          "--wasi, --env, --stdin and --deterministic are for WASI commands, not --invoke");
    }
    byte[] bytes = Options.read(spec, file);
    WasiContext context = wasi ? wasiContext() : null;
    long total = fuel == null ? 0 : fuel;
    long sliceSize = slice == null ? 0 : slice;
    boolean metered = total > 0 || sliceSize > 0;
    Engine engine =
        new Engine(Config.builder().consumeFuel(metered).compilationMode(mode).tier(tier).build());
    Store<WasiContext> store = new Store<>(engine, context);
    Module module;
    Func f;
    try {
      module = Module.compile(engine, bytes);
      Linker<WasiContext> linker = new Linker<>(engine);
      Wasi.define(linker, c -> c);
      f = linker.instantiate(store, module).func(wasi ? "_start" : invoke);
    } catch (WasmException | IllegalArgumentException e) {
      err.println(file + ": " + e.getMessage());
      return Main.FAILURE;
    }
    FuncType type = f.type();
    List<String> callArgs = wasi ? List.of() : args;
    if (callArgs.size() != type.paramCount()) {
      throw new ParameterException(
          spec.commandLine(),
          invoke + " has signature " + type + ": it takes " + type.paramCount() + " arguments");
    }
    long[] params = new long[callArgs.size()];
    try {
      for (int i = 0; i < params.length; i++) {
        params[i] = Values.parse(type.param(i), callArgs.get(i));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long budget = total > 0 ? total : Long.MAX_VALUE;
    long start = System.nanoTime();
    int slices = 1;
    int status = Main.OK;
    try {
      if (metered) {
        long grant = sliceSize > 0 ? Math.min(sliceSize, budget) : budget;
        store.setFuel(grant);
        ResumableCall call = f.callResumable(store, params);
        while (call instanceof ResumableCall.OutOfFuel outOfFuel) {
          long left = budget - store.fuelConsumed();
          if (left < outOfFuel.requiredFuel()) {
            err.println(
                "out of fuel: the budget of "
                    + budget
                    + " is spent ("
                    + store.fuelConsumed()
                    + " consumed; the next block needs "
                    + outOfFuel.requiredFuel()
                    + ")");
            outOfFuel.abandon(store);
            call = null;
            status = Main.FAILURE;
            break;
          }
          store.setFuel(
              Math.min(left, Math.max(sliceSize > 0 ? sliceSize : left, outOfFuel.requiredFuel())));
          slices++;
          call = outOfFuel.resume(store);
        }
        if (call instanceof ResumableCall.Finished finished) {
          print(out, type, finished.results());
        } else if (call != null) {
          err.println("the call suspended: " + call);
          status = Main.FAILURE;
        }
      } else {
        print(out, type, f.call(store, params));
      }
    } catch (Trap trap) {
      err.println("trap: " + trap.getMessage());
      status = Main.FAILURE;
    } catch (WasiExit exit) {
      status = exit.exitCode();
    }
    if (wasi) {
      out.write(context.stdout(), 0, context.stdout().length);
      err.write(context.stderr(), 0, context.stderr().length);
      out.flush();
    }
    long executeMicros = (System.nanoTime() - start) / 1000;
    if (stats) {
      err.printf(
          "{\"fuelConsumed\": %d, \"slices\": %d, \"compilationMode\": \"%s\", \"translateMicros\":"
              + " %d, \"executeMicros\": %d, \"irExecuted\": %d, \"compiledFunctions\": %d,"
              + " \"refusedFunctions\": %d, \"splitFunctions\": %d, \"compileMicros\": %d}%n",
          metered ? store.fuelConsumed() : -1,
          slices,
          Options.Mode.name(mode),
          module.translateNanos() / 1000,
          executeMicros,
          store.irInstructionsExecuted(),
          module.compiledFunctions(),
          module.refusedFunctions(),
          module.splitFunctions(),
          module.compileNanos() / 1000);
    }
    return status;
  }

  /** The WASI view: argv[0] the file's name, the arguments, --env, --stdin (else ours). */
  private WasiContext wasiContext() {
    byte[] input;
    try {
      input = stdin != null ? Options.read(spec, stdin) : System.in.readAllBytes();
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read stdin: " + Options.reason(e));
    }
    List<String> argv = new ArrayList<>();
    argv.add(file.getFileName().toString());
    argv.addAll(args);
    try {
      return new WasiContext(
          WasiConfig.builder()
              .args(argv)
              .env(env)
              .stdin(input)
              .stdoutCap(64 << 20)
              .stderrCap(64 << 20)
              .deterministic(deterministic)
              .build());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static void print(PrintStream out, FuncType type, long[] results) {
    int cell = 0;
    for (ValType t : type.results()) {
      out.println(
          t == ValType.V128
              ? Values.formatV128(results[cell], results[cell + 1])
              : Values.format(t, results[cell]));
      cell += t.cells();
    }
  }
}
