package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, decoding gives a module or a {@link WasmException}, never another exception:
 * seeded mutations (byte flips, truncations, insertions) of the spec suite's modules.
 */
class RobustnessTest {
  private static final long SEED = 0x7153_11ceL;
  private static final int MUTANTS_PER_MODULE = 40;

  private static Optional<Path> suite() {
    for (String candidate :
        new String[] {
          System.getProperty("wasm.testsuite", ""),
          System.getProperty("timeslice.root", "") + "/../shared/wasm-testsuite",
          "../shared/wasm-testsuite"
        }) {
      if (!candidate.isBlank() && Files.isDirectory(Path.of(candidate, "json", "core"))) {
        return Optional.of(Path.of(candidate, "json", "core"));
      }
    }
    return Optional.empty();
  }

  @Test
  void mutatedModulesAreModulesOrWasmErrors() throws IOException {
    Path core = suite().orElse(null);
    Assumptions.assumeTrue(core != null, "spec testsuite not found: robustness test skipped");
    List<Path> modules;
    try (Stream<Path> walk = Files.walk(core)) {
      modules = walk.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
    }
    Engine engine = new Engine();
    SplittableRandom random = new SplittableRandom(SEED);
    int tried = 0;
    int accepted = 0;
    for (Path path : modules) {
      byte[] original = Files.readAllBytes(path);
      for (int i = 0; i < MUTANTS_PER_MODULE; i++) {
        byte[] mutant = mutate(original, random);
        tried++;
        try {
          Module.compile(engine, mutant);
          accepted++;
        } catch (WasmException expected) {
          if (expected.getMessage().startsWith("internal decoder error")) {
            fail("decoder bug on a mutant of " + path + ": " + expected.getMessage(), expected);
          }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          fail("a mutant of " + path + " escaped as " + e, e);
        }
      }
    }
    System.out.printf("robustness: %d mutants, %d still valid%n", tried, accepted);
    assertThat(tried).isGreaterThan(50_000);
  }

  private static byte[] mutate(byte[] original, SplittableRandom random) {
    byte[] b = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
      }
      case 2 -> {
        if (b.length > 0) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      default -> {
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        byte[] longer = new byte[b.length + 1];
        System.arraycopy(b, 0, longer, 0, at);
        longer[at] = (byte) (0x80 | random.nextInt(128));
        System.arraycopy(b, at, longer, at + 1, b.length - at);
        return longer;
      }
    }
    return b;
  }
}
