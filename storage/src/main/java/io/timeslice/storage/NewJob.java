package io.timeslice.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job to submit, typed as it is stored: the call's arguments with their Wasm types and the result
 * types known at submit time (so that reading a job never needs its module), or a WASI command's
 * arguments, environment and stdin.
 *
 * @param tenantId the submitting tenant
 * @param moduleHash the module's SHA-256
 * @param entryFunction the export to call, or null for a WASI command
 * @param arguments the call's arguments
 * @param resultTypes the types of the function's results
 * @param wasiArgs the WASI arguments after argv[0]
 * @param wasiEnv the WASI environment
 * @param stdin the WASI stdin, or null
 * @param fuelLimit the most fuel the job may consume
 * @param fuelScheduleVersion the fuel schedule its fuel is measured in
 * @param priority higher runs first within the tenant
 * @param idempotencyKey the client's key, or null
 * @param requestHash a hash of the request, to tell a retry from a different request with the key
 * @param traceParent the submitting request's trace context (a W3C traceparent), or null
 */
public record NewJob(
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
    byte[] requestHash,
    String traceParent) {

  /** Fills absent collections with empty ones. */
  public NewJob {
    Objects.requireNonNull(moduleHash, "moduleHash");
    arguments = arguments == null ? WasmValues.NONE : arguments;
    resultTypes = resultTypes == null ? List.of() : List.copyOf(resultTypes);
    wasiArgs = wasiArgs == null ? List.of() : List.copyOf(wasiArgs);
    wasiEnv = wasiEnv == null ? Map.of() : Map.copyOf(wasiEnv);
  }

  /** A call of export {@code entry} with {@code arguments}, returning {@code resultTypes}. */
  public static NewJob call(
      long tenantId,
      byte[] moduleHash,
      String entry,
      WasmValues arguments,
      List<WasmType> resultTypes,
      long fuelLimit,
      int fuelScheduleVersion) {
    return new NewJob(
        tenantId,
        moduleHash,
        Objects.requireNonNull(entry, "entry"),
        arguments,
        resultTypes,
        null,
        null,
        null,
        fuelLimit,
        fuelScheduleVersion,
        0,
        null,
        null,
        null);
  }

  /** A WASI command ({@code _start}) with its arguments, environment and stdin. */
  public static NewJob command(
      long tenantId,
      byte[] moduleHash,
      List<String> wasiArgs,
      Map<String, String> wasiEnv,
      byte[] stdin,
      long fuelLimit,
      int fuelScheduleVersion) {
    return new NewJob(
        tenantId,
        moduleHash,
        null,
        null,
        null,
        wasiArgs,
        wasiEnv,
        stdin,
        fuelLimit,
        fuelScheduleVersion,
        0,
        null,
        null,
        null);
  }

  /** This job with priority {@code p}. */
  public NewJob withPriority(int p) {
    return new NewJob(
        tenantId,
        moduleHash,
        entryFunction,
        arguments,
        resultTypes,
        wasiArgs,
        wasiEnv,
        stdin,
        fuelLimit,
        fuelScheduleVersion,
        p,
        idempotencyKey,
        requestHash,
        traceParent);
  }

  /** This job with an idempotency key and the hash of the request it names. */
  public NewJob withIdempotencyKey(String key, byte[] hash) {
    return new NewJob(
        tenantId,
        moduleHash,
        entryFunction,
        arguments,
        resultTypes,
        wasiArgs,
        wasiEnv,
        stdin,
        fuelLimit,
        fuelScheduleVersion,
        priority,
        key,
        hash,
        traceParent);
  }

  /** This job continuing the trace of {@code traceParent} (a W3C traceparent; null: none). */
  public NewJob withTraceParent(String traceParent) {
    return new NewJob(
        tenantId,
        moduleHash,
        entryFunction,
        arguments,
        resultTypes,
        wasiArgs,
        wasiEnv,
        stdin,
        fuelLimit,
        fuelScheduleVersion,
        priority,
        idempotencyKey,
        requestHash,
        traceParent);
  }
}
