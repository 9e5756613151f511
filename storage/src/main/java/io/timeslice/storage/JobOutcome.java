package io.timeslice.storage;

import java.util.Objects;

/**
 * How a job ended, to record.
 *
 * @param status its final status
 * @param results the function's results as raw bits (their types were stored at submit), or null
 * @param exitCode the exit code, or null
 * @param failure why it did not succeed; null exactly when it succeeded
 * @param stdout the captured stdout, or null
 * @param stderr the captured stderr, or null
 * @param stdoutTruncated whether stdout hit its cap
 * @param stderrTruncated whether stderr hit its cap
 * @param fuelConsumed the fuel consumed
 * @param slices the slices run
 */
public record JobOutcome(
    JobStatus status,
    long[] results,
    Integer exitCode,
    Failure failure,
    byte[] stdout,
    byte[] stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    long fuelConsumed,
    int slices) {

  /** Checks that the status is final and agrees with the failure. */
  public JobOutcome {
    Objects.requireNonNull(status, "status");
    if (!status.isFinal()) {
      throw new IllegalArgumentException(status + " is not how a job ends");
    }
    JobStatus implied = failure == null ? JobStatus.SUCCEEDED : failure.kind().status();
    if (implied != status) {
      throw new IllegalArgumentException(
          "a job ending " + status + " cannot have failure " + failure);
    }
  }

  /** A job that failed before it ran: no output, no fuel. */
  public static JobOutcome failed(Failure failure) {
    return new JobOutcome(
        failure.kind().status(), null, null, failure, null, null, false, false, 0, 0);
  }
}
