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
import io.timeslice.storage.JobNotifications;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobSignals;
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
import javax.sql.DataSource;

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
   * @param push whether job changes are pushed by PostgreSQL ({@code LISTEN/NOTIFY}) to claimers,
   *     long-polls and event streams; off, they poll (claims every second, waits every 25 ms)
   */
  public record Settings(
      String instanceId,
      int workers,
      long quantum,
      Duration lease,
      int claimBatch,
      long moduleCacheBytes,
      int instanceCacheEntries,
      boolean push) {
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

  /** The claim poll without push: other instances' submits are found this fast. */
  static final Duration POLL_WITHOUT_PUSH = Duration.ofMillis(25);

  private final DataSource dataSource;
  private final AutoCloseable database;
  private final JobNotifications notifications;
  private final Scheduler scheduler;
  private final DurableScheduler durable;
  private final JobsService jobs;
  private final ModulesService modules;
  private final TenantsService tenants;

  private Timeslice(
      DataSource dataSource,
      AutoCloseable database,
      JobNotifications notifications,
      Scheduler scheduler,
      DurableScheduler durable,
      JobsService jobs,
      ModulesService modules,
      TenantsService tenants) {
    this.dataSource = dataSource;
    this.database = database;
    this.notifications = notifications;
    this.scheduler = scheduler;
    this.durable = durable;
    this.jobs = jobs;
    this.modules = modules;
    this.tenants = tenants;
  }

  /**
   * Opens the database (embedded or external; migrating its schema) and starts the core on it;
   * closing the core closes the database.
   */
  public static Timeslice open(
      DatabaseSettings db, Settings settings, MeterRegistry registry, Clock clock) {
    Database database =
        Boundary.call(
            () ->
                Database.open(
                    db.embedded()
                        ? DatabaseConfig.embedded(db.dataDir())
                        : DatabaseConfig.external(db.jdbcUrl(), db.username(), db.password())));
    try {
      return start(database.dataSource(), database, settings, registry, clock);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Starts the core on {@code dataSource}, whose schema is migrated already. */
  public static Timeslice start(
      DataSource dataSource, Settings settings, MeterRegistry registry, Clock clock) {
    return start(dataSource, () -> {}, settings, registry, clock);
  }

  private static Timeslice start(
      DataSource dataSource,
      AutoCloseable database,
      Settings settings,
      MeterRegistry registry,
      Clock clock) {
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
                settings.instanceId(),
                settings.claimBatch(),
                settings.lease(),
                settings.push() ? defaults.poll() : POLL_WITHOUT_PUSH),
            clock,
            registry);
    JobSignals signals = new JobSignals();
    JobNotifications notifications = null;
    if (settings.push()) {
      notifications = new JobNotifications(dataSource, signals);
      notifications.onQueued(durable::jobsQueued);
      notifications.start();
    }
    JobNotifications pushed = notifications;
    ModulesService modules = new ModulesService(moduleRepository, cache, durable, engine);
    JobsService jobs =
        new JobsService(
            durable,
            new JobQueries(dataSource),
            modules,
            signals,
            () -> pushed != null && pushed.live());
    return new Timeslice(
        dataSource,
        database,
        notifications,
        scheduler,
        durable,
        jobs,
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
    boolean embedded = database instanceof Database d && d.isEmbedded();
    try (Connection c = dataSource.getConnection()) {
      return new DatabaseHealth(c.isValid(2), embedded, null);
    } catch (SQLException e) {
      return new DatabaseHealth(false, embedded, e.getMessage());
    }
  }

  /** Whether job changes arrive pushed now (push is on and its connection is up). */
  public boolean pushLive() {
    return notifications != null && notifications.live();
  }

  /**
   * Stops taking jobs: lets running slices end (at most {@code grace}), records their state and
   * gives their leases back, so that another instance takes the jobs over at once.
   */
  public void shutdown(Duration grace) {
    durable.shutdown(grace);
  }

  /** Shuts down (if not yet), stops the workers and listening, and closes the database. */
  @Override
  public void close() throws Exception {
    try {
      durable.close();
      scheduler.close();
      if (notifications != null) {
        notifications.close();
      }
    } finally {
      database.close();
    }
  }
}
