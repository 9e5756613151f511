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
 * Whatever the bytes, decoding gives a module or a {@link WasmException}, never another exception,
 * and running a valid one gives results or a {@link Trap}: seeded mutations (byte flips,
 * truncations, insertions) of the spec suite's modules, the core ones by default and the proposals'
 * with every proposal on, their exports without parameters run on a little fuel.
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
    mutateAll(core, new Engine(Config.defaults().withConsumeFuel(true)), 50_000);
  }

  @Test
  void mutatedProposalModulesAreModulesOrWasmErrors() throws IOException {
    Path core = suite().orElse(null);
    Assumptions.assumeTrue(core != null, "spec testsuite not found: robustness test skipped");
    Config.Builder all = Config.builder().consumeFuel(true);
    Config.Builder.PROPOSALS.forEach(name -> all.proposal(name, true));
    mutateAll(core.resolveSibling("proposals"), new Engine(all.build()), 10_000);
  }

  private static void mutateAll(Path dir, Engine engine, int atLeast) throws IOException {
    List<Path> modules;
    try (Stream<Path> walk = Files.walk(dir)) {
      modules = walk.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
    }
    SplittableRandom random = new SplittableRandom(SEED);
    int tried = 0;
    int accepted = 0;
    int calls = 0;
    for (Path path : modules) {
      byte[] original = Files.readAllBytes(path);
      for (int i = 0; i < MUTANTS_PER_MODULE; i++) {
        byte[] mutant = mutate(original, random);
        tried++;
        try {
          Module module = Module.compile(engine, mutant);
          accepted++;
          calls += runExports(engine, module);
        } catch (WasmException expected) {
          if (expected.getMessage().startsWith("internal decoder error")) {
            fail("decoder bug on a mutant of " + path + ": " + expected.getMessage(), expected);
          }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
          fail("a mutant of " + path + " escaped as " + e, e);
        }
      }
    }
    System.out.printf(
        "robustness: %d mutants of %s, %d still valid, %d export calls%n",
        tried, dir, accepted, calls);
    assertThat(tried).isGreaterThan(atLeast);
  }

  /**
   * Runs a valid mutant's exported functions without parameters, on a little fuel: they return,
   * trap, run out of fuel or do not link, and nothing else may come out of the engine. Returns how
   * many calls were made.
   */
  private static int runExports(Engine engine, Module module) {
    if (!module.imports().isEmpty()) {
      return 0;
    }
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(10_000);
    Instance instance;
    try {
      instance = new Linker<Void>(engine).instantiate(store, module);
    } catch (WasmException trappedOrTooLarge) {
      return 0;
    }
    int calls = 0;
    for (ExportType export : module.exports()) {
      if (export.type() instanceof FuncType t && t.paramCount() == 0) {
        calls++;
        try {
          instance.func(export.name()).call(store);
        } catch (Trap expected) {
          store.setFuel(10_000);
        }
      }
    }
    return calls;
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
