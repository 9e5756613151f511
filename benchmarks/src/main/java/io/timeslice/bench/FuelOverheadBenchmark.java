package io.timeslice.bench;

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
 * What fuel metering costs: every workload of {@code programs/wasm/bench.wasm} with metering off
 * (interruption checks only) and on (a charge per basic block), in the interpreter and the compiled
 * tier, in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FuelOverheadBenchmark {
  @Param({"fib_rec", "fib_iter", "sieve", "matmul_f32", "matmul_f64", "sha256", "sort", "interp"})
  public String workload;

  @Param({"false", "true"})
  public boolean fuel;

  /** The tier that runs the workload: {@code INTERPRETER_ONLY} or {@code COMPILED_EAGER}. */
  @Param({"INTERPRETER_ONLY", "COMPILED_EAGER"})
  public Tier tier;

  private long arg;
  private Store<Void> store;
  private Func func;

  /** Instantiates the workload with metering on or off. */
  @Setup
  public void setUp() {
    Engine engine = new Engine(Config.builder().tier(tier).consumeFuel(fuel).build());
    arg = Workloads.arg(workload);
    store = new Store<>(engine, null);
    if (fuel) {
      store.setFuel(Long.MAX_VALUE);
    }
    func =
        new Linker<Void>(engine)
            .instantiate(store, Module.compile(engine, BenchFiles.program("bench.wasm")))
            .func(workload);
  }

  /** One call. */
  @Benchmark
  public long call() {
    return func.call(store, arg)[0];
  }
}
