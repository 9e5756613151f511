package io.timeslice.wasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void validatePrintsOkForAValidModule(@TempDir Path dir) throws Exception {
    Path wasm = dir.resolve("empty.wasm");
    Files.write(wasm, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    assertThat(run("validate", wasm.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ok" + System.lineSeparator());
  }

  @Test
  void validateReportsTheErrorWithItsOffsetAndExitsOne(@TempDir Path dir) throws Exception {
    Path wasm = dir.resolve("bad.wasm");
    Files.write(wasm, new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0});
    assertThat(run("validate", wasm.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown binary version (at byte offset 4)");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("validate")).isEqualTo(2);
    assertThat(run("validate", "/no/such/file.wasm")).isEqualTo(2);
    assertThat(run("spec", "--commands", "assert_frobnicate", "x.json")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: timeslice-wasm");
  }

  @Test
  void specRunsAFileAndEndsWithTheTotals(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("m.0.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    Files.write(dir.resolve("m.1.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0});
    Files.writeString(
        dir.resolve("m.json"),
        """
        {"source_filename": "m.wast", "commands": [
          {"type": "module", "line": 1, "filename": "m.0.wasm"},
          {"type": "assert_malformed", "line": 2, "filename": "m.1.wasm",
           "text": "unexpected end", "module_type": "binary"},
          {"type": "assert_malformed", "line": 3, "filename": "m.2.wat",
           "text": "unknown operator", "module_type": "text"},
          {"type": "assert_invalid", "line": 4, "filename": "m.0.wasm",
           "text": "type mismatch", "module_type": "binary"},
          {"type": "assert_return", "line": 5, "action": {}, "expected": []}
        ]}
        """);
    assertThat(run("spec", dir.toString())).isEqualTo(1);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("m.json: 2 passed, 1 failed, 1 skipped")
        .contains("not selected: {assert_return=1}")
        .endsWith("2 passed, 1 failed" + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FAIL m:4 assert_invalid: accepted");
  }
}
