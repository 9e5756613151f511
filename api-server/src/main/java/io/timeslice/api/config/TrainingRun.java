package io.timeslice.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * With {@code timeslice.training-run=true} the service starts completely, then stops as a shutdown
 * would (the scheduler, the web server, the embedded PostgreSQL cleanly) and exits with 0: the
 * Dockerfile's run that records the JVM's AOT cache. Exiting as soon as the context is refreshed
 * ({@code spring.context.exit=onRefresh}) would leave the embedded PostgreSQL running.
 */
@Component
@ConditionalOnBooleanProperty("timeslice.training-run")
class TrainingRun implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    log.info("training run: started, stopping again");
    System.exit(SpringApplication.exit(event.getApplicationContext()));
  }
}
