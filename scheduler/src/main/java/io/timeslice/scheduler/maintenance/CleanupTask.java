package io.timeslice.scheduler.maintenance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.timeslice.scheduler.durable.ErrorReporter;
import io.timeslice.storage.Cleanup;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Cleanup} on a schedule: finished jobs past their tenant's retention (default {@code
 * retention}), and the compiled artifacts of IR versions other than this engine's (left behind by
 * an upgrade). Every replica schedules it; the advisory lock lets one run at a time, and the others
 * count their run as skipped. Metrics: {@code timeslice.cleanup.runs{result}}, {@code
 * timeslice.cleanup.jobs.deleted}, {@code timeslice.cleanup.artifacts.deleted}, {@code
 * timeslice.cleanup.duration}.
 */
public final class CleanupTask implements AutoCloseable {
  private final Cleanup cleanup;
  private final Duration retention;
  private final String irVersion;
  private final ErrorReporter errors;
  private final MeterRegistry registry;
  private final Counter jobs;
  private final Counter artifacts;
  private final Timer duration;
  private final ScheduledExecutorService timer;

  /**
   * Cleans with {@code cleanup} every {@code interval} (the first time after {@code firstDelay}),
   * keeping finished jobs {@code retention} unless their tenant says otherwise, and the artifacts
   * of {@code irVersion}.
   */
  public CleanupTask(
      Cleanup cleanup,
      Duration retention,
      String irVersion,
      Duration firstDelay,
      Duration interval,
      ErrorReporter errors,
      MeterRegistry registry) {
    this.cleanup = cleanup;
    this.retention = retention;
    this.irVersion = irVersion;
    this.errors = errors;
    this.registry = registry;
    this.jobs = Counter.builder("timeslice.cleanup.jobs.deleted").register(registry);
    this.artifacts = Counter.builder("timeslice.cleanup.artifacts.deleted").register(registry);
    this.duration = Timer.builder("timeslice.cleanup.duration").register(registry);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("timeslice-cleanup").unstarted(r));
    timer.scheduleWithFixedDelay(
        this::runOnce, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One run now: cleans, or skips when another replica is cleaning; never throws. */
  public Cleanup.Result runOnce() {
    long start = System.nanoTime();
    try {
      Cleanup.Result r = cleanup.run(retention, irVersion);
      errors.succeeded(ErrorReporter.Kind.CLEANUP);
      count(r.ran() ? "done" : "skipped");
      jobs.increment(r.jobs());
      artifacts.increment(r.artifacts());
      return r;
    } catch (RuntimeException e) {
      errors.failed(ErrorReporter.Kind.CLEANUP, e);
      count("failed");
      return new Cleanup.Result(false, 0, 0);
    } finally {
      duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private void count(String result) {
    Counter.builder("timeslice.cleanup.runs").tag("result", result).register(registry).increment();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
