package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the Grafana dashboards query is one the service exports by docs/metrics.md, under
 * the name Micrometer's Prometheus registry gives it, with the labels the queries match on.
 */
class DashboardMetricsTest {
  /** Labels Prometheus adds to every scraped series. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

  private static Map<String, Set<String>> exported;
  private static List<Path> dashboards;

  @BeforeAll
  static void load() {
    exported = ExportedMetrics.series(Checkout.file("docs/metrics.md"));
    dashboards = DashboardQueries.dashboards(Checkout.dashboards());
  }

  @Test
  void theCatalogueHasMicrometersPrometheusNames() {
    assertThat(exported)
        .containsKeys(
            "timeslice_fuel_consumed_total",
            "timeslice_job_queue_wait_seconds_bucket",
            "timeslice_job_duration_seconds_count",
            "timeslice_queue_depth",
            "cache_gets_total",
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes",
            "process_cpu_usage")
        .doesNotContainKeys("timeslice_fuel_consumed", "timeslice_job_queue_wait_bucket");
    assertThat(exported.get("timeslice_jobs_completed_total")).contains("tenant", "outcome");
  }

  @Test
  void thereAreDashboardsAndEachHasQueries() {
    assertThat(dashboards)
        .extracting(p -> p.getFileName().toString())
        .contains("timeslice-jobs.json", "timeslice-service.json");
    for (Path dashboard : dashboards) {
      assertThat(DashboardQueries.expressions(dashboard)).as(dashboard.toString()).isNotEmpty();
    }
  }

  @Test
  void everyQueriedMetricIsExported() {
    List<String> unknown = new ArrayList<>();
    for (Path dashboard : dashboards) {
      for (String metric : DashboardQueries.metricNames(dashboard)) {
        if (!exported.containsKey(metric)) {
          unknown.add(dashboard.getFileName() + ": " + metric);
        }
      }
    }
    assertThat(unknown).as("metrics the service does not export").isEmpty();
  }

  @Test
  void everyMatchedLabelIsOneTheMetricCarries() {
    List<String> unknown = new ArrayList<>();
    for (Path dashboard : dashboards) {
      for (String query : DashboardQueries.expressions(dashboard)) {
        for (DashboardQueries.Selector selector : DashboardQueries.selectors(query)) {
          Set<String> carried = exported.getOrDefault(selector.metric(), Set.of());
          for (String label : selector.labels()) {
            if (!carried.contains(label) && !TARGET_LABELS.contains(label)) {
              unknown.add(dashboard.getFileName() + ": " + selector.metric() + "{" + label + "}");
            }
          }
        }
      }
    }
    assertThat(unknown).as("labels the metrics do not carry").isEmpty();
  }

  @Test
  void tenantLabelledQueriesFollowTheTenantVariable() {
    Path jobs = Checkout.dashboards().resolve("timeslice-jobs.json");
    JsonNode root = JsonMapper.builder().build().readTree(jobs);
    List<String> variables = new ArrayList<>();
    for (JsonNode variable : root.path("templating").path("list")) {
      variables.add(variable.path("name").asString());
    }
    assertThat(variables).contains("tenant", "datasource");

    for (Path dashboard : dashboards) {
      for (String query : DashboardQueries.expressions(dashboard)) {
        if (query.startsWith("label_values")) {
          continue;
        }
        for (String metric : DashboardQueries.metricNames(query)) {
          if (exported.getOrDefault(metric, Set.of()).contains("tenant")) {
            assertThat(query).as(dashboard.getFileName() + ": " + metric).contains("$tenant");
          }
        }
      }
    }
  }

  @Test
  void panelsUseTheDataSourceVariableAndHaveUniqueIds() {
    JsonMapper json = JsonMapper.builder().build();
    for (Path dashboard : dashboards) {
      JsonNode root = json.readTree(dashboard);
      assertThat(root.path("uid").asString("")).as(dashboard + " uid").isNotBlank();
      List<Integer> ids = new ArrayList<>();
      for (JsonNode panel : root.path("panels")) {
        ids.add(panel.path("id").asInt());
        if (!"row".equals(panel.path("type").asString())) {
          assertThat(panel.path("datasource").path("uid").asString())
              .as(dashboard.getFileName() + ": " + panel.path("title").asString())
              .isEqualTo("${datasource}");
        }
      }
      assertThat(ids).as(dashboard + " panel ids").doesNotHaveDuplicates();
    }
  }
}
