package io.timeslice.scheduler;

import io.timeslice.wasm.StoreLimits;
import java.util.Objects;

/**
 * How the scheduler runs jobs.
 *
 * @param workers worker threads running slices
 * @param quantum the fuel of one slice
 * @param limits every job's store limits (memory, tables, call depth)
 */
public record SchedulerConfig(int workers, long quantum, StoreLimits limits) {
  /** One worker per available processor, slices of 1,000,000 fuel, default store limits. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(
        Runtime.getRuntime().availableProcessors(), 1_000_000, StoreLimits.DEFAULT);
  }

  /** Checks the values. */
  public SchedulerConfig {
    if (workers < 1 || quantum < 1) {
      throw new IllegalArgumentException("workers and quantum must be positive");
    }
    Objects.requireNonNull(limits, "limits");
  }
}
