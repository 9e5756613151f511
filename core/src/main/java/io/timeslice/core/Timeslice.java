package io.timeslice.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.core.admin.LoadShedding;
import io.timeslice.core.jobs.JobsService;
import io.timeslice.core.modules.ModulesService;
import io.timeslice.core.tenants.TenantsService;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.scheduler.cache.StoredArtifacts;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.scheduler.durable.ErrorReporter;
import io.timeslice.scheduler.maintenance.CleanupTask;
import io.timeslice.storage.ApiKeyRepository;
import io.timeslice.storage.CheckpointRepository;
import io.timeslice.storage.Cleanup;
import io.timeslice.storage.CompiledArtifactRepository;
import io.timeslice.storage.JobNotifications;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobSignals;
import io.timeslice.storage.JobStatistics;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.TenantRepository;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The assembled core on a migrated database: the fuel-metering engine, the module cache (with its
 * second level in the database), the scheduler and its durable layer, the job notifications, the
 * scheduled cleanup, and the three services the API uses. Plain Java, wired by constructors; the
 * API wires this one object.
 */
public final class Timeslice implements AutoCloseable {
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
   *     long-polls and event streams; off, they poll (claims and waits every 25 ms)
   * @param retention how long finished jobs are kept unless their tenant says otherwise
   * @param cleanupInterval how often expired jobs and stale artifacts are deleted
   * @param tier which execution tiers run jobs (docs/tiers.md)
   * @param limits the global limits, each overridable per tenant where a quota exists for it
   */
  public record Settings(
      String instanceId,
      int workers,
      long quantum,
      Duration lease,
      int claimBatch,
      long moduleCacheBytes,
      int instanceCacheEntries,
      boolean push,
      Duration retention,
      Duration cleanupInterval,
      ExecutionTier tier,
      Limits limits) {
    /** Checks the values. */
    public Settings {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(limits, "limits");
      if (retention.toDays() < 1 || cleanupInterval.isNegative() || cleanupInterval.isZero()) {
        throw new IllegalArgumentException(
            "retention is a day at least, cleanup runs now and then");
      }
      if (workers < 1 || quantum < 1 || claimBatch < 1 || moduleCacheBytes < 1) {
        throw new IllegalArgumentException("workers, quantum, claim batch, cache must be positive");
      }
    }

    /** These settings with other limits. */
    public Settings withLimits(Limits other) {
      return new Settings(
          instanceId,
          workers,
          quantum,
          lease,
          claimBatch,
          moduleCacheBytes,
          instanceCacheEntries,
          push,
          retention,
          cleanupInterval,
          tier,
          other);
    }

    /**
     * One worker per processor, slices of 1,000,000 fuel, 30 s leases, 64 jobs held, 512 MiB of
     * compiled modules, 10,000 pre-linked instances, push on, 7 days' retention, hourly cleanup,
     * tiered execution, the default limits.
     */
    public static Settings defaults(String instanceId) {
      return new Settings(
          instanceId,
          Runtime.getRuntime().availableProcessors(),
          1_000_000,
          Duration.ofSeconds(30),
          64,
          512L << 20,
          10_000,
          true,
          Duration.ofDays(7),
          Duration.ofHours(1),
          ExecutionTier.TIERED,
          Limits.defaults());
    }
  }

  /**
   * The service's global limits (service.md G11); a tenant's quota, where it has one, overrides
   * them. Each means what the scheduler's {@code Limits} field of that name means.
   *
   * @param moduleBytes the largest module upload
   * @param memoryBytes the largest linear memory of one job
   * @param outputBytes the most stdout or stderr bytes kept per job; a job writing more stops
   * @param fuelPerJob the largest fuel limit of one job
   * @param wallClock the longest a job may run, from its first start, sleeps included
   * @param queuedJobs a tenant's jobs waiting at most
   * @param runningJobs a tenant's jobs running at once at most, across all instances
   * @param tableElements the largest table of one job
   * @param callDepth the deepest nesting of Wasm calls of one job
   */
  public record Limits(
      long moduleBytes,
      long memoryBytes,
      int outputBytes,
      long fuelPerJob,
      Duration wallClock,
      int queuedJobs,
      int runningJobs,
      int tableElements,
      int callDepth) {

    /** The scheduler's defaults: modules 50 MiB, memory 64 MiB, output 1 MiB, fuel 10^10, .... */
    public static Limits defaults() {
      io.timeslice.scheduler.durable.Limits d = io.timeslice.scheduler.durable.Limits.defaults();
      return new Limits(
          d.maxModuleBytes(),
          d.maxMemoryBytes(),
          d.maxOutputBytes(),
          d.maxFuelPerJob(),
          d.wallClock(),
          d.maxQueuedJobs(),
          d.maxRunningJobs(),
          d.tableElements(),
          d.callDepth());
    }

    /** These limits as the scheduler takes them (it checks that each is positive). */
    io.timeslice.scheduler.durable.Limits forScheduler() {
      return new io.timeslice.scheduler.durable.Limits(
          moduleBytes,
          memoryBytes,
          outputBytes,
          fuelPerJob,
          wallClock,
          queuedJobs,
          runningJobs,
          tableElements,
          callDepth);
    }
  }

