package io.timeslice.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job as stored, typed: its results come with the types stored at submit time, its failure with
 * its kind and (for a trap) its code.
 *
 * @param id its time-ordered id
 * @param tenantId its tenant
 * @param moduleHash its module
 * @param entryFunction the export it calls, or null for a WASI command
 * @param arguments its arguments
 * @param resultTypes the types of its function's results
 * @param wasiArgs its WASI arguments
 * @param wasiEnv its WASI environment
 * @param stdin its stdin, or null
 * @param fuelLimit its fuel limit
 * @param fuelScheduleVersion the fuel schedule its fuel is measured in
 * @param priority its priority
 * @param idempotencyKey its idempotency key, or null
 * @param status its status
 * @param cancelRequested whether a cancel waits for its worker
 * @param results its function's results once it returned (a WASI command has none), or null
 * @param exitCode its exit code, or null
 * @param failure why it did not succeed, or null
 * @param stdout its captured stdout, or null
 * @param stderr its captured stderr, or null
 * @param stdoutTruncated whether stdout was cut at its cap
 * @param stderrTruncated whether stderr was cut at its cap
 * @param fuelConsumed the fuel consumed so far
 * @param slices the slices run so far
 * @param attempts how often it was claimed
 * @param resumedFromCheckpoint how often it went on from a checkpoint rather than its start
 * @param submittedAt when it was accepted
 * @param startedAt when it first ran, or null
 * @param finishedAt when it ended, or null
 * @param leaseOwner the instance running it, or null
 * @param leaseExpiresAt when that lease ends, or null
 * @param traceParent the trace context of the request that submitted it (W3C traceparent), or null
 */
public record JobRecord(
    UUID id,
    long tenantId,
    byte[] moduleHash,
    String entryFunction,
    WasmValues arguments,
    List<WasmType> resultTypes,
    List<String> wasiArgs,
    Map<String, String> wasiEnv,
    byte[] stdin,
    long fuelLimit,
    int fuelScheduleVersion,
    int priority,
    String idempotencyKey,
    JobStatus status,
    boolean cancelRequested,
    WasmValues results,
    Integer exitCode,
    Failure failure,
    byte[] stdout,
    byte[] stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    long fuelConsumed,
    int slices,
    int attempts,
    int resumedFromCheckpoint,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt,
    String leaseOwner,
    Instant leaseExpiresAt,
    String traceParent) {

  /** The id of the trace the job belongs to (from its trace context), or null. */
  public String traceId() {
    return TraceParents.traceId(traceParent);
  }
}
