package io.timeslice.bench;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How long one module takes to compile in one compilation mode, cold (the JVM's first compile) and
 * warm (the median of the second half of the rounds, once HotSpot has compiled the engine: a
 * service's JVM is warm when a new module arrives), and the process's peak resident set size: the
 * engine side of {@code benchmarks/npm-compile.sh}, which runs one JVM per module and mode so that
 * each peak RSS belongs to one compile. Not JMH: the first, cold compile is what a new job pays,
 * and a 46 MB module is compiled a handful of times, not millions.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.timeslice.bench.CompileProbe MODE ROUNDS FILE
 * </pre>
 *
 * Prints one TSV line: file, mode, bytes, cold ms, warm ms, peak RSS MiB, and "ok" or the error.
 */
public final class CompileProbe {
  private CompileProbe() {}

  public static void main(String[] args) throws IOException {
    CompilationMode mode = CompilationMode.valueOf(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path file = Path.of(args[2]);
    byte[] bytes = Files.readAllBytes(file);
    Engine engine = new Engine(Config.builder().compilationMode(mode).build());
    double[] ms = new double[rounds];
    String outcome = "ok";
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      try {
        Module.compile(engine, bytes);
      } catch (WasmException e) {
        outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    double cold = ms[0];
    double[] warm = Arrays.copyOfRange(ms, rounds / 2, rounds);
    Arrays.sort(warm);
    System.out.printf(
        "%s\t%s\t%d\t%.1f\t%.1f\t%d\t%s%n",
        file.getFileName(), mode, bytes.length, cold, warm[warm.length / 2], peakRssMiB(), outcome);
  }

  /** VmHWM of /proc/self/status in MiB, or -1 where there is no such file. */
  private static long peakRssMiB() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
