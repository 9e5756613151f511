package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.timeslice.it.Api;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code prometheus} package, which .ci/run installs) scrapes the
 * packaged service and evaluates every dashboard query: each must evaluate without error, and each
 * metric the dashboards name must be in the scrape. The scheduler's and the module cache's meters
 * appear once the service runs them (the REST API wires the scheduler), so until then only their
 * queries' evaluation is checked; the lead's end-to-end test adds the check after a job.
 */
class PrometheusScrapeTest {
  /** Meters the packaged service does not register yet: the scheduler is not wired into it. */
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void prometheusScrapesTheServiceAndEvaluatesEveryDashboardQuery(@TempDir Path dir)
      throws Exception {
    Path prometheus = ProcessRun.onPath("prometheus");
    assumeTrue(prometheus != null, "prometheus not on the PATH (apt-get install prometheus)");
    Path jar = Path.of(System.getProperty("timeslice.server.jar", "missing"));
    assertThat(jar).as("the packaged server").isRegularFile();

    int serverPort = LaunchedProcess.freePort();
    int prometheusPort = LaunchedProcess.freePort();
    URI server = URI.create("http://127.0.0.1:" + serverPort);
    URI prom = URI.create("http://127.0.0.1:" + prometheusPort);
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: timeslice
                metrics_path: /actuator/prometheus
                static_configs:
                  - targets: ["127.0.0.1:%d"]
            """
                .formatted(serverPort));

    try (LaunchedProcess service =
            LaunchedProcess.start(
                "timeslice",
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString()),
                Map.of(
                    "SERVER_PORT", Integer.toString(serverPort),
                    "TIMESLICE_DATA_DIR", dir.resolve("data").toString(),
                    "TIMESLICE_ADMIN_TOKEN", "scrape-admin"),
                dir.resolve("server.log"));
        LaunchedProcess scraper =
            LaunchedProcess.start(
                "prometheus",
                List.of(
                    prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort),
                Map.of(),
                dir.resolve("prometheus.log"))) {
      service.awaitOk(server.resolve("/actuator/health/readiness"), Duration.ofMinutes(2));
      for (int i = 0; i < 5; i++) {
        assertThat(LaunchedProcess.get(server.resolve("/actuator/health")).statusCode())
            .isEqualTo(200);
      }
      // A job first, so that the scheduler's and the cache's meters exist with a tenant.
      Api api = new Api(server.toString(), "scrape-admin");
      Api.Tenant tenant = api.tenant("dashboards", Map.of());
      String bench = api.upload(tenant.key(), "bench.wasm");
      assertThat(
              api.await(
                      tenant.key(),
                      api.submit(
                          tenant.key(),
                          Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(20))))
                  .get("status")
                  .asString())
          .isEqualTo("SUCCEEDED");
      double jobDone = System.currentTimeMillis() / 1000.0;
      scraper.awaitOk(prom.resolve("/-/ready"), Duration.ofMinutes(2));
      awaitResult(
          prom,
          "count_over_time(up{job=\"timeslice\"}[1m]) >= 3",
          Duration.ofMinutes(2),
          "Prometheus did not scrape the service 3 times");
      // Three scrapes may all predate the job's meters: wait for one that started after it.
      awaitResult(
          prom,
          "timestamp(up{job=\"timeslice\"}) > " + jobDone,
          Duration.ofMinutes(2),
          "Prometheus did not scrape the service after the job");

      List<String> failures = new ArrayList<>();
      Set<String> named = new TreeSet<>();
      for (Path dashboard : DashboardQueries.dashboards(Checkout.dashboards())) {
        for (String query : DashboardQueries.expressions(dashboard)) {
          named.addAll(DashboardQueries.metricNames(query));
          if (query.startsWith("label_values")) {
            continue;
          }
          JsonNode answer = query(prom, grafanaSubstituted(query));
          String status = answer.path("status").asString();
          System.out.printf(
              "dashboard query %-22s %-7s %2d series  %s%n",
              dashboard.getFileName(), status, answer.path("data").path("result").size(), query);
          if (!"success".equals(status)) {
            failures.add(query + ": " + answer.path("error").asString());
          }
        }
      }
      assertThat(failures).as("queries Prometheus could not evaluate").isEmpty();

      List<String> missing = new ArrayList<>();
      for (String metric : named) {
        boolean scraped =
            !query(prom, "count(" + metric + ")").path("data").path("result").isEmpty();
        System.out.printf("dashboard metric %-45s %s%n", metric, scraped ? "scraped" : "absent");
        if (!scraped) {
          missing.add(metric);
        }
      }
      assertThat(missing).as("dashboard metrics absent from the service's scrape").isEmpty();
    }
  }

  /** What Grafana sends for the dashboards' variables: all tenants and instances. */
  private static String grafanaSubstituted(String query) {
    return query
        .replace("$__rate_interval", "1m")
        .replace("$tenant", ".*")
        .replace("$instance", ".*");
  }

  private static JsonNode query(URI prometheus, String promql) throws Exception {
    URI uri =
        prometheus.resolve(
            "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    return JSON.readTree(LaunchedProcess.get(uri).body());
  }

  /** Polls until {@code promql} has a result: Prometheus scrapes on its own schedule. */
  private static void awaitResult(URI prometheus, String promql, Duration timeout, String failure)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!query(prometheus, promql).path("data").path("result").isEmpty()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(failure);
  }
}
