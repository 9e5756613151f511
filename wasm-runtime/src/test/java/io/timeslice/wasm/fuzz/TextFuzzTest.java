package io.timeslice.wasm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.MalformedTextException;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.Wat;
import io.timeslice.wasm.internal.text.WastScript;
import io.timeslice.wasm.internal.text.WatParser;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the text parser. The invariant: for any bytes, {@link Wat#toBinary}
 * gives a binary or a {@link MalformedTextException}, never another exception (nor the parser's
 * safety net, "internal text parser error"); a binary it gives compiles or fails with a {@link
 * WasmException} that is not the decoder's safety net. The bytes are also read as a {@code .wast}
 * script, whose modules must behave the same. Text is read, and modules compiled, with every
 * proposal on, so that the syntax of each (tags and {@code try}, {@code i64} memories, tail calls)
 * is fuzzed too.
 *
 * <p>Normal test runs replay the committed inputs under {@code TextFuzzTestInputs} (seeds, and a
 * reproducer for every crash found); {@link TextRobustnessTest} runs a fixed-seed mutation pass in
 * every build. Fuzz with {@code JAZZER_FUZZ=1 ./mvnw -pl wasm-runtime test -Dtest=TextFuzzTest};
 * see docs/fuzzing.md.
 */
class TextFuzzTest {
  private static final Engine ENGINE = new Engine(everyProposal());

  private static Config everyProposal() {
    Config.Builder config = Config.builder();
    Config.Builder.PROPOSALS.forEach(name -> config.proposal(name, true));
    return config.build();
  }

  @FuzzTest(maxDuration = "10m")
  void parseText(byte[] input) {
    check(input);
  }

  /** Checks the invariant on one input; shared with the fixed-seed mutation test. */
  static void check(byte[] input) {
    byte[] binary;
    try {
      binary = Wat.toBinary(input, ENGINE.config());
    } catch (MalformedTextException expected) {
      binary = null;
    } catch (InvalidModuleException e) {
      throw new AssertionError("text parser bug: " + e.getMessage(), e.getCause());
    }
    if (binary != null) {
      compile(binary);
    }
    script(input);
  }

  private static void compile(byte[] binary) {
    try {
      Module.compile(ENGINE, binary);
    } catch (InvalidModuleException e) {
      if (e.getMessage().startsWith("internal ")) {
        throw new AssertionError("engine bug: " + e.getMessage(), e.getCause());
      }
    } catch (WasmException expected) {
      // Invalid, as text can be.
    }
  }

  private static void script(byte[] input) {
    WastScript script;
    try {
      script = WastScript.parse("fuzz", WatParser.decode(input), ENGINE.config());
    } catch (MalformedTextException expected) {
      return;
    }
    for (Map<String, Object> command : script.commands()) {
      Object file = command.get("filename");
      if (file == null) {
        continue;
      }
      try {
        byte[] bytes = script.module((String) file).bytes();
        compile(
            ((String) file).endsWith(".wat") ? WatParser.toBinary(bytes, ENGINE.config()) : bytes);
      } catch (MalformedTextException expected) {
        // A module of the script that does not parse fails its own command.
      }
    }
  }
}
