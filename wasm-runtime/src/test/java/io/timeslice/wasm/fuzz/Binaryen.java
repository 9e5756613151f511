package io.timeslice.wasm.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Binaryen's {@code wasm-opt -ttf} ("translate to fuzz"): any bytes become a valid module whose
 * exports terminate (a hang limit) and log through {@code fuzzing-support} imports. The Debian
 * package {@code binaryen} provides it; {@code .ci/run} installs it when missing.
 */
final class Binaryen {
  /**
   * The features binaryen may use: WebAssembly 2.0 without SIMD and without reference types, which
   * binaryen 108 generates with its own pre-standard subtyping (anyref, typed references).
   */
  private static final String[] FEATURES = {
    "--enable-sign-ext",
    "--enable-nontrapping-float-to-int",
    "--enable-multivalue",
    "--enable-bulk-memory",
    "--enable-mutable-globals"
  };

  private final Path dir;

  Binaryen(Path dir) {
    this.dir = dir;
  }

  /**
   * The module {@code wasm-opt -ttf} makes of 1 to 32 KiB of random bytes from {@code seed}, with
   * every NaN a float operation returns replaced by 0 ({@code --denan}): which NaN an operation
   * returns is nondeterministic, and engines differ.
   */
  byte[] generate(long seed) throws IOException, InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] input = new byte[random.nextInt(1_024, 32_768)];
    random.nextBytes(input);
    Path in = dir.resolve("ttf-input.bin");
    Path out = dir.resolve("ttf.wasm");
    Files.write(in, input);
    String[] command = new String[FEATURES.length + 6];
    command[0] = "wasm-opt";
    command[1] = "-ttf";
    command[2] = in.toString();
    command[3] = "-o";
    command[4] = out.toString();
    System.arraycopy(FEATURES, 0, command, 5, FEATURES.length);
    command[command.length - 1] = "--denan";
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ttf.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(
          "wasm-opt -ttf failed for seed "
              + seed
              + ": "
              + Files.readString(dir.resolve("ttf.log")));
    }
    return Files.readAllBytes(out);
  }
}
