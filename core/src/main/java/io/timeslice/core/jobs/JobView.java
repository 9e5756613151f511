package io.timeslice.core.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.timeslice.storage.JobStatus;
import java.time.Instant;
import java.util.List;

/**
 * A job as {@code GET /jobs/{id}} shows it. Output is UTF-8 text; output that is not valid UTF-8
 * also comes as base64.
 *
 * @param id the job's id
 * @param status QUEUED, RUNNING, SUCCEEDED, FAILED, EXHAUSTED, CANCELLED or TIMED_OUT
 * @param moduleId its module
 * @param function the export it calls, or null for a WASI command
 * @param results the function's results, once it succeeded
 * @param exitCode a WASI command's exit code
 * @param stdout what it wrote to stdout
 * @param stdoutBase64 stdout as base64 when it is not valid UTF-8
 * @param stderr what it wrote to stderr
 * @param stderrBase64 stderr as base64 when it is not valid UTF-8
 * @param failure why it did not succeed: its kind and what happened
 * @param trap the trap, when the failure is one
 * @param fuelLimit its fuel limit
 * @param fuelConsumed the fuel consumed so far
 * @param fuelScheduleVersion the cost schedule its fuel is measured in
 * @param slices the slices it ran in so far
 * @param attempts how often it was started (more than 1 after an instance died)
 * @param resumedFromCheckpoint how often it went on from a checkpoint (after a shutdown or an
 *     instance's death) rather than from its start
 * @param priority its priority
 * @param submittedAt when it was accepted
 * @param startedAt when it first ran
 * @param finishedAt when it ended
 * @param traceId the trace of the request that submitted it, which its claim and run continue
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String id,
    JobStatus status,
    String moduleId,
    String function,
    List<Object> results,
    Integer exitCode,
    String stdout,
    String stdoutBase64,
    String stderr,
    String stderrBase64,
    Failure failure,
    Trap trap,
    long fuelLimit,
    long fuelConsumed,
    int fuelScheduleVersion,
    int slices,
    int attempts,
    int resumedFromCheckpoint,
    int priority,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt,
    String traceId) {

  /**
   * Why a job did not succeed.
   *
   * @param kind TRAP, EXIT, LINK, INSTANTIATION, INTERNAL, EXHAUSTED, TIMEOUT or CANCELLED
   * @param message what happened
   */
  public record Failure(String kind, String message) {}

  /**
   * A trap.
   *
   * @param code the trap code (e.g. {@code UNREACHABLE}, {@code CALL_STACK_EXHAUSTED})
   * @param message what happened, and where
   */
  public record Trap(String code, String message) {}
}
