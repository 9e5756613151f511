package io.timeslice.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.timeslice.storage.JobStatus;
import io.timeslice.wasm.CheckpointException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/** The scheduler's meters, with the names dashboards rely on (docs/metrics.md). */
final class SchedulerMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> fuel = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Boolean> depthGauges = new ConcurrentHashMap<>();
  private final Counter slices;
  private final Timer instantiate;
  private final DistributionSummary checkpointBytes;
  private final Timer checkpointWrite;
  private final Timer checkpointRestore;
  private final Counter resumes;
  final AtomicInteger busy = new AtomicInteger();

  SchedulerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.slices = Counter.builder("timeslice.job.slices").register(registry);
    Gauge.builder("timeslice.workers.busy", busy, AtomicInteger::get).register(registry);
    this.instantiate =
        Timer.builder("timeslice.job.instantiate").publishPercentileHistogram().register(registry);
    this.checkpointBytes =
        DistributionSummary.builder("timeslice.checkpoint.size")
            .baseUnit("bytes")
            .publishPercentileHistogram()
            .register(registry);
    this.checkpointWrite =
        Timer.builder("timeslice.checkpoint.write").publishPercentileHistogram().register(registry);
    this.checkpointRestore =
        Timer.builder("timeslice.checkpoint.restore")
            .publishPercentileHistogram()
            .register(registry);
    this.resumes = Counter.builder("timeslice.checkpoint.resumes").register(registry);
  }

  /**
   * A checkpoint of {@code bytes} was written in {@code nanos} (stored included) and kept, or not
   * (over the tenant's quota, the lease lost).
   */
  void checkpointed(long bytes, long nanos, boolean kept) {
    checkpointBytes.record(bytes);
    checkpointWrite.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    Counter.builder("timeslice.checkpoints")
        .tag("outcome", kept ? "saved" : "skipped")
        .register(registry)
        .increment();
  }

  /** A call could not be checkpointed, or a checkpoint restored, for {@code reason}. */
  void checkpointRefused(CheckpointException.Reason reason) {
    Counter.builder("timeslice.checkpoints.refused")
        .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** A job went on from its checkpoint, restored in {@code nanos}. */
  void restored(long nanos) {
    checkpointRestore.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    resumes.increment();
  }

  /** A job's instance was made from its pre-linked module (start function included). */
  void instantiated(long nanos) {
    instantiate.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void submitted(String tenant) {
    Counter.builder("timeslice.jobs.submitted")
        .tag("tenant", tenant)
        .register(registry)
        .increment();
  }

  void queued(String tenant, Object queue, ToDoubleFunction<Object> depth) {
    depthGauges.computeIfAbsent(
        tenant,
        t -> {
          Gauge.builder("timeslice.queue.depth", queue, depth).tag("tenant", t).register(registry);
          return true;
        });
  }

  void slice(String tenant, long fuelUsed) {
    fuel.computeIfAbsent(
            tenant,
            t -> Counter.builder("timeslice.fuel.consumed").tag("tenant", t).register(registry))
        .increment(fuelUsed);
    slices.increment();
  }

  void started(String tenant, long waitNanos) {
    Timer.builder("timeslice.job.queue.wait")
        .tag("tenant", tenant)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(waitNanos));
  }

  void completed(String tenant, JobStatus outcome, long durationNanos) {
    String o = outcome.name().toLowerCase(java.util.Locale.ROOT);
    Counter.builder("timeslice.jobs.completed")
        .tag("tenant", tenant)
        .tag("outcome", o)
        .register(registry)
        .increment();
    Timer.builder("timeslice.job.duration")
        .tag("tenant", tenant)
        .tag("outcome", o)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(durationNanos));
  }
}
