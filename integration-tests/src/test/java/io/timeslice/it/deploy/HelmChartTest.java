package io.timeslice.it.deploy;

import static io.timeslice.it.deploy.RenderedChart.at;
import static io.timeslice.it.deploy.RenderedChart.value;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** helm lint --strict and helm template of helm/timeslice, with default and non-default values. */
class HelmChartTest {

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(RenderedChart.chart()).lint().strict().call();
    lint.getMessages().forEach(m -> System.out.println("helm lint: " + m));
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void defaultsRenderOnePodWithAnEmbeddedDatabaseAndNoScalingObjects() {
    RenderedChart chart = RenderedChart.render(null);
    assertThat(chart.objects())
        .extracting(o -> o.get("kind"))
        .containsOnly(
            "ServiceAccount", "Secret", "ConfigMap", "Service", "Deployment", "NetworkPolicy");
    Map<String, Object> deployment = chart.one("Deployment");
    assertThat(value(deployment, "spec.replicas")).isEqualTo(1);
    assertThat(value(deployment, "spec.strategy.type")).isEqualTo("Recreate");
    assertThat(volumeNames(deployment)).containsExactlyInAnyOrder("tmp", "data");

    Map<String, Object> config = chart.all("ConfigMap").getFirst();
    assertThat(value(config, "data.TIMESLICE_DATA_DIR")).isEqualTo("/var/lib/timeslice");
    Map<String, Object> data = at(config, "data");
    assertThat(data).doesNotContainKey("SPRING_DATASOURCE_URL");

    String token = at(chart.one("Secret"), "data.admin-token");
    assertThat(new String(Base64.getDecoder().decode(token), UTF_8))
        .isEqualTo(RenderedChart.ADMIN_TOKEN);
  }

