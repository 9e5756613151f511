package io.timeslice.api.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the AOT training run does before it stops (docs/RATIONALE.md, "Why does the training run
 * compile and run a module?"): through the service's own HTTP API, as a user would, it creates a
 * tenant, uploads Lua 5.4 as a WASI command (824 functions validated and translated) and runs a Lua
 * script as a job to its end (instantiation, WASI, the interpreter, tiering, the compiled tier,
 * events). The JVM records the classes and method profiles of all of it, so that a later start
 * compiles its first modules and runs its first jobs with HotSpot already knowing these paths.
 */
final class TrainingWorkload {
  /** A few seconds of work: enough calls and loop iterations for the tiers to compile. */
  static final String SCRIPT =
      """
      local t = {}
      for i = 1, 100000 do t[i] = (i * 7919) % 1000003 end
      table.sort(t)
      local words = {}
      for i = 1, 20000 do words[#words + 1] = string.format("w%05d", t[i] % 99991) end
      local s = table.concat(words, " ")
      local n = 0
      for w in s:gmatch("w(%d+)") do n = n + tonumber(w) end
      print(#t, n)
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final String base;
  private final String adminToken;
  private final HttpClient http = HttpClient.newHttpClient();

  TrainingWorkload(int port, String adminToken) {
    this.base = "http://localhost:" + port;
    this.adminToken = adminToken;
  }

  /** Runs the workload; returns the job's final state as the API reports it. */
  JsonNode run() throws IOException, InterruptedException {
    JsonNode tenant = send("POST", "/tenants", adminToken, Map.of("name", "aot-training"));
    String key = tenant.get("apiKey").asString();
    byte[] lua;
    try (InputStream in = TrainingWorkload.class.getResourceAsStream("/training/lua.wasm")) {
      if (in == null) {
        throw new IOException("training/lua.wasm is not in the jar");
      }
      lua = in.readAllBytes();
    }
    String module = send("POST", "/modules", key, lua).get("id").asString();
    Map<String, Object> job =
        Map.of("moduleId", module, "wasi", Map.of("args", List.of("-"), "stdin", SCRIPT));
    String id = send("POST", "/jobs", key, job).get("id").asString();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode state;
    do {
      state = send("GET", "/jobs/" + id + "?wait=30s", key, null);
    } while (!state.get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED")
        && System.nanoTime() < deadline);
    return state;
  }

  private JsonNode send(String method, String path, String key, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + key);
    if (body instanceof byte[] wasm) {
      request.header("Content-Type", "application/wasm");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(wasm));
    } else if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(
          method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
