package io.timeslice.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.core.jobs.JobsService;
import io.timeslice.core.modules.ModulesService;
import io.timeslice.core.tenants.TenantsService;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.scheduler.cache.StoredArtifacts;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.ApiKeyRepository;
import io.timeslice.storage.CompiledArtifactRepository;
import io.timeslice.storage.Database;
import io.timeslice.storage.DatabaseConfig;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.TenantRepository;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The assembled core: the database, the fuel-metering engine, the module cache (with its second
 * level in the database), the scheduler and its durable layer, and the three services the API uses.
 * Plain Java, wired by constructors; the API wires this one object.
 */
public final class Timeslice implements AutoCloseable {
  /**
   * Where the database is.
   *
   * @param jdbcUrl an external PostgreSQL's JDBC URL; empty or null for the embedded one
   * @param username the external server's user
   * @param password the external server's password
   * @param dataDir the embedded server's data directory
   */
  public record DatabaseSettings(String jdbcUrl, String username, String password, Path dataDir) {
    /** Whether the embedded server is used. */
    public boolean embedded() {
      return jdbcUrl == null || jdbcUrl.isBlank();
    }
  }

  /**
   * How the core runs.
   *
   * @param instanceId this instance's name in job leases (unique among instances)
   * @param workers worker threads running slices
   * @param quantum the fuel of one slice
   * @param lease how long a claimed job stays this instance's without renewal
   * @param claimBatch the most jobs this instance holds at once
   * @param moduleCacheBytes the compiled modules kept in memory, by the bytes of their IR
   * @param instanceCacheEntries the pre-linked instances kept in memory
   */
  public record Settings(
      String instanceId,
      int workers,
      long quantum,
      Duration lease,
      int claimBatch,
      long moduleCacheBytes,
      int instanceCacheEntries) {
    /** Checks the values. */
    public Settings {
      Objects.requireNonNull(instanceId, "instanceId");
      if (workers < 1 || quantum < 1 || claimBatch < 1 || moduleCacheBytes < 1) {
        throw new IllegalArgumentException("workers, quantum, claim batch, cache must be positive");
      }
    }
  }

  /**
   * The database's state for a health check.
   *
   * @param up whether it answers
   * @param embedded whether it is the embedded server
   * @param error why it does not answer, or null
   */
  public record DatabaseHealth(boolean up, boolean embedded, String error) {}

  private final Database database;
  private final Scheduler scheduler;
  private final DurableScheduler durable;
  private final JobsService jobs;
  private final ModulesService modules;
  private final TenantsService tenants;

  private Timeslice(
      Database database,
      Scheduler scheduler,
      DurableScheduler durable,
      JobsService jobs,
      ModulesService modules,
      TenantsService tenants) {
    this.database = database;
    this.scheduler = scheduler;
    this.durable = durable;
    this.jobs = jobs;
    this.modules = modules;
    this.tenants = tenants;
  }

  /** Opens the database (migrating its schema) and starts the scheduler on it. */
  public static Timeslice start(
      DatabaseSettings db, Settings settings, MeterRegistry registry, Clock clock) {
    Database database =
        Boundary.call(
            () ->
                Database.open(
                    db.embedded()
                        ? DatabaseConfig.embedded(db.dataDir())
                        : DatabaseConfig.external(db.jdbcUrl(), db.username(), db.password())));
    var dataSource = database.dataSource();
    Engine engine = new Engine(Config.defaults().withConsumeFuel(true));
    ModuleCache cache =
        new ModuleCache(
            engine,
            settings.moduleCacheBytes(),
            settings.instanceCacheEntries(),
            registry,
            new StoredArtifacts(new CompiledArtifactRepository(dataSource)));
    Scheduler scheduler =
        new Scheduler(
            engine,
            new SchedulerConfig(
                settings.workers(), settings.quantum(), SchedulerConfig.defaults().limits()),
            registry);
    TenantRepository tenantRepository = new TenantRepository(dataSource);
    ModuleRepository moduleRepository = new ModuleRepository(dataSource);
    DurableScheduler.Settings defaults = DurableScheduler.Settings.defaults(settings.instanceId());
    DurableScheduler durable =
        new DurableScheduler(
            engine,
            scheduler,
            new JobQueue(dataSource, clock),
            moduleRepository,
            tenantRepository,
            cache,
            new DurableScheduler.Settings(
                settings.instanceId(), settings.claimBatch(), settings.lease(), defaults.poll()),
            clock);
    ModulesService modules = new ModulesService(moduleRepository, cache, durable, engine);
    return new Timeslice(
        database,
        scheduler,
        durable,
        new JobsService(durable, new JobQueries(dataSource), modules),
        modules,
        new TenantsService(
            tenantRepository, new ApiKeyRepository(dataSource, clock), durable::refreshTenant));
  }

  /** Jobs: submit, read, await, list, cancel, events. */
  public JobsService jobs() {
    return jobs;
  }

  /** Modules: upload, read, list, delete. */
  public ModulesService modules() {
    return modules;
  }

  /** Tenants and their API keys. */
  public TenantsService tenants() {
    return tenants;
  }

  /** Whether the database answers. */
  public DatabaseHealth databaseHealth() {
    try (Connection c = database.dataSource().getConnection()) {
      return new DatabaseHealth(c.isValid(2), database.isEmbedded(), null);
    } catch (SQLException e) {
      return new DatabaseHealth(false, database.isEmbedded(), e.getMessage());
    }
  }

  /**
   * Stops taking jobs: lets running slices end (at most {@code grace}), records their state and
   * gives their leases back, so that another instance takes the jobs over at once.
   */
  public void shutdown(Duration grace) {
    durable.shutdown(grace);
  }

  /** Shuts down (if not yet), stops the workers and closes the database. */
  @Override
  public void close() throws InterruptedException {
    try {
      durable.close();
      scheduler.close();
    } finally {
      database.close();
    }
  }
}
