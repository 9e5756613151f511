package io.timeslice.bench;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The thread-CPU time of single calls, to tell the spread between JVMs from the spread within one:
 * JMH's wall-clock averages mix both, and on a shared VM both are wide (docs/benchmarks.md). After
 * a warm-up it times 40 calls of each workload with {@link ThreadMXBean}, which leaves out the time
 * the VM is not scheduled, and prints the minimum and the median. Run one workload per JVM, several
 * JVMs in a row:
 *
 * <pre>{@code
 * java [-Dfuel=true] [-Dwarm=SECONDS] -cp benchmarks/target/benchmarks.jar \
 *   io.timeslice.bench.CpuTimeProbe sieve
 * }</pre>
 */
public final class CpuTimeProbe {
  private static final int CALLS = 40;

  private CpuTimeProbe() {}

  public static void main(String[] args) {
    boolean fuel = Boolean.getBoolean("fuel");
    long warmNanos = Long.getLong("warm", 6) * 1_000_000_000L;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    byte[] bytes = BenchFiles.program("bench.wasm");
    for (String workload : args) {
      Engine engine = new Engine(Config.defaults().withConsumeFuel(fuel));
      Store<Void> store = new Store<>(engine, null);
      if (fuel) {
        store.setFuel(Long.MAX_VALUE);
      }
      Func func =
          new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes)).func(workload);
      long arg = Workloads.arg(workload);
      long end = System.nanoTime() + warmNanos;
      while (System.nanoTime() < end) {
        func.call(store, arg);
      }
      long[] nanos = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        long start = threads.getCurrentThreadCpuTime();
        func.call(store, arg);
        nanos[i] = threads.getCurrentThreadCpuTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "%s fuel=%s min=%.0f us median=%.0f us%n",
          workload, fuel, nanos[0] / 1e3, nanos[CALLS / 2] / 1e3);
    }
  }
}
