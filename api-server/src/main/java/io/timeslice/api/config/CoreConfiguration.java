package io.timeslice.api.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.timeslice.core.Timeslice;
import io.timeslice.core.jobs.JobsService;
import io.timeslice.core.modules.ModulesService;
import io.timeslice.core.tenants.TenantsService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java core, assembled once from the service's settings, and its three services. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimesliceProperties.class)
class CoreConfiguration {
  /**
   * Started once Flyway migrated the schema; shut down by {@link SchedulerShutdown} first, after
   * the web server stopped taking requests.
   */
  @Bean(destroyMethod = "close")
  @DependsOnDatabaseInitialization
  Timeslice timeslice(
      TimesliceProperties props,
      DataSource dataSource,
      MeterRegistry registry,
      ObservationRegistry observations) {
    return Timeslice.start(dataSource, settings(props), registry, observations, Clock.systemUTC());
  }

  /** The core's settings from {@code timeslice.*}. */
  static Timeslice.Settings settings(TimesliceProperties props) {
    TimesliceProperties.Limits l = props.limits();
    return new Timeslice.Settings(
        instanceId(props),
        props.workers() > 0 ? props.workers() : Runtime.getRuntime().availableProcessors(),
        props.quantum(),
        props.lease(),
        props.claimBatch(),
        props.cache().moduleBytes().toBytes(),
        props.cache().instances(),
        props.push(),
        props.retention(),
        props.cleanupInterval(),
        props.tier(),
        new Timeslice.Limits(
            l.moduleBytes().toBytes(),
            l.memoryBytes().toBytes(),
            Math.toIntExact(l.outputBytes().toBytes()),
            l.fuelPerJob(),
            l.wallClock(),
            l.queuedJobs(),
            l.runningJobs(),
            l.tableElements(),
            l.callDepth()));
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
