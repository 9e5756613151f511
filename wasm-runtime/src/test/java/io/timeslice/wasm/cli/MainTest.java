package io.timeslice.wasm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Files.writeString(dir.resolve("m.2.wat"), "(module (func i32.add_))");
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
    assertThat(run("spec", "--commands", "module,assert_malformed,assert_invalid", dir.toString()))
        .isEqualTo(1);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("m.json: 3 passed, 1 failed, 0 skipped")
        .contains("not selected: {assert_return=1}")
        .endsWith("3 passed, 1 failed" + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FAIL m:4 assert_invalid: accepted");
  }

  @Test
  void validateRunAndIrTakeTextModules(@TempDir Path dir) throws Exception {
    Path wat = dir.resolve("add.wat");
    Files.writeString(
        wat,
        """
        ;; the text format, as a user writes it
        (module
          (func $add (export "add") (param $a i32) (param $b i32) (result i32)
            (i32.add (local.get $a) (local.get $b))))
        """);
    assertThat(run("validate", wat.toString())).isZero();
    assertThat(run("run", wat.toString(), "--invoke", "add", "40", "2")).isZero();
    assertThat(run("ir", wat.toString(), "--func", "add")).isZero();
    assertThat(stdout()).startsWith("ok\n42\n").contains("func 0 add");
    Path bad = dir.resolve("bad.wat");
    Files.writeString(bad, "(module\n  (func (i32.const 1) (i33.const 2)))");
    assertThat(run("validate", bad.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bad.wat: unknown operator i33.const (at line 2, column 24)");
  }

  @Test
  void specRunsAWastScript(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("s.wast"),
        """
        (module $m (func (export "add") (param i32 i32) (result i32)
          (i32.add (local.get 0) (local.get 1))))
        (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
        (assert_return (invoke $m "add" (i32.const -1) (i32.const 1)) (i32.const 0))
        (assert_malformed (module quote "(func i32.add_)") "unknown operator")
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
        (assert_return (invoke "add" (i32.const 2) (i32.const 2)) (i32.const 5))
        """);
    assertThat(run("spec", dir.resolve("s.wast").toString())).isEqualTo(1);
    assertThat(stdout()).contains("s.wast: 6 passed, 1 failed, 0 skipped");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("FAIL s:8 assert_return: result 0: expected i32 5, got 4");
  }

  private static Path programs(Path dir) throws Exception {
    Path wasm = dir.resolve("programs.wasm");
    try (var in = MainTest.class.getResourceAsStream("/translator/programs.wasm")) {
      Files.write(wasm, in.readAllBytes());
    }
    return wasm;
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  @Test
  void runCallsAnExportAndPrintsEachResultOnALine(@TempDir Path dir) throws Exception {
    Path wasm = programs(dir);
    assertThat(run("run", wasm.toString(), "--invoke", "fib", "20")).isZero();
    assertThat(run("run", wasm.toString(), "--invoke", "multi", "-7")).isZero();
    assertThat(run("run", wasm.toString(), "--invoke", "float_mix", "0.1")).isZero();
    assertThat(stdout()).startsWith("6765\n").contains("\n-7\n");
  }

  @Test
  void runReportsATrapAndBadArguments(@TempDir Path dir) throws Exception {
    Path wasm = programs(dir);
    assertThat(run("run", wasm.toString(), "--invoke", "div", "1", "0")).isEqualTo(1);
    assertThat(run("run", wasm.toString(), "--invoke", "div", "1")).isEqualTo(2);
    assertThat(run("run", wasm.toString(), "--invoke", "fib", "x")).isEqualTo(2);
    assertThat(run("run", wasm.toString(), "--invoke", "nope")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("trap: integer divide by zero")
        .contains("takes 2 arguments")
        .contains("not a i32 value: x")
        .contains("no exported function named \"nope\"");
  }

  @Test
  void irPrintsTheRegisterCodeOfOneFunction(@TempDir Path dir) throws Exception {
    Path wasm = programs(dir);
    assertThat(run("ir", wasm.toString(), "--func", "fib")).isZero();
    assertThat(stdout())
        .startsWith("func 0 fib (func (param i32) (result i64)): 1 locals")
        .contains("br_i32_ge_s_imm a=s0 imm=2");
    assertThat(run("ir", wasm.toString(), "--func", "missing")).isEqualTo(1);
  }

  private static Path resource(Path dir, String name) throws Exception {
    Path wasm = dir.resolve(name);
    try (var in = MainTest.class.getResourceAsStream("/embedding/" + name)) {
      Files.write(wasm, in.readAllBytes());
    }
    return wasm;
  }

  @Test
  void runStopsAnEndlessLoopWhenTheFuelBudgetIsSpent(@TempDir Path dir) throws Exception {
    Path spin = resource(dir, "spin.wasm");
    assertThat(run("run", spin.toString(), "--fuel", "100000", "--stats", "--invoke", "spin"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("out of fuel: the budget of 100000 is spent")
        .contains("\"fuelConsumed\": 100000");
  }

  @Test
  void runReportsTheSameFuelInEverySlicingAndMode(@TempDir Path dir) throws Exception {
    Path wasm = programs(dir);
    for (String mode : new String[] {"eager", "lazy-translation", "lazy"}) {
      for (String slice : new String[] {"1", "7", "1000"}) {
        assertThat(
                run(
                    "run",
                    wasm.toString(),
                    "--fuel",
                    "10000000",
                    "--slice",
                    slice,
                    "--compilation-mode",
                    mode,
                    "--stats",
                    "--invoke",
                    "fib",
                    "15"))
            .isZero();
      }
    }
    List<String> fuel =
        err.toString(StandardCharsets.UTF_8)
            .lines()
            .map(l -> l.replaceAll(".*\"fuelConsumed\": (\\d+).*", "$1"))
            .toList();
    assertThat(fuel).hasSize(9).containsOnly(fuel.get(0));
    assertThat(stdout()).isEqualTo("610\n".repeat(9));
  }

  @Test
  void runExecutesAWasiCommandWithItsArgumentsEnvironmentStdinAndExitCode(@TempDir Path dir)
      throws Exception {
    // An empty stdin file: without --stdin the CLI reads its own stdin, which a test must not.
    Path empty = Files.createFile(dir.resolve("empty"));
    String echo = Path.of("..", "programs", "wasm", "wasi-echo.wasm").toString();
    assertThat(
            run(
                "run",
                echo,
                "--wasi",
                "--env",
                "JOB=7",
                "--stdin",
                empty.toString(),
                "--",
                "a",
                "b"))
        .isZero();
    assertThat(stdout()).isEqualTo("arg 0: wasi-echo.wasm\narg 1: a\narg 2: b\nenv: JOB=7\n");
    out.reset();
    Path input = dir.resolve("input.txt");
    Files.writeString(input, "piped through\n");
    assertThat(
            run(
                "run",
                Path.of("..", "programs", "wasm", "wasi-cat.wasm").toString(),
                "--stdin",
                input.toString()))
        .isZero();
    assertThat(stdout()).isEqualTo("piped through\n");
    String exit = Path.of("..", "programs", "wasm", "wasi-exit.wasm").toString();
    assertThat(run("run", exit, "--stdin", empty.toString(), "--", "5")).isEqualTo(5);
  }
}
