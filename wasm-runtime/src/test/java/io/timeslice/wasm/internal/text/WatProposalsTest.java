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

  // ---- memory64

  private static final Config MEMORY64 = DEFAULTS.toBuilder().memory64(true).build();

  /** The memory section of {@code text}'s binary, in hex. */
  private static String memorySection(String text, Config features) {
    String hex = HexFormat.of().formatHex(WatParser.toBinary(text, features));
    return hex.substring(hex.indexOf("05", 16));
  }

  @Test
  void anI64MemoryHasFlags4And5AndSixtyFourBitLimits() {
    assertThat(memorySection("(memory i64 1)", MEMORY64)).isEqualTo("0503" + "010401");
    // 2^32 pages: u64 LEB128.
    assertThat(memorySection("(memory i64 0 0x1_0000_0000)", MEMORY64))
        .isEqualTo("050801" + "05" + "00" + "8080808010");
    assertThat(memorySection("(memory i32 2 3)", MEMORY64)).isEqualTo("0504010102" + "03");
  }

  @Test
  void inlineDataOfAnI64MemoryHasAnI64Offset() {
    String hex =
        HexFormat.of().formatHex(WatParser.toBinary("(memory i64 (data \"ab\"))", MEMORY64));
    // One page, maximum one; the segment at i64.const 0.
    assertThat(hex).contains("050401050101").endsWith("0b08010042000b026162");
  }

  @Test
  void importedMemoriesReadTheirIndexType() {
    String hex =
        HexFormat.of()
            .formatHex(
                WatParser.toBinary(
                    "(import \"m\" \"a\" (memory i64 1)) (memory (import \"m\" \"b\") i64 2 3)",
                    MEMORY64));
    assertThat(hex).contains("016d0161" + "02" + "0401").contains("016d0162" + "02" + "050203");
  }

  @Test
  void offsetsAreSixtyFourBitWithMemory64() {
    String text = "(memory i64 1) (func (drop (i32.load offset=0x1_0000_0000 (i64.const 0))))";
    assertThat(body(text, MEMORY64)).contains("2802" + "8080808010");
  }

  /**
   * The same text reads differently with memory64: the core format's numbers are 32-bit (malformed
   * text), memory64's 64-bit (a module, which the decoder or validator refuses as too large).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(memory 0x1_0000_0000)                                             | 1 | 9",
        "(memory 0 0x1_0000_0000)                                           | 1 | 11",
        "(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0)))) | 1 | 34",
      })
  void thirtyTwoBitNumbersAreMalformedOnlyWithoutMemory64(String text, int line, int column) {
    assertError(text, DEFAULTS, line, column, "i32 constant out of range");
    assertThat(WatParser.toBinary(text, MEMORY64)).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(memory i64 1)                                    | DEFAULTS | 1 | 9  | unexpected token i64, expected a size (a memory's index type needs the memory64 feature)",
        "(import \"m\" \"n\" (memory i32 1))           | DEFAULTS | 1 | 25 | unexpected token i32",
        "(memory i64)                                      | MEMORY64 | 1 | 12 | unexpected token ), expected a size",
        "(memory i64 0x1_0000_0000_0000_0000)              | MEMORY64 | 1 | 13 | i64 constant out of range",
        "(memory i64 1) (func (drop (i32.load offset=0x1_0000_0000_0000_0000 (i64.const 0)))) | MEMORY64 | 1 | 38 | i64 constant out of range",
        "(memory $m i64 i64 1)                             | MEMORY64 | 1 | 16 | unexpected token i64, expected a size",
      })
  void misusedIndexTypesAndLimitsAreSyntaxErrors(
      String text, String features, int line, int column, String reason) {
    assertError(text, features.equals("DEFAULTS") ? DEFAULTS : MEMORY64, line, column, reason);
  }

  // ---- legacy exception handling

  private static final Config EXCEPTIONS = DEFAULTS.toBuilder().exceptionHandling(true).build();

  @Test
  void tryCatchFlatAndFoldedGiveOneBody() {
    String flat =
        "(tag $e (param i32)) (func (result i32)"
            + " try $l (result i32) i32.const 1 throw $e catch $e catch_all rethrow $l end $l)";
    String folded =
        "(tag $e (param i32)) (func (result i32)"
            + " (try $l (result i32) (do (throw $e (i32.const 1))) (catch $e) (catch_all (rethrow $l))))";
    // try i32, i32.const 1, throw 0, catch 0, catch_all, rethrow 0, end; the function's end.
    String want = "067f" + "4101" + "0800" + "0700" + "19" + "0900" + "0b" + "0b";
    assertThat(body(flat, EXCEPTIONS)).endsWith(want);
    assertThat(body(folded, EXCEPTIONS)).endsWith(want);
  }

  @Test
  void delegateEndsItsTryAndCountsFromOutsideIt() {
    String flat = "(func block $b try $t try delegate $b delegate $b end)";
    String folded = "(func (block $b (try $t (do (try (do) (delegate $b))) (delegate $b))))";
    // block, try, try, delegate 1 (to $b, past $t), delegate 0 (to $b), end; the function's end.
    String want = "0240" + "0640" + "0640" + "1801" + "1800" + "0b" + "0b";
    assertThat(body(flat, EXCEPTIONS)).endsWith(want);
    assertThat(body(folded, EXCEPTIONS)).endsWith(want);
  }

  @Test
  void tryTableFlatAndFoldedGiveOneBody() {
    String flat =
        "(tag $e (param i32)) (func (result i32) block $h (result i32 exnref)"
            + " try_table $t (result i32) (catch $e 1) (catch_ref $e $h) (catch_all 1) (catch_all_ref 0)"
            + " i32.const 1 throw $e end $t drop end throw_ref)";
    String folded =
        "(tag $e (param i32)) (func (result i32) (block $h (result i32 exnref)"
            + " (drop (try_table $t (result i32) (catch $e 1) (catch_ref $e $h) (catch_all 1)"
            + " (catch_all_ref 0) (throw $e (i32.const 1))))) (throw_ref))";
    // block (type 2: [] -> [i32 exnref]), try_table i32 with 4 clauses: catch 0 1, catch_ref 0 0,
    // catch_all 1, catch_all_ref 0; i32.const 1, throw 0, end, drop, end, throw_ref, end.
    String want =
        "0202" + "1f7f04" + "000001" + "010000" + "0201" + "0300" + "4101" + "0800" + "0b" + "1a"
            + "0b" + "0a" + "0b";
    // (The body's throw_ref is 0x0a, the code section's id: the whole module's hex is searched.)
    assertThat(HexFormat.of().formatHex(WatParser.toBinary(flat, EXCEPTIONS))).endsWith(want);
    assertThat(HexFormat.of().formatHex(WatParser.toBinary(folded, EXCEPTIONS))).endsWith(want);
  }

  @Test
  void exnrefTypesEncodeAsTheBinaryHasThem() {
    String text =
        "(func (param exnref (ref null exn) (ref exn)) (local (ref null noexn))"
            + " ref.null exn drop ref.null noexn drop try_table end)";
    String hex = HexFormat.of().formatHex(WatParser.toBinary(text, EXCEPTIONS));
    // The type: 3 parameters, exnref, (ref null exn), (ref exn), no result.
    assertThat(hex).contains("6003" + "69" + "6369" + "6469" + "00");
    // One local (ref null noexn); ref.null exn, drop, ref.null noexn, drop, an empty try_table.
    assertThat(body(text, EXCEPTIONS))
        .endsWith("01016374" + "d0691a" + "d0741a" + "1f4000" + "0b" + "0b");
  }

  @Test
  void tagsAreAnIndexSpaceWithImportsFirstAndASectionOfTheirOwn() {
    String text =
        "(import \"m\" \"i\" (tag $i)) (tag $j (import \"m\" \"j\") (param i32))"
            + " (tag $d (export \"d\") (param i64)) (export \"i\" (tag $i))"
            + " (func throw $d throw $i throw $j)";
    String hex = HexFormat.of().formatHex(WatParser.toBinary(text, EXCEPTIONS));
    // Types: () of $i, (i32) of $j, (i64) of $d. Imports: tag kind 4, attribute 0, type.
    assertThat(hex).contains("016d0169" + "04" + "0000").contains("016d016a" + "04" + "0001");
    // The tag section (13) before the export section: $d (index 2), attribute 0, type 2.
    assertThat(hex).contains("0d0301" + "0002" + "07");
    // Exports: "d" tag 2, "i" tag 0.
    assertThat(hex).contains("016404" + "02").contains("016904" + "00");
    assertThat(body(text, EXCEPTIONS)).endsWith("0802" + "0800" + "0801" + "0b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(module (func (catch_all)))                                    | 1 | 16 | unexpected token catch_all",
        "(module (tag $e) (func (catch $e)))                            | 1 | 25 | unexpected token catch",
        "(module (func (try (do) (catch_all) (catch_all))))             | 1 | 37 | unexpected token (catch_all",
        "(module (func (delegate 0)))                                   | 1 | 16 | unexpected token delegate",
        "(module (tag $e) (func (try (do) (catch $e) (delegate 0))))    | 1 | 45 | unexpected token (delegate",
        "(module (func (try (do) (catch_all) (delegate 0))))            | 1 | 37 | unexpected token (delegate",
        "(module (func (try (do) (delegate) (delegate 0))))             | 1 | 34 | unexpected token ), expected a label",
        "(module (func (try (nop) (do))))                               | 1 | 20 | unexpected token (nop",
        "(module (func try catch_all catch_all end))                    | 1 | 29 | unexpected token catch_all",
        "(module (func try nop))                                        | 1 | 22 | unexpected token ), expected end",
        "(module (func try $l end $m))                                  | 1 | 26 | mismatching label $m",
        "(module (func block catch_all end))                            | 1 | 21 | unexpected token catch_all",
        "(module (func try $l delegate $l))                             | 1 | 31 | unknown label $l",
        "(module (func\\n  throw $nope))                                | 2 | 9  | unknown tag $nope",
        "(module (func try catch end))                                  | 1 | 25 | unexpected token end, expected a tag index",
        "(module (tag $t) (tag $t))                                     | 1 | 23 | duplicate tag $t",
        "(module (tag (param $x i32)))                                  | 1 | 21 | unexpected token $x",
        "(module (tag) (import \"m\" \"t\" (tag)))                 | 1 | 15 | import after tag",
        "(module (export \"t\" (tag 0 1)))                            | 1 | 28 | unexpected token 1",
        "(module (func try_table (catch_all) end))                      | 1 | 35 | unexpected token ), expected a label",
        "(module (func try_table (catch 0) end))                        | 1 | 33 | unexpected token ), expected a label",
        "(module (func try_table $t (catch_all $t) end))                | 1 | 39 | unknown label $t",
        "(module (func (try_table (catch_all 0 1))))                    | 1 | 39 | unexpected token 1",
        "(module (func try_table $t end $u))                            | 1 | 32 | mismatching label $u",
        "(module (func (result exn)))                                   | 1 | 23 | unexpected token exn",
      })
  void misusedExceptionHandlingIsASyntaxError(String text, int line, int column, String reason) {
    assertError(text, EXCEPTIONS, line, column, reason);
  }

  // ---- relaxed SIMD

  /** The 20 relaxed SIMD instructions: 0xfd, then their opcode 0x100 to 0x113 as LEB128. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "i8x16.relaxed_swizzle                 | fd8002",
        "i32x4.relaxed_trunc_f32x4_s           | fd8102",
        "i32x4.relaxed_trunc_f32x4_u           | fd8202",
        "i32x4.relaxed_trunc_f64x2_s_zero      | fd8302",
        "i32x4.relaxed_trunc_f64x2_u_zero      | fd8402",
        "f32x4.relaxed_madd                    | fd8502",
        "f32x4.relaxed_nmadd                   | fd8602",
        "f64x2.relaxed_madd                    | fd8702",
        "f64x2.relaxed_nmadd                   | fd8802",
        "i8x16.relaxed_laneselect              | fd8902",
        "i16x8.relaxed_laneselect              | fd8a02",
        "i32x4.relaxed_laneselect              | fd8b02",
        "i64x2.relaxed_laneselect              | fd8c02",
        "f32x4.relaxed_min                     | fd8d02",
        "f32x4.relaxed_max                     | fd8e02",
        "f64x2.relaxed_min                     | fd8f02",
        "f64x2.relaxed_max                     | fd9002",
        "i16x8.relaxed_q15mulr_s               | fd9102",
        "i16x8.relaxed_dot_i8x16_i7x16_s       | fd9202",
        "i32x4.relaxed_dot_i8x16_i7x16_add_s   | fd9302",
      })
  void relaxedSimdEncodesAsTheBinaryHasIt(String name, String bytes) {
    assertThat(body("(module (func " + name + "))", DEFAULTS)).endsWith(bytes + "0b");
    Config off = DEFAULTS.toBuilder().relaxedSimd(false).build();
    assertError(
        "(func\\n  (" + name + "))",
        off,
        2,
        4,
        name + " needs the relaxed-simd proposal, which this engine has off");
  }

  @Test
  void foldedRelaxedSimdEncodesItsOperandsFirst() {
    String text =
        """
        (module (func (param v128) (result v128)
          (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))
        """;
    assertThat(body(text, DEFAULTS)).endsWith("200020002000fd85020b");
  }

  // ---- proposals off

  private static final Config NONE =
      DEFAULTS.toBuilder().tailCall(false).exceptionHandling(false).memory64(false).build();

  /**
   * Without its proposal, a proposal's syntax is refused where it stands, saying which it needs.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(func return_call 0)                                    | 1 | 7  | return_call needs the tail-call proposal",
        "(func (return_call_indirect (i32.const 0)))             | 1 | 8  | return_call_indirect needs the tail-call proposal",
        "(func\\n  (try (do)))                                   | 2 | 4  | try needs the exception-handling proposal",
        "(func throw 0)                                          | 1 | 7  | throw needs the exception-handling proposal",
        "(func try_table end)                                    | 1 | 7  | try_table needs the exception-handling proposal",
        "(func (throw_ref (ref.null exn)))                       | 1 | 8  | throw_ref needs the exception-handling proposal",
        "(func (param exnref))                                   | 1 | 14 | exnref needs the exception-handling proposal",
        "(func (param (ref exn)))                                | 1 | 19 | exn needs the exception-handling proposal",
        "(tag)                                                   | 1 | 1  | tag needs the exception-handling proposal",
        "(import \"m\" \"t\" (tag))                              | 1 | 17 | tag needs the exception-handling proposal",
        "(export \"t\" (tag 0))                                  | 1 | 13 | tag needs the exception-handling proposal",
      })
  void aProposalsSyntaxNeedsTheProposal(String text, int line, int column, String reason) {
    assertError(text, NONE, line, column, reason + ", which this engine has off");
  }
}
