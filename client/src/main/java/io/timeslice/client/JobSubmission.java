package io.timeslice.client;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A job to submit: a call of an exported function with arguments, or a WASI command.
 *
 * @param moduleId the module's id
 * @param function the export to call; null runs the module as a WASI command ({@code _start})
 * @param args the call's arguments: numbers, or strings the service parses by the parameter's type
 *     (exact 64-bit integers, "nan", "inf", "-inf")
 * @param wasi the WASI command's arguments, environment and stdin; null for a call
 * @param fuelLimit the most fuel the job may consume; null: the tenant's maximum
 * @param priority higher runs first among the tenant's jobs; null: 0
 */
public record JobSubmission(
    String moduleId,
    String function,
    List<Object> args,
    Wasi wasi,
    Long fuelLimit,
    Integer priority) {

  /** A call of {@code function} in {@code moduleId} with {@code args}. */
  public static JobSubmission invoke(String moduleId, String function, Object... args) {
    return new JobSubmission(moduleId, function, List.of(args), null, null, null);
  }

  /** A run of {@code moduleId} as a WASI command. */
  public static JobSubmission command(String moduleId, Wasi wasi) {
    return new JobSubmission(moduleId, null, null, wasi, null, null);
  }

  /** This submission with fuel limit {@code fuel}. */
  public JobSubmission withFuelLimit(Long fuel) {
    return new JobSubmission(moduleId, function, args, wasi, fuel, priority);
  }

  /** This submission with {@code priority}. */
  public JobSubmission withPriority(Integer newPriority) {
    return new JobSubmission(moduleId, function, args, wasi, fuelLimit, newPriority);
  }

  /**
   * What a WASI command sees.
   *
   * @param args argv after argv[0]
   * @param env the environment
   * @param stdin stdin as UTF-8 text
   * @param stdinBase64 stdin as base64, for bytes that are not UTF-8 (not with {@code stdin})
   */
  public record Wasi(List<String> args, Map<String, String> env, String stdin, String stdinBase64) {

    /**
     * A command's {@code args}, {@code env} and {@code stdin} bytes (null: none), sent as text when
     * they are valid UTF-8 and as base64 otherwise.
     */
    public static Wasi of(List<String> args, Map<String, String> env, byte[] stdin) {
      if (stdin == null) {
        return new Wasi(args, env, null, null);
      }
      CharsetDecoder utf8 =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      try {
        return new Wasi(args, env, utf8.decode(ByteBuffer.wrap(stdin)).toString(), null);
      } catch (CharacterCodingException notText) {
        return new Wasi(args, env, null, Base64.getEncoder().encodeToString(stdin));
      }
    }
  }
}
