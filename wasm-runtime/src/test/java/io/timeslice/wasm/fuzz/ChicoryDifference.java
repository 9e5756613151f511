package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The test binaryen's {@code wasm-reduce} runs to minimise a Chicory-only behaviour found by the
 * differential fuzzer (docs/fuzzing.md): prints {@code interesting} and exits 0 while the behaviour
 * is still there, else prints {@code gone} and exits 1.
 *
 * <pre>
 * ChicoryDifference rejects FILE.wasm        Timeslice accepts the module, Chicory's parser or
 *                                            instantiation rejects it as invalid
 * ChicoryDifference differs FILE.wasm SEED   some export call with SEED's arguments ends
 *                                            differently in Chicory than in Timeslice
 * </pre>
 */
public final class ChicoryDifference {
  private ChicoryDifference() {}

  public static void main(String[] args) throws Exception {
    byte[] wasm = Files.readAllBytes(Path.of(args[1]));
    boolean interesting =
        switch (args[0]) {
          case "rejects" -> rejects(wasm);
          case "differs" -> differs(wasm, Long.parseLong(args[2]));
          default -> throw new IllegalArgumentException("rejects or differs, not " + args[0]);
        };
    System.out.println(interesting ? "interesting" : "gone");
    System.exit(interesting ? 0 : 1);
  }

  /** Whether Timeslice accepts {@code wasm} and Chicory rejects it as invalid. */
  static boolean rejects(byte[] wasm) {
    try {
      Module.validate(new Engine(), wasm);
    } catch (WasmException invalid) {
      return false;
    }
    List<Call> calls = new ChicoryOracle().run(wasm, List.of());
    return !calls.isEmpty() && calls.getFirst().status() == Call.Status.REJECTED;
  }

  /** Whether a call of {@code seed}'s plan ends differently in Chicory than in Timeslice. */
  static boolean differs(byte[] wasm, long seed) {
    TimesliceOracle reference = TimesliceOracle.configurations().getFirst();
    List<Differential.Mismatch> found =
        new Differential(List.of(reference), List.of(new ChicoryOracle())).check(wasm, seed);
    return !found.isEmpty() && found.stream().allMatch(m -> m.oracle().startsWith("Chicory"));
  }
}
