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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run FILE.wasm|FILE.wat [OPTIONS] --invoke NAME [ARG...]}: instantiates a module that
 * imports nothing and calls an exported function with arguments parsed by its signature; prints the
 * results one per line (integers signed, floats in Java's shortest round-trip form). A trap is
 * printed with its code's message and exits 1. Options: {@code --fuel N} (a total budget; running
 * out is an error naming fuel), {@code --slice N} (run resumably in slices of N fuel), {@code
 * --compilation-mode eager|lazy-translation|lazy}, {@code --tier interpreter|tiered|compiled}
 * (docs/tiers.md), {@code --stats} (one JSON line on stderr).
 */
final class RunCommand implements Main.Command {
  @Override
  public String usage() {
    return "run FILE.wasm|FILE.wat [--fuel N] [--slice N] [--compilation-mode M] [--tier T]"
        + " [--stats] (--invoke NAME"
        + " [ARG...] | [--wasi] [--env K=V]... [--stdin FILE] [--deterministic] [-- ARG...])"
        + "  call an export, or run a WASI command";
  }

  private record Options(
      Path file,
      long fuel,
      long slice,
      CompilationMode mode,
      Tier tier,
      boolean stats,
      String name,
      List<String> args,
      Map<String, String> env,
      Path stdin,
      boolean deterministic) {}

