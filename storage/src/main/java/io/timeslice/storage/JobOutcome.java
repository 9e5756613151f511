package io.timeslice.storage;

/**
 * How a job ended, to record.
 *
 * @param status SUCCEEDED, FAILED, EXHAUSTED, CANCELLED or TIMED_OUT
 * @param resultsJson the results, or null
 * @param exitCode the exit code, or null
 * @param trapCode the trap code, or null
 * @param trapMessage the trap or error message, or null
 * @param stdout the captured stdout, or null
 * @param stderr the captured stderr, or null
 * @param stdoutTruncated whether stdout hit its cap
 * @param stderrTruncated whether stderr hit its cap
 * @param fuelConsumed the fuel consumed
 * @param slices the slices run
 */
public record JobOutcome(
    String status,
    String resultsJson,
    Integer exitCode,
    String trapCode,
    String trapMessage,
    byte[] stdout,
    byte[] stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    long fuelConsumed,
    int slices) {}
