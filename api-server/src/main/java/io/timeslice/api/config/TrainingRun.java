package io.timeslice.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * With {@code timeslice.training-run=true} the service starts completely, runs the {@link
 * TrainingWorkload} through its own API (when an admin token is set), then stops as a shutdown
 * would (the scheduler, the web server, the embedded PostgreSQL cleanly) and exits with 0: the
 * Dockerfile's run that records the JVM's AOT cache. Exiting as soon as the context is refreshed
 * ({@code spring.context.exit=onRefresh}) would leave the embedded PostgreSQL running. A workload
 * that fails is logged and the run still exits 0: the cache then covers the start only.
 */
@Component
@ConditionalOnBooleanProperty("timeslice.training-run")
class TrainingRun implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  private final TimesliceProperties properties;

  TrainingRun(TimesliceProperties properties) {
    this.properties = properties;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    log.info("training run: started");
    if (properties.adminToken().isBlank()) {
      log.warn("training run: no admin token set, so no workload; the cache covers the start");
    } else if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      try {
        JsonNode job =
            new TrainingWorkload(web.getWebServer().getPort(), properties.adminToken()).run();
        log.info(
            "training run: workload job {}, {} fuel, stdout {}",
            job.get("status").asString(),
            job.get("fuelConsumed").asLong(),
            job.path("stdout").asString("").strip());
      } catch (Exception e) {
        log.warn("training run: the workload failed, so the cache covers the start only", e);
      }
    }
    log.info("training run: stopping again");
    System.exit(SpringApplication.exit(event.getApplicationContext()));
  }
}
