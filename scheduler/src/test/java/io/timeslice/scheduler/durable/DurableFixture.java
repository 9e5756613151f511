package io.timeslice.scheduler.durable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.storage.Database;
import io.timeslice.storage.DatabaseConfig;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh database with one tenant, and scheduler instances on it, for the durable tests. */
abstract class DurableFixture {
  static final Engine ENGINE = new Engine(Config.defaults().withConsumeFuel(true));

  DatabaseConfig config;
  Database db;
  JobRepository jobs;
  ModuleRepository modules;
  TenantRepository tenants;
  long tenant;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void openDatabase() {
    config = TestDatabases.fresh();
    db = Database.open(config);
    jobs = new JobRepository(db.dataSource(), Clock.systemUTC());
    modules = new ModuleRepository(db.dataSource());
    tenants = new TenantRepository(db.dataSource());
    tenant = tenants.create("acme", 1, Tenant.Quotas.DEFAULTS).id();
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  byte[] upload(String program) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("..", "programs", "wasm", program));
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
    modules.store(tenant, hash, bytes, "[]", "[]");
    return hash;
  }

  /** One scheduler instance: its workers and its durable layer. */
  record Instance(Scheduler scheduler, DurableScheduler durable) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      durable.close();
      scheduler.close();
    }
  }

  Instance instance(String owner, Duration lease) {
    return instance(
        new DurableScheduler.Settings(owner, 8, lease, Duration.ofMillis(20)), Clock.systemUTC());
  }

  Instance instance(DurableScheduler.Settings settings, Clock clock) {
    Scheduler s =
        new Scheduler(ENGINE, new SchedulerConfig(1, 1_000_000, StoreLimits.DEFAULT), registry);
    DurableScheduler d =
        new DurableScheduler(
            ENGINE,
            s,
            jobs,
            modules,
            tenants,
            new ModuleCache(ENGINE, 64 << 20, 100, registry),
            settings,
            clock);
    return new Instance(s, d);
  }

  JobRecord await(UUID id, Predicate<JobRecord> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JobRecord r = jobs.find(tenant, id).orElseThrow();
      if (condition.test(r)) {
        return r;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("job " + id + " did not reach the condition");
  }

  JobRecord awaitFinal(UUID id) throws InterruptedException {
    return await(id, r -> r.finishedAt() != null);
  }

  NewJob call(byte[] module, String entry, String argsJson, long fuel) {
    return call(tenant, module, entry, argsJson, fuel);
  }

  static NewJob call(long tenant, byte[] module, String entry, String argsJson, long fuel) {
    return new NewJob(tenant, module, entry, argsJson, null, null, null, fuel, 1, 0, null, null);
  }
}
