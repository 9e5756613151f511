package io.timeslice.scheduler;

import io.timeslice.storage.Failure;
import io.timeslice.storage.JobStatus;

/**
 * How a job ended.
 *
 * @param status the final status
 * @param results the function's results as raw bits, or null when it did not return them (a WASI
 *     command, an exit, a failure)
 * @param exitCode the WASI exit code, or null
 * @param failure why it did not succeed (null when it did)
 * @param stdout what the program wrote to stdout (capped)
 * @param stderr what it wrote to stderr (capped)
 * @param fuelConsumed the fuel it consumed
 * @param slices how many slices it ran in
 * @param stdoutTruncated whether stdout reached its cap
 * @param stderrTruncated whether stderr reached its cap
 */
public record JobResult(
    JobStatus status,
    long[] results,
    Integer exitCode,
    Failure failure,
    byte[] stdout,
    byte[] stderr,
    long fuelConsumed,
    int slices,
    boolean stdoutTruncated,
    boolean stderrTruncated) {}
