package io.timeslice.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.core.Refused;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON arguments to raw cells by signature, and results back, at every range edge. */
class JobArgumentsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<JsonNode> args(String json) {
    List<JsonNode> out = new java.util.ArrayList<>();
    JSON.readTree(json).forEach(out::add);
    return out;
  }

  @Test
  void integersAcceptSignedAndUnsignedRanges() {
    assertThat(JobArguments.toBits(List.of("i32", "i32", "i32"), args("[-1, 4294967295, 7]")))
        .containsExactly(0xFFFF_FFFFL, 0xFFFF_FFFFL, 7);
    assertThat(
            JobArguments.toBits(
                List.of("i64", "i64"),
                args(
                    "[-9223372036854775808, {\"type\": \"i64\", \"value\": \"18446744073709551615\"}]")))
        .containsExactly(Long.MIN_VALUE, -1L);
    assertThat(JobArguments.toBits(List.of("i32"), args("[1e3]"))).containsExactly(1000);
  }

  @Test
  void outOfRangeFractionalAndHugeExponentsAreRefused() {
    for (String bad :
        List.of(
            "[4294967296]",
            "[-2147483649]",
            "[1.5]",
            "[\"x\"]",
            "[1e999999999]",
            "[true]",
            "[null]")) {
      assertThatThrownBy(() -> JobArguments.toBits(List.of("i32"), args(bad)))
          .as(bad)
          .isInstanceOf(Refused.class)
          .hasMessageContaining("argument 0 (i32)");
    }
    assertThatThrownBy(
            () -> JobArguments.toBits(List.of("i32"), args("[{\"type\": \"i64\", \"value\": 1}]")))
        .hasMessageContaining("\"type\" must be \"i32\"");
    assertThatThrownBy(() -> JobArguments.toBits(List.of("i32", "i32"), args("[1]")))
        .hasMessageContaining("takes 2 argument(s)");
    assertThatThrownBy(() -> JobArguments.toBits(List.of("externref"), args("[1]")))
        .hasMessageContaining("cannot be passed");
  }

  @Test
  void floatsIncludingSpecialValuesRoundTrip() {
    long[] bits =
        JobArguments.toBits(
            List.of("f32", "f64", "f64", "f32"), args("[1.5, \"-inf\", \"nan\", 3.4e38]"));
    assertThat(Float.intBitsToFloat((int) bits[0])).isEqualTo(1.5f);
    assertThat(Double.longBitsToDouble(bits[1])).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Double.isNaN(Double.longBitsToDouble(bits[2]))).isTrue();
    assertThat(
            JobArguments.fromBits(
                List.of("f32", "f64", "f64"), new long[] {bits[0], bits[1], bits[2]}))
        .containsExactly(1.5f, "-inf", "nan");
    assertThatThrownBy(() -> JobArguments.toBits(List.of("f32"), args("[1e39]")))
        .isInstanceOf(Refused.class);
  }

  @Test
  void aV128ResultTakesTwoCellsAndTheNextResultKeepsItsOwn() {
    assertThat(
            JobArguments.fromBits(
                List.of("v128", "i32"), new long[] {0x0807_0605_0403_0201L, 0x10L, 0xFFFF_FFFFL}))
        .containsExactly("0x00000000000000100807060504030201", -1);
  }

  @Test
  void resultsAreShownSigned() {
    assertThat(JobArguments.fromBits(List.of("i32", "i64"), new long[] {0xFFFF_FFFFL, -2}))
        .containsExactly(-1, -2L);
  }
}
