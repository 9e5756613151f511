package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar starts on the configured port, serves its probes, and shuts down cleanly; with
 * structured logging switched on, its log lines are JSON objects.
 */
class PackagedServerTest {

  @Test
  void startsServesProbesAndStopsGracefullyOnSigterm(@TempDir Path dataDir) throws Exception {
    try (ServerProcess server = ServerProcess.start(dataDir)) {
      server.awaitReady(Duration.ofSeconds(180));

      HttpResponse<String> liveness = server.get("/actuator/health/liveness");
      assertThat(liveness.statusCode()).isEqualTo(200);
      assertThat(liveness.body()).contains("\"status\":\"UP\"");
      assertThat(server.get("/actuator/prometheus").body()).contains("process_uptime_seconds");

      // A JVM ended by SIGTERM after a clean shutdown exits with 128 + 15.
      assertThat(server.stop(Duration.ofSeconds(30))).isEqualTo(143);
      assertThat(server.log()).contains("Graceful shutdown complete");
    }
  }

  @Test
  void logsJsonLinesWhenStructuredLoggingIsOn(@TempDir Path dataDir) throws Exception {
    try (ServerProcess server =
        ServerProcess.start(dataDir, Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "logstash"))) {
      server.awaitReady(Duration.ofSeconds(180));
      server.stop(Duration.ofSeconds(30));

      List<JsonNode> lines =
          server.log().lines().filter(l -> l.startsWith("{")).map(Api.JSON::readTree).toList();
      assertThat(lines)
          .as(server.log())
          .anySatisfy(line -> assertThat(line.get("message").asString()).startsWith("Started "))
          .anySatisfy(
              line ->
                  assertThat(line.get("message").asString())
                      .isEqualTo("Graceful shutdown complete"))
          .allSatisfy(
              line ->
                  assertThat(line.has("@timestamp") && line.has("level") && line.has("logger_name"))
                      .isTrue());
    }
  }
}
