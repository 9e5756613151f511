package io.timeslice.scheduler;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.timeslice.storage.JobStatus;
import org.slf4j.MDC;

/**
 * A job's part of a trace, in the Micrometer Observation API (a plain library: whatever tracer the
 * application registers turns observations into spans): one {@code timeslice.job.run} observation
 * from the job's start to its end, and under it one {@code timeslice.job.slice.batch} observation
 * per batch of slices (at most {@link #BATCH_SLICES} of them or {@link #BATCH_NANOS} long), so that
 * a long job makes a readable trace rather than a span per quantum. While a slice runs, its batch
 * is the current observation and the job's id is in the worker's logging context ({@code jobId}).
 * Only the worker running the job's slice touches its state, and it hands the job on (requeues or
 * parks it) only after {@link #leave}.
 */
public final class JobTrace {
  /** The logging context's key for the job's id. */
  public static final String MDC_KEY = "jobId";

  /** The most slices one batch observation covers. */
  static final int BATCH_SLICES = 100;

  /** The longest one batch observation lasts (it ends at the first slice after). */
  static final long BATCH_NANOS = 1_000_000_000L;

  /** A trace that observes nothing and only names the job in the logging context. */
  public static JobTrace untraced(String jobId) {
    return new JobTrace(jobId, Observation.NOOP, ObservationRegistry.NOOP, true);
  }

  private final String jobId;
  private final Observation run;
  private final ObservationRegistry registry;
  private final boolean noop;

  // The current batch: touched only by the worker running the job's current slice.
  private Observation batch;
  private Observation.Scope scope;
  private int batchSlices;
  private long batchFuel;
  private long batchStarted;
  private int firstSlice;

  private JobTrace(String jobId, Observation run, ObservationRegistry registry, boolean noop) {
    this.jobId = jobId;
    this.run = run;
    this.registry = registry;
    this.noop = noop;
  }

  /**
   * The trace of job {@code jobId} whose run is {@code run} (started, and stopped by the scheduler
   * when the job ends), its slice batches observed in {@code registry}.
   */
  public static JobTrace of(String jobId, Observation run, ObservationRegistry registry) {
    return new JobTrace(jobId, run, registry, registry.isNoop());
  }

  /** The job's id, as the logging context names it. */
  public String jobId() {
    return jobId;
  }

  /** A slice begins on this thread: its batch is current, the job is in the logging context. */
  void enterSlice(int slicesSoFar) {
    MDC.put(MDC_KEY, jobId);
    if (noop) {
      return;
    }
    if (batch == null) {
      batchStarted = System.nanoTime();
      firstSlice = slicesSoFar + 1;
      batch =
          Observation.createNotStarted("timeslice.job.slice.batch", registry)
              .contextualName("slices")
              .parentObservation(run)
              .start();
    }
    scope = batch.openScope();
  }

  /** The slice ran and consumed {@code fuel}. */
  void sliceRan(long fuel) {
    batchSlices++;
    batchFuel += fuel;
  }

  /**
   * The job leaves this worker (back to the queue, or parked): its batch stops being current here,
   * and ends when it is full or old. Called before the job is handed on, so that the next worker
   * finds the batch as this one left it.
   */
  void leave() {
    closeScope();
    if (batch != null
        && (batchSlices >= BATCH_SLICES || System.nanoTime() - batchStarted >= BATCH_NANOS)) {
      stopBatch();
    }
  }

  /** The worker is done with the job's slice: the job is no longer in its logging context. */
  static void leftWorker() {
    MDC.remove(MDC_KEY);
  }

  /** The job ended as {@code status} after {@code slices} slices and {@code fuel} fuel. */
  void finished(JobStatus status, int slices, long fuel, String failure) {
    closeScope();
    stopBatch();
    run.lowCardinalityKeyValue("status", status.name())
        .highCardinalityKeyValue("slices", Integer.toString(slices))
        .highCardinalityKeyValue("fuel", Long.toString(fuel));
    if (failure != null) {
      run.highCardinalityKeyValue("failure", failure);
    }
    run.stop();
  }

  private void closeScope() {
    if (scope != null) {
      scope.close();
      scope = null;
    }
  }

  private void stopBatch() {
    if (batch == null) {
      return;
    }
    batch
        .highCardinalityKeyValue("slices.first", Integer.toString(firstSlice))
        .highCardinalityKeyValue("slices.count", Integer.toString(batchSlices))
        .highCardinalityKeyValue("fuel", Long.toString(batchFuel))
        .stop();
    batch = null;
    batchSlices = 0;
    batchFuel = 0;
  }
}
