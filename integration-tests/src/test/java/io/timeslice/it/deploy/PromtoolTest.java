package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' own checker on the compose stack's Prometheus config and on every dashboard query's
 * PromQL syntax (as recording rules, with Grafana's variables replaced by what Grafana sends).
 * Needs {@code promtool} (Debian's {@code prometheus} package, which .ci/run installs); skipped,
 * and reported as skipped, without it.
 */
class PromtoolTest {
  private static Path promtool;

  @BeforeAll
  static void find() {
    promtool = ProcessRun.onPath("promtool");
    assumeTrue(promtool != null, "promtool not on the PATH (apt-get install prometheus)");
  }

  @Test
  void thePrometheusConfigIsValid() throws Exception {
    ProcessRun run =
        ProcessRun.run(
            Checkout.root(),
            60,
            List.of(promtool.toString(), "check", "config", "deploy/prometheus/prometheus.yml"));
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void everyDashboardQueryIsValidPromql(@TempDir Path dir) throws Exception {
    List<String> queries = new ArrayList<>();
    for (Path dashboard : DashboardQueries.dashboards(Checkout.dashboards())) {
      for (String query : DashboardQueries.expressions(dashboard)) {
        if (!query.startsWith("label_values")) {
          queries.add(query);
        }
      }
    }
    assertThat(queries).hasSizeGreaterThan(10);
    ProcessRun run = checkRules(dir, queries);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + queries.size() + " rules found");
  }

  @Test
  void aBrokenQueryIsCaught(@TempDir Path dir) throws Exception {
    ProcessRun run = checkRules(dir, List.of("sum by (tenant (rate(x_total[$__rate_interval]))"));
    assertThat(run.exitCode()).isNotZero();
  }

  private static ProcessRun checkRules(Path dir, List<String> queries) throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      String expr =
          queries
              .get(i)
              .replace("$__rate_interval", "1m")
              .replace("$tenant", ".*")
              .replace("$instance", ".*");
      rules
          .append("      - record: dashboard:query")
          .append(i)
          .append("\n        expr: '")
          .append(expr.replace("'", "''"))
          .append("'\n");
    }
    Path file = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
    return ProcessRun.run(dir, 60, List.of(promtool.toString(), "check", "rules", file.toString()));
  }
}
