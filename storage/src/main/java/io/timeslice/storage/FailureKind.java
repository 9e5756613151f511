package io.timeslice.storage;

/**
 * Why a job did not succeed. Each kind belongs to one final {@link JobStatus}; only {@link #TRAP}
 * carries a trap code. The database's {@code failure_kind} column holds these names.
 */
public enum FailureKind {
  /** The Wasm code trapped (the trap code says why). */
  TRAP(JobStatus.FAILED),
  /** A WASI command exited with a non-zero code (or was stopped at its output cap). */
  EXIT(JobStatus.FAILED),
  /** An import could not be satisfied. */
  LINK(JobStatus.FAILED),
  /** The module could not be compiled or instantiated (for example over a memory limit). */
  INSTANTIATION(JobStatus.FAILED),
  /** The service failed, not the program: a bug or a lost module. */
  INTERNAL(JobStatus.FAILED),
  /** The job's fuel limit was reached. */
  EXHAUSTED(JobStatus.EXHAUSTED),
  /** The job ran longer than its wall-clock limit. */
  TIMEOUT(JobStatus.TIMED_OUT),
  /** The job was cancelled. */
  CANCELLED(JobStatus.CANCELLED);

  private final JobStatus status;

  FailureKind(JobStatus status) {
    this.status = status;
  }

  /** The final status a job ending this way has. */
  public JobStatus status() {
    return status;
  }
}
