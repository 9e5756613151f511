package io.timeslice.scheduler;

/**
 * How a job ended.
 *
 * @param status the final status
 * @param results the function's results as raw bits (empty for WASI commands and failures)
 * @param exitCode the WASI exit code, or null
 * @param trap the trap or error message, or null
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
    String trap,
    byte[] stdout,
    byte[] stderr,
    long fuelConsumed,
    int slices,
    boolean stdoutTruncated,
    boolean stderrTruncated) {}
