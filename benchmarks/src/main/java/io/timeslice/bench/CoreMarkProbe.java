package io.timeslice.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * CoreMark ({@code ../shared/bench/coremark.wasm}, EEMBC's CPU benchmark compiled to wasm32) under
 * every engine in one JVM: Timeslice's interpreter and compiled tier with fuel off and on,
 * Chicory's interpreter and compiler. CoreMark times itself ({@code env.clock_ms}) and returns its
 * score, iterations per second, valid only when its timed part ran 10 s or more (else 0); each
 * engine compiles the module once and runs {@code rounds} fresh instances of it, and the last score
 * counts (the first ones warm the JVM up, and a round whose speed changed under CoreMark's own
 * calibration scores 0). Not JMH: the benchmark measures itself, over ten seconds or more.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.timeslice.bench.CoreMarkProbe [rounds] [engine...]
 * </pre>
 */
public final class CoreMarkProbe {
  private CoreMarkProbe() {}

  private static final List<String> ENGINES =
      List.of(
          "interpreter",
          "interpreter+fuel",
          "compiled",
          "compiled+fuel",
          "tiered+fuel",
          "chicory-interpreter",
          "chicory-compiler");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<String> engines = args.length > 1 ? List.of(args).subList(1, args.length) : ENGINES;
    byte[] wasm = Files.readAllBytes(coremark());
    System.out.println("engine\tround\tscore\tseconds");
    for (String engine : engines) {
      // One module per engine, a fresh instance per round: the JVM's compiled code of the first
      // rounds serves the last, whose score counts.
      Supplier<Float> run = prepare(engine, wasm);
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        float score = run.get();
        System.out.printf(
            "%s\t%d\t%.1f\t%.1f%n", engine, round, score, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  static Path coremark() {
    Path p =
        BenchFiles.root().resolve("..").resolve("shared").resolve("bench").resolve("coremark.wasm");
    if (!Files.exists(p)) {
      throw new IllegalStateException("coremark.wasm not found at " + p.normalize());
    }
    return p;
  }

  /** CoreMark's clock: milliseconds since its first call. */
  private static LongSupplier clock() {
    long[] first = {-1};
    return () -> {
      long now = System.nanoTime() / 1_000_000;
      if (first[0] < 0) {
        first[0] = now;
      }
      return now - first[0];
    };
  }

  private static Supplier<Float> prepare(String engine, byte[] wasm) {
    return switch (engine) {
      case "interpreter" -> timeslice(wasm, Tier.INTERPRETER_ONLY, false);
      case "interpreter+fuel" -> timeslice(wasm, Tier.INTERPRETER_ONLY, true);
      case "compiled" -> timeslice(wasm, Tier.COMPILED_EAGER, false);
      case "compiled+fuel" -> timeslice(wasm, Tier.COMPILED_EAGER, true);
      case "tiered+fuel" -> timeslice(wasm, Tier.TIERED, true);
      case "chicory-interpreter" -> chicory(wasm, false);
      case "chicory-compiler" -> chicory(wasm, true);
      default -> throw new IllegalArgumentException("unknown engine " + engine + "; " + ENGINES);
    };
  }

  private static Supplier<Float> timeslice(byte[] wasm, Tier tier, boolean fuel) {
    Engine engine = new Engine(Config.builder().tier(tier).consumeFuel(fuel).build());
    Module module = Module.compile(engine, wasm);
    return () -> {
      LongSupplier clock = clock();
      Store<Void> store = new Store<>(engine, null);
      if (fuel) {
        store.setFuel(Long.MAX_VALUE / 2);
      }
      Linker<Void> linker =
          new Linker<Void>(engine)
              .func(
                  "env",
                  "clock_ms",
                  new FuncType(List.of(), List.of(io.timeslice.wasm.ValType.I32)),
                  (caller, args) -> new long[] {clock.getAsLong()});
      long bits = linker.instantiate(store, module).func("run").call(store)[0];
      return Float.intBitsToFloat((int) bits);
    };
  }

  private static Supplier<Float> chicory(byte[] wasm, boolean compiler) {
    WasmModule module = Parser.parse(wasm);
    var machine = compiler ? MachineFactoryCompiler.compile(module) : null;
    return () -> {
      LongSupplier clock = clock();
      HostFunction clockMs =
          new HostFunction(
              "env",
              "clock_ms",
              List.of(),
              new ArrayList<>(List.of(ValType.I32)),
              (instance, args) -> new long[] {clock.getAsLong()});
      var builder =
          com.dylibso.chicory.runtime.Instance.builder(module)
              .withImportValues(ImportValues.builder().addFunction(clockMs).build());
      if (machine != null) {
        builder.withMachineFactory(machine);
      }
      long bits = builder.build().export("run").apply()[0];
      return Float.intBitsToFloat((int) bits);
    };
  }
}
