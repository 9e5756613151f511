package io.timeslice.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.scheduler.Job;
import io.timeslice.scheduler.JobSpec;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory scheduler's costs: one job of {@code work(2,000,000)} (18 million fuel) run in
 * slices of {@code quantum} fuel — the difference per slice against one huge quantum is the
 * scheduling overhead per slice (suspend, re-queue, fair pick, resume) — and the throughput of
 * trivial jobs ({@code work(1)}, instantiation included) on two workers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SchedulerBenchmark {
  @Param({"10000", "100000", "1000000000"})
  public long quantum;

  private final Engine engine = new Engine(Config.defaults().withConsumeFuel(true));
  private Scheduler scheduler;
  private InstancePre<WasiContext> jobs;

  /** Starts a scheduler with the quantum. */
  @Setup(Level.Trial)
  public void start() {
    scheduler =
        new Scheduler(
            engine,
            new SchedulerConfig(2, quantum, StoreLimits.DEFAULT),
            new SimpleMeterRegistry());
    Linker<WasiContext> linker = new Linker<>(engine);
    Wasi.define(linker, c -> c);
    jobs = linker.instantiatePre(Module.compile(engine, BenchFiles.program("jobs.wasm")));
  }

  /** Stops it. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    scheduler.close();
  }

  private JobSpec work(long n) {
    return new JobSpec("t", jobs, "work", new long[] {n}, WasiConfig.of("work"), Long.MAX_VALUE, 0);
  }

  /** One 18-million-fuel job, sliced by the quantum. */
  @Benchmark
  public Object slicedJob() throws Exception {
    return scheduler.submit(work(2_000_000)).result().get();
  }

  /** 1,000 trivial jobs submitted at once; the score is per job. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public Object trivialJobs() throws Exception {
    List<Job> submitted = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      submitted.add(scheduler.submit(work(1)));
    }
    Object last = null;
    for (Job j : submitted) {
      last = j.result().get();
    }
    return last;
  }
}
