package io.timeslice.wasm.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.MalformedTextException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The syntax of the proposals the engine runs: each form encodes as the binary format has it, and
 * each misuse is a syntax error at its line and column. (Whole modules are held to wat2wasm's bytes
 * by {@link WatCorpusTest} and {@link SpecModulesTextTest}.)
 */
class WatProposalsTest {
  private static final Config DEFAULTS = Config.defaults();

  /** The code section's single body of {@code text}'s binary, in hex. */
  private static String body(String text, Config features) {
    byte[] binary = WatParser.toBinary(text, features);
    String hex = HexFormat.of().formatHex(binary);
    int code = hex.lastIndexOf("0a");
    return hex.substring(code);
  }

  private static MalformedTextException error(String text, Config features) {
    try {
      WatParser.toBinary(text, features);
    } catch (MalformedTextException e) {
      return e;
    }
    throw new AssertionError("accepted: " + text);
  }

  private static void assertError(
      String text, Config features, int line, int column, String reason) {
    MalformedTextException e = error(text.replace("\\n", "\n"), features);
    assertThat(e.reason()).as(text).startsWith(reason);
    assertThat(e.line()).as("line of %s", e.getMessage()).isEqualTo(line);
    assertThat(e.column()).as("column of %s", e.getMessage()).isEqualTo(column);
  }

  // ---- tail calls

  @Test
  void returnCallsEncodeAsCallsDo() {
    String text =
        """
        (module (type $t (func)) (table 1 funcref)
          (func $f return_call $f (return_call_indirect (type $t) (i32.const 0))))
        """;
    // 0x12 function 0; i32.const 0, 0x13 type 0 table 0.
    assertThat(body(text, DEFAULTS)).endsWith("12004100130000" + "0b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(module (func (return_call_indirect (type 0) (result i32) (param i32))))   | 1 | 59 | unexpected token (param",
        "(module (func (return_call_indirect (result i32) (type 0))))               | 1 | 50 | unexpected token (type",
        "(module (func (return_call_indirect (param $x i32))))                      | 1 | 44 | unexpected token $x",
        "(module (func\\n  return_call $g))                                          | 2 | 15 | unknown function $g",
        "(module (func return_call))                                                | 1 | 26 | unexpected token ), expected a function index",
      })
  void misusedTailCallsAreSyntaxErrors(String text, int line, int column, String reason) {
    assertError(text, DEFAULTS, line, column, reason);
  }
}
