package io.timeslice.wasm.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.MalformedTextException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad text gets the specification's reason, at the line and column of the offending token. */
class WatErrorsTest {
  private static MalformedTextException error(String text) {
    try {
      WatParser.toBinary(text);
    } catch (MalformedTextException e) {
      return e;
    }
    throw new AssertionError("accepted: " + text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(module (func i32.add_))                            | 1 | 15 | unknown operator i32.add_",
        "(module\\n  (func (i32.const 0x)))                   | 2 | 20 | unknown operator 0x",
        "(module (func (br_table 0$l)))                      | 1 | 25 | unknown operator 0$l",
        "(module (data $l\"a\"))                              | 1 | 15 | unknown operator $l\"a\"",
        "(module (func (i32.const 4294967296)))              | 1 | 26 | constant out of range",
        "(module (func (f32.const 0x1p128)))                 | 1 | 26 | constant out of range",
        "(module (func (f64.const nan:0x0)))                 | 1 | 26 | constant out of range",
        "(module (func block $a end $b))                     | 1 | 28 | mismatching label $b",
        "(module (func (br $x)))                             | 1 | 19 | unknown label $x",
        "(module (func (call $nope)))                        | 1 | 21 | unknown function $nope",
        "(module (func (local.get $y)))                      | 1 | 26 | unknown local $y",
        "(module (func $f) (func $f))                        | 1 | 25 | duplicate func $f",
        "(module (func (param $x i32) (local $x i32)))       | 1 | 37 | duplicate local $x",
        "(module (func) (import \"\" \"\" (func)))           | 1 | 16 | import after function",
        "(module (memory 0) (import \"\" \"\" (memory 0)))   | 1 | 20 | import after memory",
        "(module (func (i32.load align=3 (i32.const 0))))    | 1 | 25 | alignment must be a power of two",
        "(module (func (i32.load offset=4294967296 (i32.const 0)))) | 1 | 25 | i32 constant out of range",
        "(module (type $t (func)) (func (type $t) (param i32)))     | 1 | 32 | inline function type",
        "(module (func (type 3) (param i32)))                | 1 | 21 | unknown type 3",
        "(module (func (v128.const i32x4 1 2 3)))            | 1 | 33 | wrong number of lane literals",
        "(module (func (i8x16.extract_lane_s 25_6 (v128.const i64x2 0 0)))) | 1 | 37 | malformed lane index",
        "(module (func (export \"\\80\")))                   | 1 | 23 | malformed UTF-8 encoding",
        "(module (start 0) (start 0) (func))                 | 1 | 19 | multiple start sections",
        "(module (func (block (result i32) (param i32))))    | 1 | 35 | unexpected token (param",
        "(module (func (nop)                                 |   |    |",
      })
  void reasonAndPosition(String text, Integer line, Integer column, String reason) {
    MalformedTextException e = error(text.replace("\\n", "\n"));
    if (reason == null) {
      assertThat(e.reason()).startsWith("unexpected end of input");
      return;
    }
    assertThat(e.reason()).startsWith(reason);
    assertThat(e.line()).as("line of %s", e.getMessage()).isEqualTo(line);
    assertThat(e.column()).as("column of %s", e.getMessage()).isEqualTo(column);
    assertThat(e.getMessage()).endsWith("(at line " + line + ", column " + column + ")");
  }

  @Test
  void invalidUtf8SourceIsRejectedWhereItIs() {
    byte[] source = "(module)\n  ;; \u00e9\n ".getBytes(StandardCharsets.UTF_8);
    byte[] bad = java.util.Arrays.copyOf(source, source.length + 2);
    bad[source.length] = (byte) 0xc3;
    bad[source.length + 1] = (byte) 0x28;
    assertThatThrownBy(() -> WatParser.toBinary(bad))
        .isInstanceOf(MalformedTextException.class)
        .hasMessage("malformed UTF-8 encoding (at line 3, column 2)");
  }

  @Test
  void nestingIsBoundedSoThatNoInputExhaustsTheStack() {
    String deep = "(module (func " + "(block ".repeat(5000) + ")".repeat(5002);
    assertThat(error(deep).reason()).startsWith("nesting too deep");
    String flat = "(module (func " + "block ".repeat(5000) + "end ".repeat(5000) + "))";
    assertThat(error(flat).reason()).startsWith("nesting too deep");
    // Up to the limits, however the caller's stack is sized: deep text is parsed on a large stack.
    String folded = "(module (func " + "(block ".repeat(990) + ")".repeat(992);
    String flatBlocks = "(module (func " + "block ".repeat(999) + "end ".repeat(999) + "))";
    String both = "(module (func " + "(block block ".repeat(490) + "end)".repeat(490) + "))";
    for (String text : new String[] {folded, flatBlocks, both}) {
      byte[][] binary = new byte[1][];
      Thread small =
          new Thread(null, () -> binary[0] = WatParser.toBinary(text), "small", 256 << 10);
      small.start();
      try {
        small.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertThat(binary[0]).as("parsed on a 256 KiB stack").isNotNull();
    }
  }

  @Test
  void commentsNestAndAnUnclosedOneIsAnError() {
    assertThat(WatParser.toBinary("(; a (; nested ;) comment ;) (module) ;; done"))
        .containsExactly(0, 'a', 's', 'm', 1, 0, 0, 0);
    MalformedTextException e = error("(module)\n (; open (; ;)");
    assertThat(e.reason()).isEqualTo("unclosed comment");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(2);
  }
}