  @Test
  void thePodRunsAsNonRootOnAReadOnlyRootWithActuatorProbesAndALongGracePeriod() {
    Map<String, Object> pod =
        at(RenderedChart.render(null).one("Deployment"), "spec.template.spec");
    assertThat(value(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((Integer) at(pod, "securityContext.runAsUser")).isPositive();
    assertThat(value(pod, "terminationGracePeriodSeconds")).isEqualTo(60);
    assertThat(value(pod, "automountServiceAccountToken")).isEqualTo(false);

    Map<String, Object> container = container(pod);
    assertThat(value(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(value(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(value(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
    assertThat(value(container, "livenessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/liveness");
    assertThat(value(container, "readinessProbe.httpGet.path"))
        .isEqualTo("/actuator/health/readiness");
    assertThat(value(container, "startupProbe.httpGet.path"))
        .isEqualTo("/actuator/health/liveness");
    assertThat(value(container, "resources.limits.memory")).isEqualTo("1Gi");
    assertThat(mountPaths(container)).contains("/tmp", "/var/lib/timeslice");
    assertThat(secretRef(container, "TIMESLICE_ADMIN_TOKEN"))
        .isEqualTo(Map.of("name", "ts-timeslice", "key", "admin-token"));
  }

  @Test
  void everyDashboardShipsAsAConfigMapLabelledForGrafanasSidecar() throws Exception {
    RenderedChart chart = RenderedChart.render(null);
    List<Map<String, Object>> dashboards =
        chart.all("ConfigMap").stream()
            .filter(c -> "1".equals(at(c, "metadata.labels.grafana_dashboard")))
            .toList();
    List<Path> files = DashboardQueries.dashboards(Checkout.dashboards());
    assertThat(dashboards).hasSameSizeAs(files);

    JsonMapper json = JsonMapper.builder().build();
    for (Path file : files) {
      String name = file.getFileName().toString();
      Map<String, Object> configMap =
          dashboards.stream()
              .filter(c -> RenderedChart.<Map<String, Object>>at(c, "data").containsKey(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no ConfigMap for " + name));
      Map<String, Object> data = at(configMap, "data");
      String shipped = (String) data.get(name);
      assertThat(json.readTree(shipped)).isEqualTo(json.readTree(Files.readString(file)));
      assertThat(value(configMap, "metadata.annotations.grafana_folder")).isEqualTo("Timeslice");
    }
  }

  @Test
  void theHelmTestHookCallsTheHealthEndpointThroughTheService(@TempDir Path scratch)
      throws Exception {
    String source =
        Files.readString(RenderedChart.chart().resolve("templates/tests/test-health.yaml"));
    assertThat(source).contains("helm.sh/hook: test");

    Map<String, Object> test = RenderedChart.renderHooks(scratch).one("Pod");
    assertThat(value(test, "metadata.name")).isEqualTo("ts-timeslice-test-health");
    assertThat(value(test, "spec.restartPolicy")).isEqualTo("Never");
    Map<String, Object> container = container(at(test, "spec"));
    List<String> command = at(container, "command");
    assertThat(command)
        .containsExactly(
            "/opt/timeslice/healthcheck.sh", "ts-timeslice", "8080", "/actuator/health");
    assertThat(value(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(value(test, "spec.securityContext.runAsNonRoot")).isEqualTo(true);
  }

  @Test
  void notesTellHowToReachTheServiceAndReadTheToken() {
    String notes =
        new Helm(RenderedChart.chart())
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .clientOnly()
            .set("auth.adminToken", RenderedChart.ADMIN_TOKEN)
            .call()
            .getOutput();
    assertThat(notes)
        .contains("port-forward svc/ts-timeslice 8080:8080")
        .contains("get secret ts-timeslice -o jsonpath='{.data.admin-token}'")
        .contains("on an emptyDir: jobs are lost with the pod")
        .contains("helm test ts -n jobs");
  }

  @Test
  void replicasOnAnExternalDatabaseWithAnExistingSecretAndAServiceMonitor(@TempDir Path dir)
      throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            values(
                dir,
                """
                replicaCount: 3
                auth:
                  existingSecret: timeslice-credentials
                externalDatabase:
                  enabled: true
                  url: jdbc:postgresql://db.example:5432/timeslice
                serviceMonitor:
                  enabled: true
                  interval: 15s
                  labels:
                    release: prometheus
                grafanaDashboards:
                  enabled: false
                service:
                  port: 9000
                """));
    assertThat(chart.all("Secret")).isEmpty();
    assertThat(chart.all("ConfigMap")).hasSize(1);
    Map<String, Object> deployment = chart.one("Deployment");
    assertThat(value(deployment, "spec.replicas")).isEqualTo(3);
    assertThat(value(deployment, "spec.strategy")).isNull();
    assertThat(volumeNames(deployment)).containsExactly("tmp");

    Map<String, Object> container = container(at(deployment, "spec.template.spec"));
    assertThat(secretRef(container, "TIMESLICE_ADMIN_TOKEN"))
        .isEqualTo(Map.of("name", "timeslice-credentials", "key", "admin-token"));
    assertThat(secretRef(container, "SPRING_DATASOURCE_USERNAME"))
        .isEqualTo(Map.of("name", "timeslice-credentials", "key", "database-username"));
    assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD"))
        .isEqualTo(Map.of("name", "timeslice-credentials", "key", "database-password"));
    List<Map<String, Object>> ports = at(container, "ports");
    assertThat(ports)
        .containsExactly(Map.of("name", "http", "containerPort", 9000, "protocol", "TCP"));

    Map<String, Object> config = chart.one("ConfigMap");
    assertThat(value(config, "data.SPRING_DATASOURCE_URL"))
        .isEqualTo("jdbc:postgresql://db.example:5432/timeslice");
    assertThat(value(config, "data.SERVER_PORT")).isEqualTo("9000");
    Map<String, Object> data = at(config, "data");
    assertThat(data).doesNotContainKey("TIMESLICE_DATA_DIR");

    assertThat(value(chart.one("PodDisruptionBudget"), "spec.minAvailable")).isEqualTo(1);
    Map<String, Object> monitor = chart.one("ServiceMonitor");
    assertThat(value(monitor, "metadata.labels.release")).isEqualTo("prometheus");
    List<Map<String, Object>> endpoints = at(monitor, "spec.endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("path")).isEqualTo("/actuator/prometheus");
              assertThat(e.get("port")).isEqualTo("http");
              assertThat(e.get("interval")).isEqualTo("15s");
            });
    assertThat(chart.all("HorizontalPodAutoscaler")).isEmpty();
  }

  @Test
  void autoscalingLeavesReplicasToTheHpaAndKeepsOnePodThroughDisruptions(@TempDir Path dir)
      throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            values(
                dir,
                """
                autoscaling:
                  enabled: true
                  minReplicas: 2
                  maxReplicas: 8
                externalDatabase:
                  enabled: true
                  url: jdbc:postgresql://db:5432/timeslice
                  password: s3cret
                networkPolicy:
                  ingressFrom:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: gateway
                """));
    assertThat(value(chart.one("Deployment"), "spec.replicas")).isNull();
    Map<String, Object> hpa = chart.one("HorizontalPodAutoscaler");
    assertThat(value(hpa, "spec.minReplicas")).isEqualTo(2);
    assertThat(value(hpa, "spec.maxReplicas")).isEqualTo(8);
    assertThat(value(hpa, "spec.scaleTargetRef.name")).isEqualTo("ts-timeslice");
    assertThat(chart.all("PodDisruptionBudget")).hasSize(1);
    assertThat(value(chart.one("Secret"), "data.database-password"))
        .isEqualTo(Base64.getEncoder().encodeToString("s3cret".getBytes(UTF_8)));
    List<Map<String, Object>> ingress = at(chart.one("NetworkPolicy"), "spec.ingress");
    assertThat(ingress.getFirst().get("from")).asString().contains("gateway");
  }

  @Test
  void theSchemaRejectsAWronglyTypedValue(@TempDir Path dir) throws Exception {
    Path bad = values(dir, "replicaCount: three\n");
    assertThatThrownBy(() -> RenderedChart.render(bad))
        .hasMessageContaining("replicaCount")
        .hasMessageContaining("integer");
  }

  @Test
  void theSchemaRejectsAnUnknownKeyAndARootUser(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> RenderedChart.render(values(dir, "replicas: 2\n")))
        .hasMessageContaining("replicas");
    assertThatThrownBy(
            () -> RenderedChart.render(values(dir, "podSecurityContext:\n  runAsNonRoot: false\n")))
        .hasMessageContaining("runAsNonRoot");
  }

  @Test
  void severalReplicasWithoutAnExternalDatabaseAreRefused(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> RenderedChart.render(values(dir, "replicaCount: 2\n")))
        .hasMessageContaining("needs externalDatabase.enabled");
    assertThatThrownBy(
            () -> RenderedChart.render(values(dir, "externalDatabase:\n  enabled: true\n")))
        .hasMessageContaining("needs externalDatabase.url");
  }

  private static Path values(Path dir, String yaml) throws Exception {
    Path file = Files.createTempFile(dir, "values", ".yaml");
    return Files.writeString(file, yaml);
  }

  private static Map<String, Object> container(Map<String, Object> podSpec) {
    List<Map<String, Object>> containers = at(podSpec, "containers");
    assertThat(containers).hasSize(1);
    return containers.getFirst();
  }

  private static List<Object> volumeNames(Map<String, Object> deployment) {
    List<Map<String, Object>> volumes = at(deployment, "spec.template.spec.volumes");
    return volumes.stream().map(v -> v.get("name")).toList();
  }

  private static List<Object> mountPaths(Map<String, Object> container) {
    List<Map<String, Object>> mounts = at(container, "volumeMounts");
    return mounts.stream().map(m -> m.get("mountPath")).toList();
  }

  private static Map<String, Object> secretRef(Map<String, Object> container, String variable) {
    List<Map<String, Object>> env = at(container, "env");
    return env.stream()
        .filter(e -> variable.equals(e.get("name")))
        .findFirst()
        .map(e -> RenderedChart.<Map<String, Object>>at(e, "valueFrom.secretKeyRef"))
        .orElseThrow(() -> new AssertionError("no env " + variable));
  }
}
