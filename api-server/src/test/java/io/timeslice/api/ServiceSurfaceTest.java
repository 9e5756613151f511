package io.timeslice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service's outer surface over real HTTP: probes, metrics, and problem+json errors. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"timeslice.data-dir=target/surface-test-data", "timeslice.admin-token=surface"})
class ServiceSurfaceTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void livenessAndReadinessProbesAreUp() throws Exception {
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
      HttpResponse<String> response = get(probe);
      assertThat(response.statusCode()).as(probe).isEqualTo(200);
      assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
    }
  }

  @Test
  void prometheusScrapeHasHttpLatencyHistograms() throws Exception {
    get("/actuator/health");
    HttpResponse<String> response = get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("jvm_memory_used_bytes")
        .contains("http_server_requests_seconds_bucket");
  }

  @Test
  void unknownPathIsProblemJsonWithoutStackTrace() throws Exception {
    HttpResponse<String> response = get("/no-such-resource");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"status\":404").doesNotContain("Exception", "\tat ");
  }

  @Test
  void consoleIsPublicAndMayLoadOnlyFromItsOwnOrigin() throws Exception {
    HttpResponse<String> redirect = get("/console");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/"));
    for (String path : new String[] {"/console/", "/console/console.js", "/console/console.css"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
                      .doesNotContain("unsafe-inline", "unsafe-eval", "http"));
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
    assertThat(get("/console/").body()).contains("<script src=\"console.js\" defer></script>");
    // The API behind it still wants a key.
    assertThat(get("/jobs/events").statusCode()).isEqualTo(401);
    assertThat(get("/jobs/stats").statusCode()).isEqualTo(401);
  }
}
