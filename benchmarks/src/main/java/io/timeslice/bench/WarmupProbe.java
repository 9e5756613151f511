package io.timeslice.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Warm-up: the time from a cold JVM's first call of a corpus program to full speed, per engine
 * (issue 19). Each (engine, program) runs in a JVM of its own, started by this probe with the flags
 * the service uses, so that neither the JVM's compiler nor ours has seen the program before. The
 * child loads the module, then calls the program's benchmark argument back to back for {@code
 * -Dseconds} (default 20) and records each call's wall time. Printed per row: the module's load
 * time (decode, validate, translate; Chicory's compiler compiles the whole module here), the first
 * call, the steady call (median of the last fifth), and the time from the first call until calls
 * stay within 1.25× of steady (the start of the first run of ten calls that all are).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.timeslice.bench.WarmupProbe [PROGRAM...]
 * }</pre>
 */
public final class WarmupProbe {
  private static final List<String> ENGINES =
      List.of("tiered+fuel", "interpreter+fuel", "compiled+fuel", "chicory", "chicory-compiler");
  private static final double WITHIN = 1.25;
  private static final int RUN = 10;

  private WarmupProbe() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 3 && args[0].equals("--child")) {
      child(args[1], Corpus.get(args[2]), Long.getLong("seconds", 20));
      return;
    }
    List<String> programs =
        args.length > 0 ? List.of(args) : Corpus.all().stream().map(Corpus.Program::name).toList();
    System.out.println(
        "| program | engine | load ms | first call ms | steady ms | full speed after ms (calls) |");
    System.out.println("|---|---|---|---|---|---|");
    for (String program : programs) {
      for (String engine : ENGINES) {
        spawn(engine, program);
      }
    }
  }

  private static void spawn(String engine, String program)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-XX:-DontCompileHugeMethods",
            "-Dcom.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM=none",
            "-Dseconds=" + Long.getLong("seconds", 20),
            "-cp",
            System.getProperty("java.class.path"),
            WarmupProbe.class.getName(),
            "--child",
            engine,
            program);
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (p.waitFor() != 0) {
      System.out.printf("| %s | %s | failed (exit %d) | | | |%n", program, engine, p.exitValue());
    }
  }

  private static void child(String engine, Corpus.Program p, long seconds) {
    byte[] bytes = p.bytes();
    long loadStart = System.nanoTime();
    LongSupplier call = load(engine, bytes, p);
    long loadNanos = System.nanoTime() - loadStart;
    List<Long> calls = new ArrayList<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end || calls.size() < 5 * RUN) {
      long start = System.nanoTime();
      long checksum = call.getAsLong();
      calls.add(System.nanoTime() - start);
      if (checksum != p.benchChecksum()) {
        throw new IllegalStateException(engine + " returns " + checksum + " for " + p.name());
      }
    }
    long[] tail =
        calls.subList(calls.size() - calls.size() / 5, calls.size()).stream()
            .mapToLong(Long::longValue)
            .toArray();
    Arrays.sort(tail);
    long steady = tail[tail.length / 2];
    int warm = warmFrom(calls, steady);
    long warmNanos = 0;
    for (int i = 0; i < warm; i++) {
      warmNanos += calls.get(i);
    }
    System.out.printf(
        "| %s | %s | %.1f | %.1f | %.2f | %s |%n",
        p.name(),
        engine,
        loadNanos / 1e6,
        calls.getFirst() / 1e6,
        steady / 1e6,
        warm < 0 ? "not within " + seconds + " s" : "%.0f (%d)".formatted(warmNanos / 1e6, warm));
  }

  /** The first call from which {@link #RUN} calls in a row are within {@link #WITHIN} of steady. */
  private static int warmFrom(List<Long> calls, long steady) {
    int inRow = 0;
    for (int i = 0; i < calls.size(); i++) {
      inRow = calls.get(i) <= steady * WITHIN ? inRow + 1 : 0;
      if (inRow == RUN) {
        return i - RUN + 1;
      }
    }
    return -1;
  }

  private static LongSupplier load(String engine, byte[] bytes, Corpus.Program p) {
    int arg = p.benchArg();
    return switch (engine) {
      case "chicory", "chicory-compiler" -> {
        WasmModule module = Parser.parse(bytes);
        var builder = com.dylibso.chicory.runtime.Instance.builder(module);
        if (engine.equals("chicory-compiler")) {
          builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        ExportFunction f = builder.build().export(p.export());
        yield () -> f.apply(arg)[0];
      }
      default -> {
        Tier tier =
            switch (engine) {
              case "tiered+fuel" -> Tier.TIERED;
              case "interpreter+fuel" -> Tier.INTERPRETER_ONLY;
              case "compiled+fuel" -> Tier.COMPILED_EAGER;
              default -> throw new IllegalArgumentException("no engine " + engine);
            };
        Engine e = new Engine(Config.defaults().withConsumeFuel(true).withTier(tier));
        Store<Void> store = new Store<>(e, null);
        Func run =
            new Linker<Void>(e).instantiate(store, Module.compile(e, bytes)).func(p.export());
        yield () -> {
          store.setFuel(Long.MAX_VALUE / 2);
          return run.call(store, arg)[0];
        };
      }
    };
  }
}
