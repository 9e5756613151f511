package io.timeslice.api.config;

import io.timeslice.core.Timeslice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown of the job side: in a phase after the web server's graceful stop, so that no
 * request is still submitting, the durable scheduler stops claiming, lets running slices end (at
 * most {@code timeslice.shutdown-grace}), records their state and gives their leases back, so that
 * another replica (or the next start) takes the jobs over at once.
 */
@Component
class SchedulerShutdown implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SchedulerShutdown.class);

  private final Timeslice timeslice;
  private final TimesliceProperties props;
  private volatile boolean running;

  SchedulerShutdown(Timeslice timeslice, TimesliceProperties props) {
    this.timeslice = timeslice;
    this.props = props;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    log.info("stopping the scheduler: finishing slices, releasing leases");
    timeslice.shutdown(props.shutdownGrace());
    running = false;
    log.info("scheduler stopped");
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Below the web server's graceful-shutdown phase: stopped after it.
    return 0;
  }
}