  private static Options parse(String[] args) {
    if (args.length < 1) {
      return null;
    }
    long fuel = -1;
    long slice = -1;
    CompilationMode mode = CompilationMode.EAGER;
    Tier tier = Tier.INTERPRETER_ONLY;
    boolean stats = false;
    Map<String, String> env = new java.util.LinkedHashMap<>();
    Path stdin = null;
    boolean deterministic = false;
    int i = 1;
    for (; i < args.length && !args[i].equals("--invoke") && !args[i].equals("--"); i++) {
      switch (args[i]) {
        case "--fuel" -> fuel = Long.parseLong(args[++i].replace("_", ""));
        case "--slice" -> slice = Long.parseLong(args[++i].replace("_", ""));
        case "--compilation-mode" ->
            mode = CompilationMode.valueOf(args[++i].toUpperCase(Locale.ROOT).replace('-', '_'));
        case "--tier" -> tier = tier(args[++i]);
        case "--stats" -> stats = true;
        case "--wasi" -> {}
        case "--env" -> {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--env needs K=V: " + kv);
          }
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--stdin" -> stdin = Path.of(args[++i]);
        case "--deterministic" -> deterministic = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (fuel == 0 || slice == 0 || fuel < -1 || slice < -1) {
      return null;
    }
    if (i >= args.length || args[i].equals("--")) {
      // A WASI command: the arguments after "--" are its own.
      List<String> rest = i >= args.length ? List.of() : List.of(args).subList(i + 1, args.length);
      return new Options(
          Path.of(args[0]), fuel, slice, mode, tier, stats, null, rest, env, stdin, deterministic);
    }
    if (i + 1 >= args.length) {
      return null;
    }
    List<String> rest = new ArrayList<>(List.of(args).subList(i + 2, args.length));
    return new Options(
        Path.of(args[0]),
        fuel,
        slice,
        mode,
        tier,
        stats,
        args[i + 1],
        rest,
        env,
        stdin,
        deterministic);
  }

  private static Tier tier(String name) {
    return switch (name) {
      case "interpreter" -> Tier.INTERPRETER_ONLY;
      case "tiered" -> Tier.TIERED;
      case "compiled" -> Tier.COMPILED_EAGER;
      default -> throw new IllegalArgumentException("unknown tier " + name);
    };
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      o = null;
    }
    if (o == null) {
      err.println("usage: timeslice-wasm " + usage());
      return 2;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(o.file());
    } catch (IOException e) {
      err.println("cannot read " + o.file() + ": " + e.getMessage());
      return 2;
    }
    boolean metered = o.fuel() > 0 || o.slice() > 0;
    Engine engine =
        new Engine(
            Config.builder().consumeFuel(metered).compilationMode(o.mode()).tier(o.tier()).build());
    boolean wasi = o.name() == null;
    WasiContext context = null;
    if (wasi) {
      try {
        byte[] stdin = o.stdin() != null ? Files.readAllBytes(o.stdin()) : System.in.readAllBytes();
        List<String> argv = new ArrayList<>();
        argv.add(o.file().getFileName().toString());
        argv.addAll(o.args());
        context =
            new WasiContext(
                WasiConfig.builder()
                    .args(argv)
                    .env(o.env())
                    .stdin(stdin)
                    .stdoutCap(64 << 20)
                    .stderrCap(64 << 20)
                    .deterministic(o.deterministic())
                    .build());
      } catch (IOException e) {
        err.println("cannot read stdin: " + e.getMessage());
        return 2;
      }
    }
    Store<WasiContext> store = new Store<>(engine, context);
    Module module;
    Func f;
    try {
      module = Module.compile(engine, bytes);
      Linker<WasiContext> linker = new Linker<>(engine);
      Wasi.define(linker, c -> c);
      f = linker.instantiate(store, module).func(wasi ? "_start" : o.name());
    } catch (WasmException | IllegalArgumentException e) {
      err.println(o.file() + ": " + e.getMessage());
      return 1;
    }
    FuncType type = f.type();
    if (wasi) {
      o =
          new Options(
              o.file(),
              o.fuel(),
              o.slice(),
              o.mode(),
              o.tier(),
              o.stats(),
              "_start",
              List.of(),
              o.env(),
              o.stdin(),
              o.deterministic());
    }
    if (o.args().size() != type.paramCount()) {
      err.println(
          o.name() + " has signature " + type + ": it takes " + type.paramCount() + " arguments");
      return 2;
    }
    long[] params = new long[o.args().size()];
    try {
      for (int i = 0; i < params.length; i++) {
        params[i] = Values.parse(type.param(i), o.args().get(i));
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    long budget = o.fuel() > 0 ? o.fuel() : Long.MAX_VALUE;
    long start = System.nanoTime();
    int slices = 1;
    int status = 0;
    try {
      if (metered) {
        long grant = o.slice() > 0 ? Math.min(o.slice(), budget) : budget;
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
            status = 1;
            break;
          }
          store.setFuel(
              Math.min(left, Math.max(o.slice() > 0 ? o.slice() : left, outOfFuel.requiredFuel())));
          slices++;
          call = outOfFuel.resume(store);
        }
        if (call instanceof ResumableCall.Finished finished) {
          print(out, type, finished.results());
        } else if (call != null) {
          err.println("the call suspended: " + call);
          status = 1;
        }
      } else {
        print(out, type, f.call(store, params));
      }
    } catch (Trap trap) {
      err.println("trap: " + trap.getMessage());
      status = 1;
    } catch (WasiExit exit) {
      status = exit.exitCode();
    }
    if (wasi) {
      out.write(context.stdout(), 0, context.stdout().length);
      err.write(context.stderr(), 0, context.stderr().length);
      out.flush();
    }
    long executeMicros = (System.nanoTime() - start) / 1000;
    if (o.stats()) {
      err.printf(
          "{\"fuelConsumed\": %d, \"slices\": %d, \"compilationMode\": \"%s\", \"translateMicros\":"
              + " %d, \"executeMicros\": %d, \"irExecuted\": %d, \"compiledFunctions\": %d,"
              + " \"refusedFunctions\": %d, \"compileMicros\": %d}%n",
          metered ? store.fuelConsumed() : -1,
          slices,
          o.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          module.translateNanos() / 1000,
          executeMicros,
          store.irInstructionsExecuted(),
          module.compiledFunctions(),
          module.refusedFunctions(),
          module.compileNanos() / 1000);
    }
    return status;
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
