package io.timeslice.client;

/** A job's state: QUEUED, RUNNING (across its slices), then one of the final states. */
public enum JobStatus {
  /** Accepted, not started. */
  QUEUED,
  /** Started; it stays RUNNING between its slices. */
  RUNNING,
  /** Returned, or a WASI command exited with 0. */
  SUCCEEDED,
  /** Trapped, failed to link or instantiate, or exited with a non-zero code. */
  FAILED,
  /** Its fuel limit was reached. */
  EXHAUSTED,
  /** Cancelled before or while running. */
  CANCELLED,
  /** Ran longer than the service's wall-clock limit. */
  TIMED_OUT;

  /** Whether the job is over. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
