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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The corpus of real programs ({@link Corpus}) in every engine of one run: Timeslice's interpreter
 * and compiled tier, each with fuel off and on, tiered with fuel (the service's setting), Chicory's
 * interpreter and Chicory's compiler. Each call runs the program's benchmark argument; setup checks
 * every engine against V8's checksum, twice (a program must give the same answer when called
 * again), so a fast wrong answer cannot win. See docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
// The JVM compiles huge methods: Chicory's compiler generates methods over 8,000 bytes, which run
// interpreted otherwise; Timeslice's compiled tier generates none (it splits large functions,
// docs/tiers.md), so the flag changes nothing for it.
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dcom.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM=none",
      "-XX:-DontCompileHugeMethods"
    })
@State(Scope.Benchmark)
public class CorpusBenchmark {
  @Param({
    "miniz",
    "zlib",
    "serde-json",
    "regex",
    "sha2",
    "blake3",
    "nbody",
    "sort",
    "raytracer",
    "sqlite"
  })
  public String program;

  private int arg;
  private Timeslice interpreter;
  private Timeslice interpreterFuel;
  private Timeslice compiled;
  private Timeslice compiledFuel;
  private Timeslice tieredFuel;
  private ExportFunction chicoryInterpreter;
  private ExportFunction chicoryCompiler;

  /** One Timeslice engine configuration with its instance of the program. */
  private record Timeslice(Store<Void> store, Func run, boolean metered) {
    static Timeslice of(Config config, byte[] bytes, String export) {
      Engine engine = new Engine(config);
      Store<Void> store = new Store<>(engine, null);
      Func run =
          new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes)).func(export);
      return new Timeslice(store, run, config.consumeFuel());
    }

    long call(int arg) {
      if (metered) {
        store.setFuel(Long.MAX_VALUE / 2);
      }
      return run.call(store, arg)[0];
    }
  }

  @Setup
  public void setUp() {
    Corpus.Program p = Corpus.get(program);
    byte[] bytes = p.bytes();
    arg = p.benchArg();
    Config fuel = Config.defaults().withConsumeFuel(true);
    interpreter = Timeslice.of(Config.defaults(), bytes, p.export());
    interpreterFuel = Timeslice.of(fuel, bytes, p.export());
    compiled = Timeslice.of(Config.defaults().withTier(Tier.COMPILED_EAGER), bytes, p.export());
    compiledFuel = Timeslice.of(fuel.withTier(Tier.COMPILED_EAGER), bytes, p.export());
    tieredFuel = Timeslice.of(fuel.withTier(Tier.TIERED), bytes, p.export());
    WasmModule module = Parser.parse(bytes);
    chicoryInterpreter =
        com.dylibso.chicory.runtime.Instance.builder(module).build().export(p.export());
    chicoryCompiler =
        com.dylibso.chicory.runtime.Instance.builder(module)
            .withMachineFactory(MachineFactoryCompiler.compile(module))
            .build()
            .export(p.export());
    for (int round = 0; round < 2; round++) {
      check("interpreter", interpreter(), p);
      check("interpreter, fuel", interpreterFuel(), p);
      check("compiled", compiled(), p);
      check("compiled, fuel", compiledFuel(), p);
      check("tiered, fuel", tieredFuel(), p);
      check("Chicory's interpreter", chicoryInterpreter(), p);
      check("Chicory's compiler", chicoryCompiler(), p);
    }
  }

  private static void check(String engine, long checksum, Corpus.Program p) {
    if (checksum != p.benchChecksum()) {
      throw new IllegalStateException(
          p.name() + ": " + engine + " returns " + checksum + ", V8 " + p.benchChecksum());
    }
  }

  /** Timeslice's interpreter, fuel off. */
  @Benchmark
  public long interpreter() {
    return interpreter.call(arg);
  }

  /** Timeslice's interpreter, fuel on. */
  @Benchmark
  public long interpreterFuel() {
    return interpreterFuel.call(arg);
  }

  /** Timeslice's compiled tier (every function compiled on its first call), fuel off. */
  @Benchmark
  public long compiled() {
    return compiled.call(arg);
  }

  /** Timeslice's compiled tier, fuel on. */
  @Benchmark
  public long compiledFuel() {
    return compiledFuel.call(arg);
  }

  /** Tiered with fuel on, as the service runs jobs. */
  @Benchmark
  public long tieredFuel() {
    return tieredFuel.call(arg);
  }

  /** Chicory's interpreter, the JVM peer. */
  @Benchmark
  public long chicoryInterpreter() {
    return chicoryInterpreter.apply(arg)[0];
  }

  /** Chicory's compiler to JVM bytecode (no fuel, no suspension), for reference. */
  @Benchmark
  public long chicoryCompiler() {
    return chicoryCompiler.apply(arg)[0];
  }
}
