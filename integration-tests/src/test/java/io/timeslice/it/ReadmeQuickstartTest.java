package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md's quickstart true: its curl session is run with bash, verbatim but for the
 * server's address and admin token, against the packaged service, and its answers are checked.
 */
class ReadmeQuickstartTest {
  private static final String MARKER = "<!-- quickstart:";

  @Test
  void readmeQuickstartRunsAsWritten() throws Exception {
    Path root = Readme.root();
    String script = Readme.bashBlockAfter(MARKER);
    assertThat(script).contains("http://localhost:8080", "Bearer change-me");
    script =
        script
            .replace("http://localhost:8080", SharedServer.get().base())
            .replace("Bearer change-me", "Bearer " + SharedServer.ADMIN_TOKEN);

    Process bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(180, TimeUnit.SECONDS)).as("the quickstart finishes").isTrue();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("\"status\":\"SUCCEEDED\"", "\"results\":[6765]")
        .contains("arg 1: hello\\narg 2: world\\nenv: GREETING=hi\\n")
        .contains("event:status", "\"status\":\"QUEUED\"")
        .contains("timeslice_fuel_consumed_total{tenant=\"acme\"}");
  }
}
