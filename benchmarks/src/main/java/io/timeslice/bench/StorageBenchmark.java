package io.timeslice.bench;

import io.timeslice.storage.Database;
import io.timeslice.storage.DatabaseConfig;
import io.timeslice.storage.JobOutcome;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.WasmType;
import io.timeslice.storage.WasmValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Job persistence throughput on the embedded PostgreSQL (the default deployment), one thread: a
 * single-row submit, a batched submit of 100 jobs, and a trivial job's whole persisted lifecycle
 * (submit, claim under a lease, record the result), and a batched claim of 100 jobs. Operations per
 * second; for the batches, jobs per second is 100 times that. The queue is refilled with 100 jobs
 * before every invocation (unmeasured), so every benchmark sees a non-empty queue.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StorageBenchmark {
  private Path dataDir;
  private Database db;
  private JobQueue jobs;
  private long tenant;
  private byte[] module;

  /** Starts an embedded PostgreSQL in a fresh directory with one tenant and module. */
  @Setup
  public void start() throws Exception {
    dataDir = Files.createTempDirectory("timeslice-bench-db");
    db = Database.open(DatabaseConfig.embedded(dataDir));
    jobs = new JobQueue(db.dataSource(), Clock.systemUTC());
    tenant = new TenantRepository(db.dataSource()).create("bench", 1, Tenant.Quotas.DEFAULTS).id();
    byte[] bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
    module = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    new ModuleRepository(db.dataSource()).store(tenant, module, bytes, "[]", "[]");
  }

  /** Stops the server and deletes its data. */
  @TearDown
  public void stop() throws IOException {
    db.close();
    try (var walk = Files.walk(dataDir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private NewJob job() {
    return NewJob.call(
        tenant,
        module,
        "run",
        new WasmValues(List.of(WasmType.I32), new long[] {1}),
        List.of(WasmType.I32),
        1_000_000,
        1);
  }

  /** One job, one transaction. */
  @Benchmark
  public Object submitOne() {
    return jobs.submit(job());
  }

  /** 100 jobs, one transaction with batched inserts. */
  @Benchmark
  public Object submitBatch100() {
    List<NewJob> batch = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      batch.add(job());
    }
    return jobs.submitBatch(batch);
  }

  /** Fills the queue with 100 jobs before each claim invocation (not measured). */
  @Setup(Level.Invocation)
  public void fill() {
    List<NewJob> batch = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      batch.add(job());
    }
    jobs.submitBatch(batch);
  }

  /** Claims 100 queued jobs under a lease in one statement ({@code FOR UPDATE SKIP LOCKED}). */
  @Benchmark
  public Object claimBatch100() {
    return jobs.claim("bench", 100, Duration.ofSeconds(30), Integer.MAX_VALUE);
  }

  /** A trivial job's persisted lifecycle: submit, claim, finish (three transactions). */
  @Benchmark
  public boolean lifecycle() {
    jobs.submit(job());
    List<JobRecord> claimed = jobs.claim("bench", 1, Duration.ofSeconds(30), Integer.MAX_VALUE);
    JobRecord j = claimed.get(0);
    return jobs.finish(
        j.id(),
        "bench",
        new JobOutcome(
            JobStatus.SUCCEEDED, new long[] {1}, null, null, null, null, false, false, 10, 1));
  }
}
