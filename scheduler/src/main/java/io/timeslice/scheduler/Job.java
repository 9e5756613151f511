package io.timeslice.scheduler;

import io.timeslice.wasm.Func;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.wasi.WasiContext;
import java.util.concurrent.CompletableFuture;

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
  volatile boolean cancelRequested;

  // The run state, touched by the worker running the current slice only.
  Store<WasiContext> store;
  Func func;
  ResumableCall.Suspended suspended;
  long requiredFuel;
  int slices;

  Job(long id, JobSpec spec, long submittedNanos) {
    this.id = id;
    this.spec = spec;
    this.submittedNanos = submittedNanos;
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

  void setStatus(JobStatus status) {
    this.status = status;
  }
}
