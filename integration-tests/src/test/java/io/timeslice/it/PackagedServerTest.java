package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar starts on the configured port, serves its probes, and shuts down cleanly. */
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
}
