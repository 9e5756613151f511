package io.timeslice.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.Database;
import io.timeslice.storage.DatabaseConfig;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.WasmType;
import io.timeslice.storage.WasmValues;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.StoreLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
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
 * The durable scheduler's costs on the embedded PostgreSQL, end to end (submit committed, claim
 * under a lease, run on two workers, outcome recorded): one job of {@code work(2,000,000)} (18
 * million fuel) in slices of {@code quantum} fuel — against one huge quantum, the difference per
 * slice is the scheduling overhead per slice with persistence (heartbeats included) — and the
 * throughput of trivial jobs ({@code work(1)}), from the first submit to the last recorded end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DurableSchedulerBenchmark {
  @Param({"10000", "1000000000"})
  public long quantum;

  private final Engine engine = new Engine(Config.defaults().withConsumeFuel(true));
  private volatile CountDownLatch done = new CountDownLatch(0);
  private Path dataDir;
  private Database db;
  private Scheduler scheduler;
  private DurableScheduler durable;
  private long tenant;
  private byte[] module;

  /** Starts an embedded PostgreSQL, a scheduler of two workers and its durable layer. */
  @Setup(Level.Trial)
  public void start() throws Exception {
    dataDir = Files.createTempDirectory("timeslice-bench-durable");
    db = Database.open(DatabaseConfig.embedded(dataDir));
    TenantRepository tenants = new TenantRepository(db.dataSource());
    ModuleRepository modules = new ModuleRepository(db.dataSource());
    tenant = tenants.create("bench", 1, Tenant.Quotas.DEFAULTS).id();
    byte[] bytes = BenchFiles.program("jobs.wasm");
    module = MessageDigest.getInstance("SHA-256").digest(bytes);
    modules.store(tenant, module, bytes, "[]", "[]");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    scheduler =
        new Scheduler(engine, new SchedulerConfig(2, quantum, StoreLimits.DEFAULT), registry);
    durable =
        new DurableScheduler(
            engine,
            scheduler,
            new JobQueue(db.dataSource(), Clock.systemUTC()),
            modules,
            tenants,
            new ModuleCache(engine, 64 << 20, 100, registry),
            DurableScheduler.Settings.defaults("bench"),
            Clock.systemUTC(),
            registry);
    // Every job here is the current invocation's, and each invocation waits for all of its own.
    durable.addListener(id -> done.countDown());
  }

  /** Stops everything and deletes the data. */
  @TearDown(Level.Trial)
  public void stop() throws IOException, InterruptedException {
    durable.shutdown(Duration.ofSeconds(5));
    scheduler.close();
    db.close();
    try (var walk = Files.walk(dataDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void run(long n, int count) throws InterruptedException {
    done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      NewJob job =
          NewJob.call(
              tenant,
              module,
              "work",
              new WasmValues(java.util.List.of(WasmType.I32), new long[] {n}),
              java.util.List.of(WasmType.I32),
              1_000_000_000,
              1);
      durable.submit(job);
    }
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(done.getCount() + " jobs did not finish");
    }
  }

  /** One 18-million-fuel job, sliced by the quantum, submitted and recorded durably. */
  @Benchmark
  public void slicedJob() throws InterruptedException {
    run(2_000_000, 1);
  }

  /** 200 trivial jobs submitted one by one (each committed); the score is per job. */
  @Benchmark
  @OperationsPerInvocation(200)
  public void trivialJobs() throws InterruptedException {
    run(1, 200);
  }
}
