package io.timeslice.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.timeslice.wasm.ArtifactMismatchException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The meters of {@link ModuleCache}'s second level (docs/metrics.md). */
final class ArtifactMetrics {
  private final Counter hits;
  private final Counter misses;
  private final Map<ArtifactMismatchException.Reason, Counter> mismatches =
      new EnumMap<>(ArtifactMismatchException.Reason.class);
  private final Timer load;
  private final MeterRegistry registry;

  ArtifactMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.hits = registry.counter("timeslice.module.artifact.hits");
    this.misses = registry.counter("timeslice.module.artifact.misses");
    for (ArtifactMismatchException.Reason r : ArtifactMismatchException.Reason.values()) {
      mismatches.put(
          r,
          registry.counter(
              "timeslice.module.artifact.mismatches", "reason", r.name().toLowerCase(Locale.ROOT)));
    }
    this.load =
        Timer.builder("timeslice.module.artifact.load")
            .publishPercentileHistogram()
            .register(registry);
  }

  void hit(long nanos) {
    hits.increment();
    load.record(Duration.ofNanos(nanos));
  }

  void miss() {
    misses.increment();
  }

  void mismatch(ArtifactMismatchException.Reason reason) {
    mismatches.get(reason).increment();
  }

  /** {@code work}'s result, or null when the store failed (counted by operation). */
  <R> R guard(String operation, Supplier<R> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      registry.counter("timeslice.module.artifact.errors", "operation", operation).increment();
      return null;
    }
  }
}
