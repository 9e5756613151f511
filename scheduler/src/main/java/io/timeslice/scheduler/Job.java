package io.timeslice.scheduler;

import io.timeslice.storage.JobStatus;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.wasi.WasiContext;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A submitted job: its spec, its status and its result to come. Between slices its call is parked
 * here, on the heap, holding no thread; one worker at a time runs it.
 */
public final class Job {
  private final long id;
  private final JobSpec spec;
  final long submittedNanos;
  private final CompletableFuture<JobResult> result = new CompletableFuture<>();
  private volatile JobStatus status = JobStatus.QUEUED;
  // How the job is to end early (CANCELLED or TIMED_OUT), or null; the first request wins.
  private volatile JobStatus stopAs;
  // A sleeping job's timer, or null; cancelled to end the sleep early when the job is stopped.
  volatile ScheduledFuture<?> parked;
  private volatile long fuelConsumed;
  private volatile int progressSlices;

  // The run state, touched by the worker running the current slice only.
  Store<WasiContext> store;
  Func func;
  ResumableCall.Suspended suspended;
  long requiredFuel;
  int slices;

  // Checkpoints: how (null: never), and the state since the last one (the running worker's).
  final Checkpointing checkpointing;
  // Its part of a trace, and its id in the logging context of the worker running it.
  final JobTrace trace;
  // Set by a graceful shutdown: the job is checkpointed as it stops.
  volatile boolean checkpointOnStop;
  boolean checkpointable = true;
  Instant lastCheckpointAt;
  long lastCheckpointFuel;

  Job(long id, JobSpec spec, long submittedNanos, Checkpointing checkpointing, JobTrace trace) {
    this.id = id;
    this.spec = spec;
    this.submittedNanos = submittedNanos;
    this.checkpointing = checkpointing;
    this.trace = trace;
  }

  /** The scheduler-assigned id. */
  public long id() {
    return id;
  }

  /** What the job runs. */
  public JobSpec spec() {
    return spec;
  }

  /** The current status. */
  public JobStatus status() {
    return status;
  }

  /** Completes when the job ends, with how it ended. */
  public CompletableFuture<JobResult> result() {
    return result;
  }

  /** The fuel consumed so far, as of its last slice. */
  public long fuelConsumed() {
    return fuelConsumed;
  }

  /** The slices run so far. */
  public int slices() {
    return progressSlices;
  }

  void setStatus(JobStatus status) {
    this.status = status;
  }

  void progress(long fuel, int sliceCount) {
    this.fuelConsumed = fuel;
    this.progressSlices = sliceCount;
  }

  JobStatus stopAs() {
    return stopAs;
  }

  /** Asks the job to end as {@code outcome}; false when it already ended or was asked before. */
  synchronized boolean requestStop(JobStatus outcome) {
    if (status.isFinal() || stopAs != null) {
      return false;
    }
    stopAs = outcome;
    return true;
  }
}
