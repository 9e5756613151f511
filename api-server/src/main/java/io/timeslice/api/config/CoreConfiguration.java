package io.timeslice.api.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.scheduler.cache.StoredArtifacts;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.ApiKeyRepository;
import io.timeslice.storage.CompiledArtifactRepository;
import io.timeslice.storage.Database;
import io.timeslice.storage.DatabaseConfig;
import io.timeslice.storage.JobRepository;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.TenantRepository;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java core (database, engine, cache, scheduler) wired for the service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TimesliceProperties.class, DataSourceProperties.class})
class CoreConfiguration {
  private static final Logger log = LoggerFactory.getLogger(CoreConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "close")
  Database database(TimesliceProperties props, DataSourceProperties ds) {
    DatabaseConfig config =
        ds.url().isBlank()
            ? DatabaseConfig.embedded(props.dataDir())
            : DatabaseConfig.external(ds.url(), ds.username(), ds.password());
    Database database = Database.open(config);
    log.info(
        "database: {}",
        database.isEmbedded()
            ? "embedded PostgreSQL, data in " + props.dataDir().toAbsolutePath()
            : "external PostgreSQL at " + ds.url());
    return database;
  }

  @Bean
  TenantRepository tenantRepository(Database database) {
    return new TenantRepository(database.dataSource());
  }

  @Bean
  ApiKeyRepository apiKeyRepository(Database database, Clock clock) {
    return new ApiKeyRepository(database.dataSource(), clock);
  }

  @Bean
  ModuleRepository moduleRepository(Database database) {
    return new ModuleRepository(database.dataSource());
  }

  @Bean
  JobRepository jobRepository(Database database, Clock clock) {
    return new JobRepository(database.dataSource(), clock);
  }

  @Bean
  Engine engine(TimesliceProperties props) {
    return new Engine(Config.builder().consumeFuel(true).tier(props.tier()).build());
  }

  /**
   * Compiled modules in memory, and their translated IR in PostgreSQL for restarts and replicas.
   */
  @Bean
  ModuleCache moduleCache(Engine engine, Database database, MeterRegistry registry) {
    return new ModuleCache(
        engine,
        512L << 20,
        10_000,
        registry,
        new StoredArtifacts(new CompiledArtifactRepository(database.dataSource())));
  }

  @Bean(destroyMethod = "close")
  Scheduler scheduler(Engine engine, TimesliceProperties props, MeterRegistry registry) {
    SchedulerConfig defaults = SchedulerConfig.defaults();
    int workers = props.workers() > 0 ? props.workers() : defaults.workers();
    return new Scheduler(
        engine, new SchedulerConfig(workers, props.quantum(), defaults.limits()), registry);
  }

  /** Shut down by {@link SchedulerShutdown}, after the web server stopped taking requests. */
  @Bean(destroyMethod = "")
  DurableScheduler durableScheduler(
      Engine engine,
      Scheduler scheduler,
      JobRepository jobs,
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleCache cache,
      TimesliceProperties props,
      Clock clock) {
    DurableScheduler.Settings defaults = DurableScheduler.Settings.defaults(instanceId(props));
    return new DurableScheduler(
        engine,
        scheduler,
        jobs,
        modules,
        tenants,
        cache,
        new DurableScheduler.Settings(
            defaults.owner(), props.claimBatch(), props.lease(), defaults.poll()),
        clock);
  }

  private static String instanceId(TimesliceProperties props) {
    if (!props.instanceId().isBlank()) {
      return props.instanceId();
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "timeslice";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
