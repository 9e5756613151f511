package io.timeslice.storage;

/**
 * A job to submit. JSON fields are JSON text the caller has serialized.
 *
 * @param tenantId the submitting tenant
 * @param moduleHash the module's SHA-256
 * @param entryFunction the export to call, or null for a WASI command
 * @param argumentsJson the call's arguments
 * @param wasiArgsJson the WASI arguments
 * @param wasiEnvJson the WASI environment
 * @param stdin the WASI stdin, or null
 * @param fuelLimit the most fuel the job may consume
 * @param fuelScheduleVersion the fuel schedule its fuel is measured in
 * @param priority higher runs first within the tenant
 * @param idempotencyKey the client's key, or null
 * @param requestHash a hash of the request, to tell a retry from a different request with the key
 */
public record NewJob(
    long tenantId,
    byte[] moduleHash,
    String entryFunction,
    String argumentsJson,
    String wasiArgsJson,
    String wasiEnvJson,
    byte[] stdin,
    long fuelLimit,
    int fuelScheduleVersion,
    int priority,
    String idempotencyKey,
    byte[] requestHash) {}
