package io.timeslice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.scheduler.fair.Fairness;
import io.timeslice.storage.JobStatus;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler running real Wasm jobs: outcomes, fairness, starvation, isolation, cancel. */
class SchedulerTest {
  private static final Engine ENGINE = new Engine(Config.defaults().withConsumeFuel(true));
  private static final long QUANTUM = 100_000;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Scheduler scheduler;

  private static InstancePre<WasiContext> program(String file) throws IOException {
    Module module =
        Module.compile(ENGINE, Files.readAllBytes(Path.of("..", "programs", "wasm", file)));
    Linker<WasiContext> linker = new Linker<>(ENGINE);
    Wasi.define(linker, c -> c);
    return linker.instantiatePre(module);
  }

  private Scheduler start(int workers) {
    // 16 MiB memories: a memory bomb reaches the limit quickly (growth copies the memory).
    scheduler =
        new Scheduler(
            ENGINE,
            new SchedulerConfig(workers, QUANTUM, StoreLimits.DEFAULT.withMemoryBytes(16 << 20)),
            registry);
    return scheduler;
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private static JobSpec call(
      String tenant, InstancePre<WasiContext> p, String entry, long fuel, long... args) {
    return new JobSpec(tenant, p, entry, args, WasiConfig.of(entry), fuel, 0);
  }

  private double fuelOf(String tenant) {
    Counter c = registry.find("timeslice.fuel.consumed").tag("tenant", tenant).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aFunctionJobRunsInSlicesAndReturnsItsResults() throws Exception {
    Scheduler s = start(2);
    Job job = s.submit(call("a", program("bench.wasm"), "fib_rec", 100_000_000, 20));
    JobResult r = job.result().get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(r.results()).containsExactly(6765);
    // fib_rec(20) costs 353,824 fuel: four slices of 100,000.
    assertThat(r.fuelConsumed()).isEqualTo(353_824);
    assertThat(r.slices()).isEqualTo(4);
  }

  @Test
  void aWasiCommandRunsWithItsOutputCaptured() throws Exception {
    Scheduler s = start(1);
    Job job =
        s.submit(
            new JobSpec(
                "a",
                program("wasi-hello.wasm"),
                null,
                null,
                WasiConfig.of("hello"),
                10_000_000,
                0));
    JobResult r = job.result().get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(r.exitCode()).isZero();
    assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("hello from wasi\n");
  }

  /**
   * Runs saturating tenants until {@code totalFuel} more is spent once every tenant runs; returns
   * each tenant's fuel over that interval. The tenants submitted first run alone for a moment while
   * the others are submitted, and a tenant joining later starts at the queue's virtual time (it
   * does not win back what ran before it came), so the shares are measured from when all compete.
   */
  private double[] saturate(int tenants, int[] weights, double totalFuel) throws Exception {
    Scheduler s = start(2);
    InstancePre<WasiContext> jobs = program("jobs.wasm");
    List<Job> all = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      s.setWeight("t" + t, weights[t]);
      for (int j = 0; j < 3; j++) {
        all.add(s.submit(call("t" + t, jobs, "spin", Long.MAX_VALUE)));
      }
    }
    double[] start = new double[tenants];
    while (true) {
      boolean allRunning = true;
      for (int t = 0; t < tenants; t++) {
        start[t] = fuelOf("t" + t);
        allRunning &= start[t] > 0;
      }
      if (allRunning) {
        break;
      }
      Thread.sleep(1);
    }
    double[] fuel = new double[tenants];
    while (true) {
      double sum = 0;
      for (int t = 0; t < tenants; t++) {
        fuel[t] = fuelOf("t" + t) - start[t];
        sum += fuel[t];
      }
      if (sum >= totalFuel) {
        break;
      }
      Thread.sleep(10);
    }
    all.forEach(s::cancel);
    return fuel;
  }

  @Test
  void equalWeightsShareFuelFairlyAmongTwoTenants() throws Exception {
    double[] fuel = saturate(2, new int[] {1, 1}, 100 * QUANTUM);
    assertThat(Fairness.jainIndex(fuel)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void equalWeightsShareFuelFairlyAmongTenTenants() throws Exception {
    int[] ones = new int[10];
    java.util.Arrays.fill(ones, 1);
    double[] fuel = saturate(10, ones, 400 * QUANTUM);
    assertThat(Fairness.jainIndex(fuel)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void equalWeightsShareFuelFairlyAmongAHundredTenants() throws Exception {
    int[] ones = new int[100];
    java.util.Arrays.fill(ones, 1);
    double[] fuel = saturate(100, ones, 2000 * QUANTUM);
    assertThat(Fairness.jainIndex(fuel)).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void weightedSharesAreWithinFivePercent() throws Exception {
    int[] weights = {1, 2, 3};
    double[] fuel = saturate(3, weights, 1200 * QUANTUM);
    double total = fuel[0] + fuel[1] + fuel[2];
    for (int t = 0; t < 3; t++) {
      double expected = weights[t] / 6.0;
      assertThat(fuel[t] / total).as("share of t%d", t).isBetween(expected * 0.95, expected * 1.05);
    }
  }

  @Test
  void aNewTenantIsNotStarvedByAFloodOfQueuedJobs() throws Exception {
    // Long slices (10 million fuel, several milliseconds) so that counting them after B's job
    // ends does not race with the next ones.
    long quantum = 10_000_000;
    scheduler =
        new Scheduler(ENGINE, new SchedulerConfig(1, quantum, StoreLimits.DEFAULT), registry);
    Scheduler s = scheduler;
    InstancePre<WasiContext> jobs = program("jobs.wasm");
    List<Job> flood = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      flood.add(s.submit(call("a", jobs, "work", 10 * quantum, 100_000_000)));
    }
    Thread.sleep(50);
    Counter slices = registry.find("timeslice.job.slices").counter();
    double before = slices.count();
    Job b = s.submit(call("b", jobs, "work", 10 * quantum, 10));
    JobResult r = b.result().get(30, TimeUnit.SECONDS);
    double after = slices.count();
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    // Two active tenants, one worker: B's job runs within two quanta of its submission (the slice
    // running when it came, and at most one more of A's), plus its own.
    assertThat(after - before).isLessThanOrEqualTo(3);
    flood.forEach(s::cancel);
  }

  @Test
  void misbehavingJobsEndWithTheirOutcomesWhileAnotherTenantsJobsComplete() throws Exception {
    Scheduler s = start(2);
    InstancePre<WasiContext> jobs = program("jobs.wasm");
    Job spin = s.submit(call("bad", jobs, "spin", 50 * QUANTUM));
    Job bomb = s.submit(call("bad", jobs, "grow_bomb", Long.MAX_VALUE));
    Job deep = s.submit(call("bad", jobs, "deep", Long.MAX_VALUE, 0));
    Job flood =
        s.submit(
            new JobSpec(
                "bad",
                program("wasi-flood.wasm"),
                null,
                null,
                WasiConfig.of("flood").withOutputCaps(10_000, 10_000, true),
                Long.MAX_VALUE,
                0));
    List<Job> good = new ArrayList<>();
    InstancePre<WasiContext> bench = program("bench.wasm");
    for (int i = 0; i < 20; i++) {
      good.add(s.submit(call("good", bench, "fib_rec", 10_000_000, 15)));
    }
    for (Job g : good) {
      JobResult r = g.result().get(60, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.results()).containsExactly(610);
    }
    assertThat(spin.result().get(60, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.EXHAUSTED);
    JobResult b = bomb.result().get(60, TimeUnit.SECONDS);
    assertThat(b.status()).isEqualTo(JobStatus.FAILED);
    assertThat(b.failure().trapCode()).isEqualTo("UNREACHABLE");
    JobResult d = deep.result().get(60, TimeUnit.SECONDS);
    assertThat(d.status()).isEqualTo(JobStatus.FAILED);
    assertThat(d.failure().trapCode()).isEqualTo("CALL_STACK_EXHAUSTED");
    JobResult f = flood.result().get(60, TimeUnit.SECONDS);
    assertThat(f.exitCode()).isEqualTo(Wasi.OUTPUT_LIMIT_EXIT_CODE);
    assertThat(f.stdout()).hasSize(10_000);
  }

  @Test
  void cancellingStopsARunningJobAndAQueuedOne() throws Exception {
    Scheduler s = start(1);
    InstancePre<WasiContext> jobs = program("jobs.wasm");
    Job running = s.submit(call("a", jobs, "spin", Long.MAX_VALUE));
    Job queued = s.submit(call("a", jobs, "spin", Long.MAX_VALUE));
    while (running.status() != JobStatus.RUNNING) {
      Thread.sleep(1);
    }
    assertThat(s.cancel(queued)).isTrue();
    assertThat(s.cancel(running)).isTrue();
    assertThat(running.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(queued.result().get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(s.cancel(running)).isFalse();
  }

  @Test
  void aSleepingJobHoldsNoWorker() throws Exception {
    Scheduler s = start(1);
    Job sleeper =
        s.submit(
            new JobSpec(
                "a",
                program("wasi-sleep.wasm"),
                null,
                null,
                WasiConfig.of("sleep").withArgs("300"),
                10_000_000,
                0));
    Thread.sleep(50);
    // With one worker, a job of another tenant completes while the first one sleeps.
    Job quick = s.submit(call("b", program("bench.wasm"), "fib_rec", 10_000_000, 10));
    assertThat(quick.result().get(5, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(sleeper.status()).isEqualTo(JobStatus.RUNNING);
    JobResult r = sleeper.result().get(30, TimeUnit.SECONDS);
    assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("slept 300 ms\n");
  }
}
