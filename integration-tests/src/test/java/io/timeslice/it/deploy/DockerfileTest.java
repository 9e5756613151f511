package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's essentials, read as text: there is no Docker engine here, so the image itself is
 * not built by the tests.
 */
class DockerfileTest {
  private static List<String> instructions;

  @BeforeAll
  static void load() throws Exception {
    // Joins continuation lines so that each entry is one instruction.
    String text = Files.readString(Checkout.file("Dockerfile")).replace("\\\n", " ");
    instructions =
        text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @Test
  void buildsWithTheWrapperOnAJdkAndRunsOnAJre() {
    List<String> stages = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
    assertThat(stages)
        .containsExactly(
            "FROM eclipse-temurin:25-jdk AS build", "FROM eclipse-temurin:25-jre AS runtime");
    assertThat(instructions).anyMatch(i -> i.startsWith("RUN ") && i.contains("./mvnw"));
  }

  @Test
  void copiesTheJarsLayersLeastChangingFirstAndTrainsAnAotCache() {
    assertThat(instructions)
        .anyMatch(
            i ->
                i.startsWith("RUN ")
                    && i.contains("-Djarmode=tools")
                    && i.contains("extract --layers"));
    List<String> copies =
        instructions.stream().filter(i -> i.startsWith("COPY --from=build")).toList();
    assertThat(copies)
        .containsExactly(
            "COPY --from=build /layers/dependencies/ /opt/timeslice/",
            "COPY --from=build /layers/spring-boot-loader/ /opt/timeslice/",
            "COPY --from=build /layers/snapshot-dependencies/ /opt/timeslice/",
            "COPY --from=build /layers/application/ /opt/timeslice/");
    // The cache is made by the user that runs the service, with the runtime's flags, and used
    // through the launcher's own variable.
    String training =
        instructions.stream()
            .filter(i -> i.startsWith("RUN ") && i.contains("-XX:AOTCacheOutput="))
            .findFirst()
            .orElseThrow();
    assertThat(training).contains("/opt/timeslice/app.aot", "-Dtimeslice.training-run=true");
    assertThat(instructions.indexOf(training))
        .isGreaterThan(instructions.indexOf("USER 10001:10001"));
    assertThat(instructions)
        .anyMatch(
            i ->
                i.startsWith("ENV ")
                    && i.contains("JDK_JAVA_OPTIONS=\"-XX:AOTCache=/opt/timeslice/app.aot\""));
  }

  @Test
  void runsAsANonRootUserWithAHealthCheckAndMemorySizedHeap() {
    List<String> users = instructions.stream().filter(i -> i.startsWith("USER ")).toList();
    assertThat(users).singleElement().isEqualTo("USER 10001:10001");
    assertThat(instructions.indexOf(users.getFirst()))
        .isGreaterThan(instructions.indexOf("FROM eclipse-temurin:25-jre AS runtime"));
    assertThat(instructions)
        .anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains("/opt/timeslice/healthcheck.sh"));
    String entrypoint =
        instructions.stream().filter(i -> i.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    assertThat(entrypoint).contains("-Djava.io.tmpdir=/tmp", "-jar").doesNotContain("-XX:");
    assertThat(instructions)
        .anyMatch(
            i -> i.startsWith("ENV ") && i.contains("JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage="));
  }

  @Test
  void declaresTheWritablePathsAReadOnlyRootNeeds() {
    assertThat(instructions).contains("VOLUME [\"/tmp\", \"/var/lib/timeslice\"]");
    assertThat(instructions)
        .anyMatch(i -> i.startsWith("ENV ") && i.contains("TIMESLICE_DATA_DIR=/var/lib/timeslice"));
  }

  @Test
  void theBuildContextLeavesOutBuildOutputAndLocalData() throws Exception {
    List<String> ignored = Files.readAllLines(Checkout.file(".dockerignore"));
    assertThat(ignored).contains(".git", "**/target", "timeslice-data");
  }
}
