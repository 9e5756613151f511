package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.storage.Database;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobRepository;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs through PostgreSQL: submitted durably, run, recorded; reclaimed after an instance dies. */
class DurableSchedulerTest {
  private static final Engine ENGINE = new Engine(Config.defaults().withConsumeFuel(true));

  private Database db;
  private JobRepository jobs;
  private ModuleRepository modules;
  private long tenant;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void setUp() {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobRepository(db.dataSource(), Clock.systemUTC());
    modules = new ModuleRepository(db.dataSource());
    tenant = new TenantRepository(db.dataSource()).create("acme", 1, Tenant.Quotas.DEFAULTS).id();
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private byte[] upload(String program) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("..", "programs", "wasm", program));
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
    modules.store(tenant, hash, bytes, "[]", "[]");
    return hash;
  }

  private record Instance(Scheduler scheduler, DurableScheduler durable) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      durable.close();
      scheduler.close();
    }
  }

  private Instance instance(String owner, Duration lease) {
    Scheduler s =
        new Scheduler(ENGINE, new SchedulerConfig(1, 1_000_000, StoreLimits.DEFAULT), registry);
    DurableScheduler d =
        new DurableScheduler(
            ENGINE,
            s,
            jobs,
            modules,
            new ModuleCache(ENGINE, 64 << 20, 100, registry),
            new DurableScheduler.Settings(owner, 8, lease, Duration.ofMillis(20)));
    return new Instance(s, d);
  }

  private JobRecord awaitFinal(UUID id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JobRecord r = jobs.find(tenant, id).orElseThrow();
      if (r.finishedAt() != null) {
        return r;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("job " + id + " did not finish");
  }

  private NewJob call(byte[] module, String entry, String argsJson, long fuel) {
    return new NewJob(tenant, module, entry, argsJson, null, null, null, fuel, 1, 0, null, null);
  }

  @Test
  void aFunctionJobAndAWasiCommandRunAndTheirResultsAreRecorded() throws Exception {
    byte[] bench = upload("bench.wasm");
    byte[] echo = upload("wasi-echo.wasm");
    try (Instance i = instance("a", Duration.ofSeconds(30))) {
      UUID fib = i.durable().submit(call(bench, "fib_rec", "[20]", 100_000_000)).job().id();
      UUID wasi =
          i.durable()
              .submit(
                  new NewJob(
                      tenant,
                      echo,
                      null,
                      "[]",
                      "[\"x\", \"y\"]",
                      "{\"K\": \"v\"}",
                      null,
                      100_000_000,
                      1,
                      0,
                      null,
                      null))
              .job()
              .id();
      JobRecord f = awaitFinal(fib);
      assertThat(f.status()).isEqualTo("SUCCEEDED");
      assertThat(f.resultsJson()).isEqualTo("[6765]");
      assertThat(f.fuelConsumed()).isEqualTo(353_824);
      JobRecord w = awaitFinal(wasi);
      assertThat(w.status()).isEqualTo("SUCCEEDED");
      assertThat(w.exitCode()).isZero();
      assertThat(new String(w.stdout(), StandardCharsets.UTF_8))
          .isEqualTo("arg 0: program\narg 1: x\narg 2: y\nenv: K=v\n");
    }
  }

  @Test
  void aJobOfAnInstanceThatDiedIsReclaimedAndRunAgain() throws Exception {
    byte[] jobsModule = upload("jobs.wasm");
    UUID id;
    try (Instance dying = instance("dying", Duration.ofMillis(600))) {
      id =
          dying.durable().submit(call(jobsModule, "work", "[20000000]", Long.MAX_VALUE)).job().id();
      while (!"RUNNING".equals(jobs.find(tenant, id).orElseThrow().status())) {
        Thread.sleep(5);
      }
      // The instance dies: it stops without recording anything and without renewing its lease.
    }
    try (Instance survivor = instance("survivor", Duration.ofSeconds(30))) {
      JobRecord r = awaitFinal(id);
      assertThat(r.status()).isEqualTo("SUCCEEDED");
      assertThat(r.resultsJson()).isEqualTo("[20000000]");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(jobs.events(id, 0))
          .extracting(JobRepository.Event::status)
          .containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
    }
  }
}
