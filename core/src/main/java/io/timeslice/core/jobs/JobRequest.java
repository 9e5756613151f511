package io.timeslice.core.jobs;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /jobs}.
 *
 * @param moduleId the module's id (its SHA-256 in hex)
 * @param function the export to call; absent: run the module as a WASI command ({@code _start})
 * @param args the call's arguments (see {@link JobArguments})
 * @param wasi the WASI program's arguments, environment and stdin
 * @param fuelLimit the most fuel the job may consume; absent: the tenant's maximum
 * @param priority higher runs first among the tenant's jobs (-1000 to 1000; default 0)
 */
public record JobRequest(
    String moduleId,
    String function,
    List<JsonNode> args,
    Wasi wasi,
    Long fuelLimit,
    Integer priority) {

  /**
   * What a WASI program sees.
   *
   * @param args argv after argv[0] (which is the module id)
   * @param env the environment
   * @param stdin stdin as text (UTF-8)
   * @param stdinBase64 stdin as base64, for binary input (not with {@code stdin})
   */
  public record Wasi(
      List<String> args, Map<String, String> env, String stdin, String stdinBase64) {}
}
