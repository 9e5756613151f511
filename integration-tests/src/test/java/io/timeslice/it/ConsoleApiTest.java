package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the console reads besides the job API, over HTTP against the packaged server: a tenant's
 * event stream (its jobs' changes, live, with their trace ids, and no other tenant's) and its
 * activity per minute.
 */
class ConsoleApiTest {
  @Test
  void theTenantStreamCarriesItsJobsChangesLiveAndNoOtherTenants() throws Exception {
    Api api = SharedServer.api();
    Api.Tenant alice = api.tenant("stream-a", Map.of("weight", 1));
    Api.Tenant bob = api.tenant("stream-b", Map.of("weight", 1));
    String aliceModule = api.upload(alice.key(), "bench.wasm");
    String bobModule = api.upload(bob.key(), "bench.wasm");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(SharedServer.get().base() + "/jobs/events"))
            .header("Authorization", "Bearer " + alice.key())
            .timeout(Duration.ofSeconds(120))
            .build();
    List<JsonNode> events = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        // The stream is open (its first comment came): jobs submitted now are on it.
        assertThat(lines.readLine()).startsWith(":");
        String theirs =
            api.submit(
                bob.key(),
                Map.of("moduleId", bobModule, "function", "fib_rec", "args", List.of(5)));
        String mine =
            api.submit(
                alice.key(),
                Map.of("moduleId", aliceModule, "function", "fib_rec", "args", List.of(15)));
        api.await(bob.key(), theirs);
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            JsonNode e = Api.JSON.readTree(line.substring(5));
            events.add(e);
            if (e.get("id").asString().equals(mine)
                && e.get("status").asString().equals("SUCCEEDED")) {
              break;
            }
          }
        }
        assertThat(events).extracting(e -> e.get("id").asString()).containsOnly(mine);
        assertThat(events)
            .extracting(e -> e.get("status").asString())
            .containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
        String traceId = api.await(alice.key(), mine).get("traceId").asString();
        assertThat(events)
            .allSatisfy(e -> assertThat(e.get("traceId").asString()).isEqualTo(traceId));
      }
    }

    // The activity: alice's one job, in the last minutes, with its fuel.
    JsonNode minutes = api.get("/jobs/stats?minutes=5", alice.key()).json().get("minutes");
    long jobs = 0;
    long fuel = 0;
    for (JsonNode m : minutes) {
      jobs += m.get("jobs").asLong();
      fuel += m.get("fuel").asLong();
      assertThat(m.get("latencyP50Millis").asLong())
          .isLessThanOrEqualTo(m.get("latencyMaxMillis").asLong());
    }
    assertThat(jobs).isEqualTo(1);
    assertThat(fuel)
        .isEqualTo(
            api.get("/jobs?limit=1", alice.key())
                .json()
                .get("jobs")
                .get(0)
                .get("fuelConsumed")
                .asLong());
    assertThat(api.get("/jobs/stats?minutes=0", alice.key()).status()).isEqualTo(400);
  }
}
