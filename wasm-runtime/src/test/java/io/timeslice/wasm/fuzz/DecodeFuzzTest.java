package io.timeslice.wasm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;

/**
 * Coverage-guided fuzzing of decode + validate. The invariant: for any bytes, the result is a
 * module or a {@link WasmException}, never another exception, and never the decoder's own safety
 * net ("internal decoder error"), which would mean a decoder bug.
 *
 * <p>Normal test runs replay the committed inputs under {@code DecodeFuzzTestInputs} (seeds, and a
 * reproducer for every crash found, named after what it caught). Fuzz with {@code JAZZER_FUZZ=1
 * ./mvnw -pl wasm-runtime test -Dtest=DecodeFuzzTest}; see docs/fuzzing.md.
 */
class DecodeFuzzTest {
  private static final Engine ENGINE = new Engine();

  @FuzzTest(maxDuration = "30m")
  void decodeAndValidate(byte[] input) {
    try {
      Module.compile(ENGINE, input);
    } catch (InvalidModuleException e) {
      if (e.getMessage().startsWith("internal decoder error")) {
        throw new AssertionError("decoder bug", e.getCause());
      }
    } catch (WasmException expected) {
      // Malformed or invalid input, reported as it must be.
    }
  }
}
