package io.timeslice.wasm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Minimises a finding of the own generator by its choices rather than its bytecode (binaryen's
 * {@code wasm-reduce} cannot read the multi-value blocks the generator makes): the generator reads
 * its choices from bytes and makes the simplest choice once they run out or read 0, so a shorter
 * prefix and more zeros give a smaller module. Keeps cutting the choices while the behaviour stays,
 * then writes the smallest module (docs/fuzzing.md).
 *
 * <pre>
 * EntropyReducer rejects|differs SEED OUT.wasm
 * </pre>
 */
public final class EntropyReducer {
  private EntropyReducer() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[1]);
    Predicate<byte[]> still =
        switch (args[0]) {
          case "rejects" -> wasm -> ChicoryDifference.rejects(wasm);
          case "differs" -> wasm -> ChicoryDifference.differs(wasm, seed);
          default -> throw new IllegalArgumentException("rejects or differs, not " + args[0]);
        };
    byte[] choices = new byte[1 << 16];
    new SplittableRandom(seed).nextBytes(choices);
    if (!still.test(module(choices))) {
      throw new IllegalStateException("seed " + seed + " does not show the behaviour");
    }
    choices = reduce(choices, still);
    byte[] wasm = module(choices);
    Files.write(Path.of(args[2]), wasm);
    System.out.printf(
        "%d choices, %d of them non-zero, a module of %d bytes%n",
        choices.length, nonZero(choices), wasm.length);
  }

  /** The prefix as short, then the choices as zero, as they can be while the behaviour stays. */
  static byte[] reduce(byte[] choices, Predicate<byte[]> still) {
    byte[] best = choices;
    for (int cut = best.length / 2; cut >= 1; cut /= 2) {
      while (best.length > cut) {
        byte[] shorter = Arrays.copyOf(best, best.length - cut);
        if (!holds(shorter, still)) {
          break;
        }
        best = shorter;
      }
    }
    for (int chunk = Math.max(1, best.length / 2); chunk >= 1; chunk /= 2) {
      for (int from = 0; from < best.length; from += chunk) {
        byte[] zeroed = best.clone();
        Arrays.fill(zeroed, from, Math.min(best.length, from + chunk), (byte) 0);
        if (!Arrays.equals(zeroed, best) && holds(zeroed, still)) {
          best = zeroed;
        }
      }
    }
    return best;
  }

  private static boolean holds(byte[] choices, Predicate<byte[]> still) {
    try {
      return still.test(module(choices));
    } catch (RuntimeException generatorOrEngine) {
      return false;
    }
  }

  private static byte[] module(byte[] choices) {
    return new ModuleGenerator(new Entropy(choices)).generate();
  }

  private static int nonZero(byte[] choices) {
    int n = 0;
    for (byte b : choices) {
      n += b == 0 ? 0 : 1;
    }
    return n;
  }
}