  /** How long a load shed waits for the jobs it gives back to stop (each within a quantum). */
  static final Duration SHED_GRACE = Duration.ofSeconds(20);

  /** The claim poll without push: other instances' submits are found this fast. */
  static final Duration POLL_WITHOUT_PUSH = Duration.ofMillis(25);

  private final JobNotifications notifications;
  private final CleanupTask cleanup;
  private final Scheduler scheduler;
  private final DurableScheduler durable;
  private final JobsService jobs;
  private final ModulesService modules;
  private final TenantsService tenants;
  private final LoadShedding shedding;

  private Timeslice(
      JobNotifications notifications,
      CleanupTask cleanup,
      Scheduler scheduler,
      DurableScheduler durable,
      JobsService jobs,
      ModulesService modules,
      TenantsService tenants,
      LoadShedding shedding) {
    this.notifications = notifications;
    this.cleanup = cleanup;
    this.scheduler = scheduler;
    this.durable = durable;
    this.jobs = jobs;
    this.modules = modules;
    this.tenants = tenants;
    this.shedding = shedding;
  }

  /** Starts the core on {@code dataSource}, whose schema is migrated already; untraced. */
  public static Timeslice start(
      DataSource dataSource, Settings settings, MeterRegistry registry, Clock clock) {
    return start(dataSource, settings, registry, ObservationRegistry.NOOP, clock);
  }

  /**
   * Starts the core on {@code dataSource}, whose schema is migrated already, observing submits and
   * each job's claim, run and slice batches in {@code observations} (traces, when a tracer handles
   * them).
   */
  public static Timeslice start(
      DataSource dataSource,
      Settings settings,
      MeterRegistry registry,
      ObservationRegistry observations,
      Clock clock) {
    io.timeslice.scheduler.durable.Limits limits = settings.limits().forScheduler();
    Engine engine =
        new Engine(Config.builder().consumeFuel(true).tier(settings.tier().engineTier()).build());
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
            new CheckpointRepository(dataSource),
            new DurableScheduler.Settings(
                settings.instanceId(),
                settings.claimBatch(),
                settings.lease(),
                settings.push() ? defaults.poll() : POLL_WITHOUT_PUSH,
                limits),
            clock,
            registry,
            observations);
    JobSignals signals = new JobSignals();
    JobNotifications notifications = null;
    if (settings.push()) {
      notifications = new JobNotifications(dataSource, signals);
      notifications.onQueued(durable::jobsQueued);
      notifications.onCancelRequested(durable::cancelRequested);
      notifications.start();
    }
    JobNotifications pushed = notifications;
    // Every replica schedules it, a minute after its start; the advisory lock lets one run.
    CleanupTask cleanup =
        new CleanupTask(
            new Cleanup(dataSource, clock, 1000),
            settings.retention(),
            engine.irVersion(),
            Duration.ofMinutes(1),
            settings.cleanupInterval(),
            new ErrorReporter(registry, clock),
            registry);
    ModulesService modules = new ModulesService(moduleRepository, cache, durable, engine);
    JobsService jobs =
        new JobsService(
            durable,
            new JobQueries(dataSource),
            new JobStatistics(dataSource),
            modules,
            signals,
            () -> pushed != null && pushed.live(),
            clock,
            observations);
    return new Timeslice(
        notifications,
        cleanup,
        scheduler,
        durable,
        jobs,
        modules,
        new TenantsService(
            tenantRepository, new ApiKeyRepository(dataSource, clock), durable::refreshTenant),
        new LoadShedding(durable, SHED_GRACE));
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

  /** This instance's load shedding: jobs handed to other instances by their checkpoints. */
  public LoadShedding shedding() {
    return shedding;
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

  /** Shuts down (if not yet), stops the workers, the cleanup and listening. */
  @Override
  public void close() throws InterruptedException {
    cleanup.close();
    durable.close();
    scheduler.close();
    if (notifications != null) {
      notifications.close();
    }
  }
}
