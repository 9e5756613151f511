package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard query extractor finds metric names and nothing else. */
class DashboardQueriesTest {

  @Test
  void findsMetricsButNotFunctionsLabelsStringsOrGrafanaVariables() {
    assertThat(
            DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (tenant, le) "
                    + "(rate(a_seconds_bucket{tenant=~\"$tenant\",x=\"b_total\"}[$__rate_interval])))"))
        .containsExactly("a_seconds_bucket");
  }

  @Test
  void findsBothSidesOfBinaryOperatorsAndIgnoresKeywordsNumbersAndOffsets() {
    assertThat(
            DashboardQueries.metricNames(
                "sum(rate(hits_total[5m] offset 1h)) / on (cache) group_left (x) misses_total"
                    + " > bool 1e3 and up unless ignoring (job) down"))
        .containsExactly("down", "hits_total", "misses_total", "up");
  }

  @Test
  void aggregationWithTrailingByClauseIsNotAMetric() {
    assertThat(DashboardQueries.metricNames("sum(queue_depth) by (tenant) * 2"))
        .containsExactly("queue_depth");
  }

  @Test
  void labelValuesVariableNamesItsMetricOnly() {
    assertThat(DashboardQueries.metricNames("label_values(jobs_submitted_total, tenant)"))
        .containsExactly("jobs_submitted_total");
    assertThat(DashboardQueries.metricNames("label_values(tenant)")).isEmpty();
  }

  @Test
  void selectorsReportTheirLabelNames() {
    assertThat(DashboardQueries.selectors("rate(m_total{a=~\"x}\",b!=\"\"}[1m]) + n{c=\"1\"}"))
        .containsExactly(
            new DashboardQueries.Selector("m_total", java.util.Set.of("a", "b")),
            new DashboardQueries.Selector("n", java.util.Set.of("c")));
  }

  @Test
  void readsTargetsOfNestedPanelsAndQueryVariables(@TempDir Path dir) throws Exception {
    Path dashboard = dir.resolve("d.json");
    Files.writeString(
        dashboard,
        """
        {"panels": [
           {"type": "row", "panels": [{"targets": [{"expr": "rate(inner_total[1m])"}]}]},
           {"targets": [{"expr": "outer"}, {"refId": "B"}]}],
         "templating": {"list": [
           {"type": "query", "query": {"query": "label_values(var_metric, tenant)"}},
           {"type": "datasource", "query": "prometheus"}]}}
        """);
    assertThat(DashboardQueries.expressions(dashboard))
        .containsExactly("rate(inner_total[1m])", "outer", "label_values(var_metric, tenant)");
    assertThat(DashboardQueries.metricNames(dashboard))
        .containsExactly("inner_total", "outer", "var_metric");
  }

  @Test
  void aFileThatIsNotJsonIsAClearError(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"panels\": [");
    assertThatThrownBy(() -> DashboardQueries.expressions(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.json");
  }
}
