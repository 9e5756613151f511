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
import io.timeslice.wasm.ValType;
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
 * Execution speed: each workload of {@code programs/wasm/bench.wasm} called through Timeslice's
 * interpreter and compiled tier, each with fuel metering off and on, Chicory's interpreter and
 * Chicory's compiler (Wasm to JVM bytecode) in the same run. Setup checks that all of them compute
 * the same result, so a fast wrong answer cannot win. See docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dcom.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM=none")
@State(Scope.Benchmark)
public class ExecuteBenchmark {
  @Param({"fib_rec", "fib_iter", "sieve", "matmul_f32", "matmul_f64", "sha256", "sort", "interp"})
  public String workload;

  private long arg;
  private Store<Void> store;
  private Func timeslice;
  private Store<Void> meteredStore;
  private Func timesliceFuel;
  private Store<Void> compiledStore;
  private Func compiled;
  private Store<Void> compiledMeteredStore;
  private Func compiledFuel;
  private ExportFunction chicoryInterpreter;
  private ExportFunction chicoryCompiler;

  /** Instantiates the module in every engine and checks that they agree. */
  @Setup
  public void setUp() {
    byte[] bytes = BenchFiles.program("bench.wasm");
    arg = Workloads.arg(workload);
    Engine engine = new Engine();
    store = new Store<>(engine, null);
    timeslice =
        new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes)).func(workload);
    Engine metered = new Engine(Config.defaults().withConsumeFuel(true));
    meteredStore = new Store<>(metered, null);
    timesliceFuel =
        new Linker<Void>(metered)
            .instantiate(meteredStore, Module.compile(metered, bytes))
            .func(workload);
    Engine tiered = new Engine(Config.defaults().withTier(Tier.COMPILED_EAGER));
    compiledStore = new Store<>(tiered, null);
    compiled =
        new Linker<Void>(tiered)
            .instantiate(compiledStore, Module.compile(tiered, bytes))
            .func(workload);
    Engine tieredMetered =
        new Engine(Config.defaults().withTier(Tier.COMPILED_EAGER).withConsumeFuel(true));
    compiledMeteredStore = new Store<>(tieredMetered, null);
    compiledFuel =
        new Linker<Void>(tieredMetered)
            .instantiate(compiledMeteredStore, Module.compile(tieredMetered, bytes))
            .func(workload);
    WasmModule module = Parser.parse(bytes);
    chicoryInterpreter =
        com.dylibso.chicory.runtime.Instance.builder(module).build().export(workload);
    chicoryCompiler =
        com.dylibso.chicory.runtime.Instance.builder(module)
            .withMachineFactory(MachineFactoryCompiler.compile(module))
            .build()
            .export(workload);
    long expected = timeslice();
    if (!same(chicoryInterpreter(), expected)
        || !same(chicoryCompiler(), expected)
        || !same(timesliceFuel(), expected)
        || !same(compiled(), expected)
        || !same(compiledFuel(), expected)) {
      throw new IllegalStateException(workload + ": the engines disagree");
    }
  }

  /**
   * Equal results; an i32 may come sign-extended from one engine and zero-extended from another.
   */
  private boolean same(long a, long b) {
    return timeslice.type().result(0) == ValType.I32 ? (int) a == (int) b : a == b;
  }

  /** Timeslice's register-IR interpreter. */
  @Benchmark
  public long timeslice() {
    return timeslice.call(store, arg)[0];
  }

  /** Timeslice's interpreter with fuel metering on (a budget that never runs out). */
  @Benchmark
  public long timesliceFuel() {
    meteredStore.setFuel(Long.MAX_VALUE / 2);
    return timesliceFuel.call(meteredStore, arg)[0];
  }

  /** Timeslice's compiled tier (every function compiled on its first call), fuel off. */
  @Benchmark
  public long compiled() {
    return compiled.call(compiledStore, arg)[0];
  }

  /** Timeslice's compiled tier with fuel metering on. */
  @Benchmark
  public long compiledFuel() {
    compiledMeteredStore.setFuel(Long.MAX_VALUE / 2);
    return compiledFuel.call(compiledMeteredStore, arg)[0];
  }

  /** Chicory's interpreter, the JVM peer. */
  @Benchmark
  public long chicoryInterpreter() {
    return chicoryInterpreter.apply(arg)[0];
  }

  /** Chicory's compiler to JVM bytecode, for reference (not an interpreter). */
  @Benchmark
  public long chicoryCompiler() {
    return chicoryCompiler.apply(arg)[0];
  }
}
