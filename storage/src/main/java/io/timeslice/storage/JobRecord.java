package io.timeslice.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as stored.
 *
 * @param id its time-ordered id
 * @param tenantId its tenant
 * @param moduleHash its module
 * @param entryFunction the export it calls, or null for a WASI command
 * @param argumentsJson its arguments
 * @param wasiArgsJson its WASI arguments
 * @param wasiEnvJson its WASI environment
 * @param stdin its stdin, or null
 * @param fuelLimit its fuel limit
 * @param priority its priority
 * @param idempotencyKey its idempotency key, or null
 * @param status its status
 * @param cancelRequested whether a cancel waits for its worker
 * @param resultsJson its results, or null
 * @param exitCode its exit code, or null
 * @param trapCode its trap code, or null
 * @param trapMessage its trap or error message, or null
 * @param stdout its captured stdout, or null
 * @param stderr its captured stderr, or null
 * @param fuelConsumed the fuel consumed so far
 * @param slices the slices run so far
 * @param attempts how often it was claimed
 * @param submittedAt when it was accepted
 * @param startedAt when it first ran, or null
 * @param finishedAt when it ended, or null
 * @param leaseOwner the instance running it, or null
 * @param leaseExpiresAt when that lease ends, or null
 */
public record JobRecord(
    UUID id,
    long tenantId,
    byte[] moduleHash,
    String entryFunction,
    String argumentsJson,
    String wasiArgsJson,
    String wasiEnvJson,
    byte[] stdin,
    long fuelLimit,
    int priority,
    String idempotencyKey,
    String status,
    boolean cancelRequested,
    String resultsJson,
    Integer exitCode,
    String trapCode,
    String trapMessage,
    byte[] stdout,
    byte[] stderr,
    long fuelConsumed,
    int slices,
    int attempts,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt,
    String leaseOwner,
    Instant leaseExpiresAt) {}
