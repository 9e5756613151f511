package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Jobs accepted before a restart all finish after it: none is lost, none is left hanging, the one
 * running when the service stopped goes on from the checkpoint written on shutdown, and the
 * restarted service does not translate their module again.
 */
class RestartTest {

  @Test
  void queuedAndRunningJobsSurviveARestart(@TempDir Path dataDir) throws Exception {
    Map<String, String> env =
        Map.of("TIMESLICE_ADMIN_TOKEN", "restart-admin", "TIMESLICE_WORKERS", "1");
    List<String> ids = new ArrayList<>();
    String key;
    try (ServerProcess first = ServerProcess.start(dataDir, env)) {
      first.awaitReady(Duration.ofSeconds(180));
      Api api = new Api(first.base(), "restart-admin");
      Api.Tenant tenant = api.tenant("restart", Map.of());
      key = tenant.key();
      String jobs = api.upload(key, "jobs.wasm");
      // Long enough that most are still queued or running when the service stops.
      for (int i = 0; i < 12; i++) {
        ids.add(
            api.submit(
                key, Map.of("moduleId", jobs, "function", "work", "args", List.of(20_000_000))));
      }
      assertThat(first.stop(Duration.ofSeconds(60))).isEqualTo(143);
      // Graceful: the scheduler stopped after the web server, checkpointed the running job and
      // gave its leases back, all before the embedded PostgreSQL stopped.
      assertThat(first.log())
          .contains("stopping the scheduler: finishing slices, releasing leases")
          .contains("scheduler stopped")
          .doesNotContainPattern("scheduler: \\S+ (failed|still failing)");
    }
    try (ServerProcess second = ServerProcess.start(dataDir, env)) {
      second.awaitReady(Duration.ofSeconds(180));
      Api api = new Api(second.base(), "restart-admin");
      int resumed = 0;
      long fuel = -1;
      for (String id : ids) {
        JsonNode job = api.await(key, id);
        assertThat(job.get("status").asString()).as(id).isEqualTo("SUCCEEDED");
        resumed += job.get("resumedFromCheckpoint").asInt();
        // Every job did the same work: resumed or not, each consumed the same fuel.
        long consumed = job.get("fuelConsumed").asLong();
        assertThat(fuel < 0 || consumed == fuel).as(id + " consumed " + consumed).isTrue();
        fuel = consumed;
      }
      assertThat(resumed)
          .as("the job running at shutdown resumed from its checkpoint")
          .isPositive();
      // The restarted service installed the module's stored IR instead of translating it again.
      String scrape = api.get("/actuator/prometheus", null).body();
      assertThat(scrape)
          .containsPattern("timeslice_module_artifact_hits_total [1-9]")
          .contains("timeslice_module_compile_seconds_count 0");
    }
  }
}
