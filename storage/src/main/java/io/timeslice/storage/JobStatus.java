package io.timeslice.storage;

/**
 * A job's lifecycle: QUEUED → RUNNING (across its slices) → one of the final states. One enum for
 * the database (its {@code status} column holds these names), the scheduler and the API.
 */
public enum JobStatus {
  /** Accepted, not started. */
  QUEUED,
  /** Started; between slices it stays RUNNING. */
  RUNNING,
  /** Returned, or a WASI command exited with 0. */
  SUCCEEDED,
  /** Trapped, failed to link or instantiate, or a WASI command exited with a non-zero code. */
  FAILED,
  /** Its fuel limit was reached. */
  EXHAUSTED,
  /** Cancelled before or while running. */
  CANCELLED,
  /** Ran longer than its wall-clock limit (sleeps and host calls included). */
  TIMED_OUT;

  /** Whether the job is over. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
