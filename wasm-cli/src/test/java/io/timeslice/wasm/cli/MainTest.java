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
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: timeslice-wasm");
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

  /** The engine's test modules, beside this module in the reactor as programs/ is. */
  private static Path engineResource(String name) {
    return Path.of("..", "wasm-runtime", "src", "test", "resources", name);
  }

  private static Path programs() {
    return engineResource("translator/programs.wasm");
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  @Test
  void runCallsAnExportAndPrintsEachResultOnALine(@TempDir Path dir) throws Exception {
    Path wasm = programs();
    assertThat(run("run", wasm.toString(), "--invoke", "fib", "20")).isZero();
    assertThat(run("run", wasm.toString(), "--invoke", "multi", "-7")).isZero();
    assertThat(run("run", wasm.toString(), "--invoke", "float_mix", "0.1")).isZero();
    assertThat(stdout()).startsWith("6765\n").contains("\n-7\n");
  }

  @Test
  void runReportsATrapAndBadArguments(@TempDir Path dir) throws Exception {
    Path wasm = programs();
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
    Path wasm = programs();
    assertThat(run("ir", wasm.toString(), "--func", "fib")).isZero();
    assertThat(stdout())
        .startsWith("func 0 fib (func (param i32) (result i64)): 1 locals")
        .contains("br_i32_ge_s_imm a=s0 imm=2");
    assertThat(run("ir", wasm.toString(), "--func", "missing")).isEqualTo(1);
  }

  @Test
  void runStopsAnEndlessLoopWhenTheFuelBudgetIsSpent(@TempDir Path dir) throws Exception {
    Path spin = engineResource("embedding/spin.wasm");
    assertThat(run("run", spin.toString(), "--fuel", "100000", "--stats", "--invoke", "spin"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("out of fuel: the budget of 100000 is spent")
        .contains("\"fuelConsumed\": 100000");
  }

  @Test
  void runReportsTheSameFuelInEverySlicingAndMode(@TempDir Path dir) throws Exception {
    Path wasm = programs();
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

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  @Test
  void helpOnTheToolAndEveryCommandListsItsOptionsAndTheExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(stdout())
        .startsWith("Usage: timeslice-wasm [-hV] [COMMAND]")
        .contains(
            "  validate  ", "  run  ", "  ir  ", "  spec  ", "Exit codes:", "70   an internal");
    for (String[] command :
        new String[][] {
          {"validate"},
          {
            "run",
            "--fuel",
            "--slice",
            "--compilation-mode",
            "--tier",
            "--stats",
            "--invoke",
            "--wasi",
            "--env",
            "--stdin",
            "--deterministic"
          },
          {"ir", "--func", "--fuel"},
          {"spec", "--commands", "--fuel", "--features"}
        }) {
      out.reset();
      assertThat(run(command[0], "--help")).isZero();
      assertThat(stdout())
          .startsWith("Usage: timeslice-wasm " + command[0])
          .contains("Exit codes:");
      for (int i = 1; i < command.length; i++) {
        assertThat(stdout()).contains(command[i]);
      }
      out.reset();
      assertThat(run("help", command[0])).isZero();
      assertThat(stdout()).startsWith("Usage: timeslice-wasm " + command[0]);
    }
    assertThat(stderr()).isEmpty();
  }

  @Test
  void versionNamesTheEnginesIrVersion() {
    assertThat(run("--version")).isZero();
    assertThat(stdout()).startsWith("timeslice-wasm ").contains("IR version tsir");
  }

  @Test
  void optionsGoAnywhereAndArgumentsAfterInvokeAreNotTakenForOptions() {
    Path wasm = programs();
    assertThat(
            run("run", wasm.toString(), "--invoke", "fib", "20", "--fuel", "100000000", "--stats"))
        .isZero();
    assertThat(
            run("run", "--stats", "--invoke", "fib", wasm.toString(), "--fuel", "1_000_000", "20"))
        .isZero();
    assertThat(run("run", wasm.toString(), "--invoke", "div", "--", "-7", "2")).isZero();
    assertThat(stdout()).isEqualTo("6765\n6765\n-3\n");
    List<String> fuel =
        stderr().lines().map(l -> l.replaceAll(".*\"fuelConsumed\": (\\d+).*", "$1")).toList();
    assertThat(fuel).hasSize(2).containsOnly(fuel.get(0));
  }

  @Test
  void aWasiProgramsOwnOptionsGoAfterTheDoubleDash(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("empty"));
    String echo = Path.of("..", "programs", "wasm", "wasi-echo.wasm").toString();
    assertThat(run("run", echo, "--stdin", empty.toString(), "--", "-v", "--stdin", "x")).isZero();
    assertThat(stdout()).isEqualTo("arg 0: wasi-echo.wasm\narg 1: -v\narg 2: --stdin\narg 3: x\n");
    // Before --, options are the tool's wherever they stand among the program's arguments.
    out.reset();
    assertThat(run("run", echo, "a", "--env", "K=v", "--stdin", empty.toString(), "b")).isZero();
    assertThat(stdout()).isEqualTo("arg 0: wasi-echo.wasm\narg 1: a\narg 2: b\nenv: K=v\n");
  }

  /** Every usage error is one line naming the command, with where to look, and exits 2. */
  private void assertUsageError(String expected, String... args) {
    err.reset();
    assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
    assertThat(stderr())
        .as(String.join(" ", args))
        .isEqualTo(
            expected + " (see '" + expected.substring(0, expected.indexOf(':')) + " --help')\n");
  }

  @Test
  void missingValuesBadNumbersAndUnknownOptionsAreOneLineUsageErrors(@TempDir Path dir)
      throws Exception {
    String wasm = programs().toString();
    assertUsageError(
        "timeslice-wasm run: Missing required parameter for option '--fuel' (N)",
        "run",
        wasm,
        "--invoke",
        "fib",
        "20",
        "--fuel");
    assertUsageError(
        "timeslice-wasm run: Missing required parameter for option '--invoke' (NAME)",
        "run",
        wasm,
        "--invoke");
    assertUsageError(
        "timeslice-wasm run: Invalid value for option '--fuel': '1x' is not a number",
        "run",
        wasm,
        "--fuel",
        "1x",
        "--invoke",
        "fib",
        "20");
    assertUsageError(
        "timeslice-wasm run: Invalid value for option '--slice': '0' is not positive",
        "run",
        wasm,
        "--slice",
        "0",
        "--invoke",
        "fib",
        "20");
    assertUsageError(
        "timeslice-wasm run: Invalid value for option '--tier': 'fast' is not interpreter, tiered"
            + " or compiled",
        "run",
        wasm,
        "--tier",
        "fast",
        "--invoke",
        "fib",
        "20");
    assertUsageError(
        "timeslice-wasm run: Invalid value for option '--compilation-mode': 'later' is not eager,"
            + " lazy-translation or lazy",
        "run",
        wasm,
        "--compilation-mode",
        "later",
        "--invoke",
        "fib",
        "20");
    assertUsageError(
        "timeslice-wasm run: Unknown option: '--bogus'", "run", wasm, "--bogus", "--invoke", "f");
    assertUsageError(
        "timeslice-wasm run: --wasi, --env, --stdin and --deterministic are for WASI commands, not"
            + " --invoke",
        "run",
        wasm,
        "--invoke",
        "fib",
        "20",
        "--env",
        "A=1");
    assertUsageError(
        "timeslice-wasm run: div has signature (func (param i32 i32) (result i32)): it takes 2"
            + " arguments",
        "run",
        wasm,
        "--invoke",
        "div",
        "1");
    assertUsageError("timeslice-wasm run: not a i32 value: x", "run", wasm, "--invoke", "fib", "x");
    Path empty = Files.createFile(dir.resolve("empty"));
    String echo = Path.of("..", "programs", "wasm", "wasi-echo.wasm").toString();
    assertUsageError(
        "timeslice-wasm run: env names must be non-empty without '=': ",
        "run",
        echo,
        "--stdin",
        empty.toString(),
        "--env",
        "=v");
    assertUsageError(
        "timeslice-wasm ir: Missing required parameter for option '--func' (NAME)",
        "ir",
        wasm,
        "--func");
    assertUsageError(
        "timeslice-wasm validate: cannot read /no/such/file.wasm: no such file",
        "validate",
        "/no/such/file.wasm");
    assertUsageError(
        "timeslice-wasm spec: --features: unknown proposal nope; known: simd, tail-call,"
            + " extended-const, multi-memory, memory64, relaxed-simd, exception-handling, threads,"
            + " function-references, gc",
        "spec",
        "--features",
        "nope",
        "x.json");
    assertUsageError(
        "timeslice-wasm spec: --commands: not supported yet: [assert_frobnicate]; supported: "
            + io.timeslice.wasm.spec.SpecRunner.ALL,
        "spec",
        "--commands",
        "assert_frobnicate",
        "x.json");
    assertUsageError("timeslice-wasm spec: Missing required parameter: 'PATH'", "spec");
    assertUsageError("timeslice-wasm: Unmatched argument at index 0: 'frob'", "frob");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void noCommandPrintsTheUsageOnStderrAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(stderr()).startsWith("Usage: timeslice-wasm [-hV] [COMMAND]").contains("Commands:");
    assertThat(stdout()).isEmpty();
  }
}
