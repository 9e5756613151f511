package io.timeslice.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A job as the service shows it.
 *
 * @param id its id
 * @param status its status
 * @param moduleId its module
 * @param function the export it calls, or null for a WASI command
 * @param results the function's results once it succeeded: numbers, or "nan", "inf", "-inf"
 * @param exitCode a WASI command's exit code
 * @param stdout what it wrote to stdout, as UTF-8 text
 * @param stdoutBase64 stdout as base64, when it is not valid UTF-8
 * @param stderr what it wrote to stderr
 * @param stderrBase64 stderr as base64, when it is not valid UTF-8
 * @param failure why it did not succeed
 * @param trap the trap, when the failure is one
 * @param fuelLimit its fuel limit
 * @param fuelConsumed the fuel it consumed so far
 * @param fuelScheduleVersion the cost schedule its fuel is measured in
 * @param slices the slices it ran in so far
 * @param attempts how often it was started
 * @param priority its priority
 * @param submittedAt when it was accepted
 * @param startedAt when it first ran
 * @param finishedAt when it ended
 */
public record Job(
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
    int priority,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt) {

  /** The bytes the job wrote to stdout, exactly (decoded from base64 when they are not UTF-8). */
  public byte[] stdoutBytes() {
    return bytes(stdout, stdoutBase64);
  }

  /** The bytes the job wrote to stderr, exactly. */
  public byte[] stderrBytes() {
    return bytes(stderr, stderrBase64);
  }

  private static byte[] bytes(String text, String base64) {
    if (base64 != null) {
      return Base64.getDecoder().decode(base64);
    }
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }

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
   * @param code the engine's trap code, e.g. UNREACHABLE
   * @param message what happened, and where
   */
  public record Trap(String code, String message) {}
}
