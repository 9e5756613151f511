package io.timeslice.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Timeslice service: REST API, scheduler workers and metrics in one process. */
@SpringBootApplication
public class TimesliceApplication {

  /** Starts the service; configuration comes from the environment (see application.yaml). */
  public static void main(String[] args) {
    SpringApplication.run(TimesliceApplication.class, args);
  }
}
