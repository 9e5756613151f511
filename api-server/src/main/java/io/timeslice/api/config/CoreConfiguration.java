package io.timeslice.api.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.timeslice.core.Timeslice;
import io.timeslice.core.jobs.JobsService;
import io.timeslice.core.modules.ModulesService;
import io.timeslice.core.tenants.TenantsService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java core, assembled once from the service's settings, and its three services. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TimesliceProperties.class, DataSourceProperties.class})
class CoreConfiguration {
  private static final Logger log = LoggerFactory.getLogger(CoreConfiguration.class);

  /** Shut down by {@link SchedulerShutdown} first, after the web server stopped taking requests. */
  @Bean(destroyMethod = "close")
  Timeslice timeslice(TimesliceProperties props, DataSourceProperties ds, MeterRegistry registry) {
    Timeslice.DatabaseSettings db =
        new Timeslice.DatabaseSettings(ds.url(), ds.username(), ds.password(), props.dataDir());
    int workers =
        props.workers() > 0 ? props.workers() : Runtime.getRuntime().availableProcessors();
    Timeslice timeslice =
        Timeslice.open(
            db,
            new Timeslice.Settings(
                instanceId(props),
                workers,
                props.quantum(),
                props.lease(),
                props.claimBatch(),
                512L << 20,
                10_000,
                true),
            registry,
            Clock.systemUTC());
    log.info(
        "database: {}",
        db.embedded()
            ? "embedded PostgreSQL, data in " + props.dataDir().toAbsolutePath()
            : "external PostgreSQL at " + ds.url());
    return timeslice;
  }

  @Bean
  JobsService jobsService(Timeslice timeslice) {
    return timeslice.jobs();
  }

  @Bean
  ModulesService modulesService(Timeslice timeslice) {
    return timeslice.modules();
  }

  @Bean
  TenantsService tenantsService(Timeslice timeslice) {
    return timeslice.tenants();
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
