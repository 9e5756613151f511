package io.timeslice.bench;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import java.util.Map;
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
 * SIMD execution speed: the kernels of {@code programs/wasm/simd-bench.wasm} (built from {@code
 * programs/bench/simd.c} with {@code -msimd128}) through Timeslice's interpreter and its compiled
 * tier (every function compiled on its first call). Chicory 1.7.5's interpreter and compiler do not
 * run SIMD ("Machine doesn't recognize Instruction V128_CONST"), so there is no JVM peer in this
 * run; Node's results, {@link #EXPECTED}, check the answers. See docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SimdBenchmark {
  /** Each kernel's argument (rounds) and its result under Node 20's V8, the reference engine. */
  static final Map<String, long[]> EXPECTED =
      Map.of(
          "simd_dot", new long[] {50, 1_228_506},
          "simd_blur", new long[] {10, 435},
          "simd_hash", new long[] {50, 522_874_207});

  @Param({"simd_dot", "simd_blur", "simd_hash"})
  public String kernel;

  private long arg;
  private Store<Void> store;
  private Func timeslice;
  private Store<Void> compiledStore;
  private Func compiled;

  /** Instantiates the module and checks the kernel's result against V8's. */
  @Setup
  public void setUp() {
    byte[] bytes = BenchFiles.program("simd-bench.wasm");
    arg = EXPECTED.get(kernel)[0];
    Engine engine = new Engine();
    store = new Store<>(engine, null);
    timeslice =
        new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes)).func(kernel);
    Engine compiling = new Engine(Config.defaults().withTier(Tier.COMPILED_EAGER));
    compiledStore = new Store<>(compiling, null);
    compiled =
        new Linker<Void>(compiling)
            .instantiate(compiledStore, Module.compile(compiling, bytes))
            .func(kernel);
    if ((int) timeslice() != (int) EXPECTED.get(kernel)[1]
        || (int) compiled() != (int) EXPECTED.get(kernel)[1]) {
      throw new IllegalStateException(kernel + ": not V8's result");
    }
  }

  /** Timeslice's register-IR interpreter, v128 in two cells. */
  @Benchmark
  public long timeslice() {
    return timeslice.call(store, arg)[0];
  }

  /** Timeslice's compiled tier: every SIMD op on its locals (docs/tiers.md). */
  @Benchmark
  public long compiled() {
    return compiled.call(compiledStore, arg)[0];
  }
}
