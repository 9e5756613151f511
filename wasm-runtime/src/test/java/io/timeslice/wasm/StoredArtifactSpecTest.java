package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.spec.Testsuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every seventh module of the spec testsuite that compiles: {@link Module#compileUnchecked} and
 * {@link Module#deserialize} of its artifact give the IR of {@link Module#compile}, and its
 * exported functions without parameters return the same results (or traps) for the same fuel.
 */
class StoredArtifactSpecTest {
  private static final Engine FUELED = new Engine(Config.defaults().withConsumeFuel(true));

  private static List<Path> sample() throws IOException {
    Path root = Testsuite.find().orElse(null);
    Assumptions.assumeTrue(
        root != null,
        "SPEC TESTSUITE NOT FOUND: stored artifacts of its modules are SKIPPED. Looked in "
            + Testsuite.candidates());
    try (Stream<Path> files = Files.walk(root.resolve("json").resolve("core"))) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
      List<Path> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i += 7) {
        out.add(all.get(i));
      }
      return out;
    }
  }

  /** The exports' outcomes: results or trap message, and the fuel each consumed. */
  private static List<String> outcomes(Module module) {
    List<String> out = new ArrayList<>();
    if (!module.imports().isEmpty()) {
      return out;
    }
    Store<Void> store = new Store<>(FUELED, null);
    store.setFuel(10_000_000);
    Instance instance;
    try {
      instance = new Linker<Void>(FUELED).instantiate(store, module);
    } catch (WasmException e) {
      out.add("instantiate: " + e.getMessage());
      return out;
    }
    for (ExportType export : module.exports()) {
      if (export.type() instanceof FuncType t && t.paramCount() == 0) {
        long before = store.fuelConsumed();
        String result;
        try {
          result = java.util.Arrays.toString(instance.func(export.name()).call(store));
        } catch (WasmException e) {
          result = e.getMessage();
        }
        out.add(export.name() + " " + result + " fuel " + (store.fuelConsumed() - before));
      }
    }
    return out;
  }

  @Test
  void specModulesBehaveTheSameWhicheverWayTheyAreMade() throws IOException {
    int compared = 0;
    int ran = 0;
    for (Path file : sample()) {
      byte[] bytes = Files.readAllBytes(file);
      Module compiled;
      byte[] artifact;
      try {
        compiled = Module.compile(FUELED, bytes);
        artifact = compiled.serialize();
      } catch (WasmException notRunnable) {
        continue; // an assert_invalid/assert_malformed module
      }
      Module unchecked = Module.compileUnchecked(FUELED, bytes);
      Module restored = Module.deserialize(FUELED, bytes, artifact);
      StoredArtifactTest.assertSameCode(compiled, unchecked);
      StoredArtifactTest.assertSameCode(compiled, restored);
      List<String> expected = outcomes(compiled);
      assertThat(outcomes(unchecked)).as("%s unchecked", file).isEqualTo(expected);
      assertThat(outcomes(restored)).as("%s deserialized", file).isEqualTo(expected);
      compared++;
      ran += expected.size();
    }
    assertThat(compared).isGreaterThan(100);
    assertThat(ran).isGreaterThan(100);
  }
}
