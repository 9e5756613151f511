package io.timeslice.scheduler.durable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.storage.CheckpointRepository;
import io.timeslice.storage.Database;
import io.timeslice.storage.DatabaseConfig;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.WasmType;
import io.timeslice.storage.WasmValues;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.ValType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh database with one tenant, and scheduler instances on it, for the durable tests. */
abstract class DurableFixture {
  static final Engine ENGINE = new Engine(Config.defaults().withConsumeFuel(true));

  DatabaseConfig config;
  Database db;
  JobQueue jobs;
  JobQueries queries;
  ModuleRepository modules;
  TenantRepository tenants;
  long tenant;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<String, byte[]> uploaded = new ConcurrentHashMap<>();

  @BeforeEach
  void openDatabase() {
    config = TestDatabases.fresh();
    db = Database.open(config);
    jobs = new JobQueue(db.dataSource(), Clock.systemUTC());
    queries = new JobQueries(db.dataSource());
    modules = new ModuleRepository(db.dataSource());
    tenants = new TenantRepository(db.dataSource());
    tenant = tenants.create("acme", 1, Tenant.Quotas.DEFAULTS).id();
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  byte[] upload(String program) throws Exception {
    return upload(Files.readAllBytes(Path.of("..", "programs", "wasm", program)));
  }

  byte[] upload(byte[] bytes) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
    modules.store(tenant, hash, bytes, "[]", "[]");
    uploaded.put(HexFormat.of().formatHex(hash), bytes);
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
    return instance(settings, clock, null);
  }

  /** An instance that checkpoints its running jobs to the database and resumes from them. */
  Instance checkpointing(String owner, Duration lease) {
    return instance(
        new DurableScheduler.Settings(owner, 8, lease, Duration.ofMillis(20)),
        Clock.systemUTC(),
        new CheckpointRepository(db.dataSource()));
  }

  private Instance instance(
      DurableScheduler.Settings settings, Clock clock, CheckpointRepository checkpoints) {
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
            checkpoints,
            settings,
            clock,
            registry);
    return new Instance(s, d);
  }

  JobRecord await(UUID id, Predicate<JobRecord> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JobRecord r = queries.find(tenant, id).orElseThrow();
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

  /** A call of {@code entry} with {@code args}, typed by the uploaded module's signature. */
  NewJob call(byte[] module, String entry, long fuel, long... args) {
    return call(tenant, module, entry, fuel, args);
  }

  NewJob call(long tenantId, byte[] module, String entry, long fuel, long... args) {
    FuncType type =
        (FuncType)
            Module.compile(ENGINE, uploaded.get(HexFormat.of().formatHex(module)))
                .export(entry)
                .orElseThrow()
                .type();
    return NewJob.call(
        tenantId,
        module,
        entry,
        new WasmValues(types(type.params()), args),
        types(type.results()),
        fuel,
        1);
  }

  /** A WASI command with {@code args} after argv[0]. */
  NewJob command(byte[] module, long fuel, String... args) {
    return NewJob.command(tenant, module, List.of(args), Map.of(), null, fuel, 1);
  }

  private static List<WasmType> types(List<ValType> types) {
    return types.stream().map(t -> WasmType.valueOf(t.name())).toList();
  }
}
