package io.timeslice.it.deploy;

import static io.timeslice.it.deploy.RenderedChart.at;
import static io.timeslice.it.deploy.RenderedChart.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's structure (no Docker engine here to run it): the four services, their health
 * checks and start order, the service on the external PostgreSQL, and provisioning mounts that
 * point at files of this checkout.
 */
class ComposeFileTest {
  private static Map<String, Object> services;

  @BeforeAll
  static void load() throws Exception {
    Map<String, Object> compose =
        RenderedChart.parse(Files.readString(Checkout.file("docker-compose.yml"))).getFirst();
    services = at(compose, "services");
  }

  @Test
  void hasTheFourServicesEachWithAHealthCheck() {
    assertThat(services).containsOnlyKeys("postgres", "timeslice", "prometheus", "grafana");
    for (String name : services.keySet()) {
      List<String> test = at(service(name), "healthcheck.test");
      assertThat(test).as(name + " healthcheck").isNotEmpty();
    }
  }

  @Test
  void theServiceUsesTheComposePostgresAndTheAdminTokenFromTheEnvironment() {
    Map<String, Object> timeslice = service("timeslice");
    assertThat(value(timeslice, "build")).isEqualTo(".");
    assertThat(value(timeslice, "depends_on.postgres.condition")).isEqualTo("service_healthy");
    Map<String, Object> env = at(timeslice, "environment");
    assertThat((String) env.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:");
    assertThat((String) env.get("TIMESLICE_ADMIN_TOKEN")).startsWith("${TIMESLICE_ADMIN_TOKEN:?");
    assertThat(env.get("SPRING_DATASOURCE_PASSWORD"))
        .isEqualTo(value(service("postgres"), "environment.POSTGRES_PASSWORD"));
    assertThat(value(timeslice, "read_only")).isEqualTo(true);
    assertThat(value(timeslice, "tmpfs")).isEqualTo(List.of("/tmp"));
    assertThat(value(timeslice, "stop_grace_period")).isEqualTo("60s");
    assertThat(value(timeslice, "healthcheck.test"))
        .isEqualTo(List.of("CMD", "/opt/timeslice/healthcheck.sh"));
  }

  @Test
  void prometheusScrapesTheActuatorEndpointOfTheService() throws Exception {
    Path config = mountedSource("prometheus", "/etc/prometheus/prometheus.yml");
    Map<String, Object> prometheus = RenderedChart.parse(Files.readString(config)).getFirst();
    List<Map<String, Object>> jobs = at(prometheus, "scrape_configs");
    assertThat(jobs)
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
              assertThat(job.get("static_configs").toString()).contains("timeslice:8080");
            });
  }

  @Test
  void grafanaIsProvisionedWithTheDataSourceAndTheChartsDashboards() throws Exception {
    Path provisioning = mountedSource("grafana", "/etc/grafana/provisioning");
    Path dashboards = mountedSource("grafana", "/etc/grafana/dashboards");
    assertThat(dashboards).isEqualTo(Checkout.dashboards());
    assertThat(DashboardQueries.dashboards(dashboards)).isNotEmpty();

    Map<String, Object> datasources =
        RenderedChart.parse(Files.readString(provisioning.resolve("datasources/prometheus.yml")))
            .getFirst();
    List<Map<String, Object>> list = at(datasources, "datasources");
    assertThat(list)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.get("type")).isEqualTo("prometheus");
              assertThat(d.get("url")).isEqualTo("http://prometheus:9090");
            });

    Map<String, Object> providers =
        RenderedChart.parse(Files.readString(provisioning.resolve("dashboards/timeslice.yml")))
            .getFirst();
    List<Map<String, Object>> providerList = at(providers, "providers");
    assertThat(value(providerList.getFirst(), "options.path")).isEqualTo("/etc/grafana/dashboards");

    Map<String, Object> env = at(service("grafana"), "environment");
    String home = (String) env.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(dashboards.resolve(home.substring("/etc/grafana/dashboards/".length())))
        .isRegularFile();
  }

  private static Map<String, Object> service(String name) {
    return at(services, name);
  }

  /** The checkout path bind-mounted at {@code target} in {@code service}; it must exist. */
  private static Path mountedSource(String service, String target) {
    List<String> volumes = at(service(service), "volumes");
    for (String volume : volumes) {
      String[] parts = volume.split(":", -1);
      if (parts.length >= 2 && parts[1].equals(target)) {
        assertThat(parts[0]).as("a bind mount of the checkout").startsWith("./");
        return Checkout.file(parts[0].substring(2));
      }
    }
    throw new AssertionError(service + " mounts nothing at " + target);
  }
}
