package io.timeslice.wasm.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WASI programs under Timeslice and under Node's WASI give the same stdout and exit code
 * ({@code simd}: an image filter in WebAssembly SIMD, built with {@code -msimd128}). Skipped, with
 * a message, where node is not installed.
 */
class NodeDifferentialTest {
  @TempDir static Path dir;

  private record Outcome(String stdout, int exitCode) {}

  /** The file of a program: {@code as-*} ones come from AssemblyScript, the rest from C. */
  private static String file(String name) {
    return name.startsWith("as-") ? name + ".wasm" : "wasi-" + name + ".wasm";
  }

  private static Path program(String name) {
    return Path.of("..", "programs", "wasm", file(name)).toAbsolutePath();
  }

  private static Outcome timeslice(String name, List<String> args, byte[] stdin)
      throws IOException {
    Engine engine = new Engine();
    List<String> argv = new ArrayList<>(List.of(file(name)));
    argv.addAll(args);
    Store<WasiContext> store =
        new Store<>(engine, new WasiContext(WasiConfig.builder().args(argv).stdin(stdin).build()));
    Linker<WasiContext> linker = new Linker<>(engine);
    Wasi.define(linker, c -> c);
    int exit =
        Wasi.runCommand(
            store,
            linker.instantiate(store, Module.compile(engine, Files.readAllBytes(program(name)))));
    return new Outcome(new String(store.data().stdout(), StandardCharsets.UTF_8), exit);
  }

  private static Outcome node(String name, List<String> args, byte[] stdin) throws Exception {
    Path script = dir.resolve("wasi-run.mjs");
    if (!Files.exists(script)) {
      try (InputStream in = NodeDifferentialTest.class.getResourceAsStream("/node/wasi-run.mjs")) {
        Files.write(script, in.readAllBytes());
      }
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "node", "--no-warnings", script.toString(), program(name).toString(), file(name)));
    command.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException noNode) {
      System.err.println("NODE NOT FOUND: the WASI differential test is SKIPPED (" + noNode + ")");
      Assumptions.abort("node is not installed");
      return null;
    }
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Outcome(out, p.exitValue());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hello||",
        "echo|one two|",
        "cat||some input\\nover lines\\n",
        "exit|3|",
        "exit|0|",
        "checksum|2|timeslice",
        "sleep|10|",
        "yield|2|",
        "as-collatz|10000|",
        "simd||",
        "simd|96 3|"
      })
  void timesliceAndNodeAgree(String name, String args, String stdin) throws Exception {
    List<String> argv = args == null ? List.of() : List.of(args.split(" "));
    byte[] input =
        stdin == null ? new byte[0] : stdin.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
    Outcome ours = timeslice(name, argv, input);
    Outcome theirs = node(name, argv, input);
    assertThat(ours).isEqualTo(theirs);
  }
}
