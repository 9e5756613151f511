package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps README.md's command-line quickstart true: its block is run with bash, verbatim but for the
 * server's address and admin token, through {@code bin/timeslice} and the packaged client jar
 * against the packaged service, each line echoed before its output as a user would see it; the
 * transcript is kept in {@code target/cli-quickstart.txt} (docs/client.md shows one).
 */
class CliQuickstartTest {
  private static final String MARKER = "<!-- cli-quickstart:";

  @TempDir Path configHome;

  @Test
  void readmeCliQuickstartRunsAsWritten() throws Exception {
    Path root = Readme.root();
    String block = Readme.bashBlockAfter(MARKER);
    assertThat(block).contains("http://localhost:8080", "--admin-token change-me");
    String base = SharedServer.get().base();
    StringBuilder script = new StringBuilder("exec 2>&1\n");
    for (String line : block.lines().toList()) {
      String run =
          line.replace("http://localhost:8080", base)
              .replace("--admin-token change-me", "--admin-token " + SharedServer.ADMIN_TOKEN);
      // The transcript shows each line as written in the README, then what it printed.
      script
          .append("printf '%s\\n' ")
          .append(quote(line.isBlank() ? "" : "$ " + line))
          .append('\n');
      script.append(run).append('\n');
    }

    ProcessBuilder bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script.toString())
            .directory(root.toFile())
            .redirectErrorStream(true);
    bash.environment().put("XDG_CONFIG_HOME", configHome.toString());
    bash.environment().put("JAVA_HOME", System.getProperty("java.home"));
    bash.environment().remove("TIMESLICE_URL");
    bash.environment().remove("TIMESLICE_KEY");
    bash.environment().remove("TIMESLICE_ADMIN_TOKEN");
    Process process = bash.start();
    String transcript =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .replace(base, "http://localhost:8080")
            .replace(SharedServer.ADMIN_TOKEN, "change-me")
            .replace(configHome.toString(), "~/.config");
    assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("the quickstart finishes").isTrue();
    Files.writeString(Path.of("target", "cli-quickstart.txt"), transcript);
    assertThat(process.exitValue()).as(transcript).isZero();

    assertThat(transcript)
        .as(transcript)
        .contains("logged in to http://localhost:8080 (admin token)")
        .containsPattern("tenant \\d+ demo \\(weight 1\\)\nAPI key \\d+ \\(shown this once\\): ts_")
        .containsPattern("[0-9a-f]{64}  4,\\d{3} bytes  exports .*fib_rec")
        // fib_rec(20): the progress lines on stderr, then the result on stdout.
        .containsPattern(
            "job [0-9a-f-]{36} SUCCEEDED  fuel [\\d,]+ of [\\d,]+  slices \\d+\n6765\n")
        .contains("arg 1: hello\narg 2: world\nenv: GREETING=hi\n")
        .contains("hello, world\n")
        .containsPattern("exit code +3\n")
        .containsPattern("status +FAILED\n")
        .containsPattern("failure +EXIT: ")
        .containsPattern("ID +STATUS +FUEL +SLICES +SUBMITTED +FUNCTION\n")
        .containsPattern("job [0-9a-f-]{36} (CANCELLED|RUNNING: cancelled within a slice)\n")
        .containsPattern("\\S+ job [0-9a-f-]{36} CANCELLED\n")
        .containsPattern(
            "timeslice modules upload: Malformed module: [^\n]+offset 0\\)\nexit code 1\n")
        .doesNotContain("Exception", "\tat ");

    Path config = configHome.resolve("timeslice/config");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(config)).contains("key=ts_", "tenant=", "admin-token=");
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
