package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored job JSON shapes, and clear errors for anything else. */
class JobJsonTest {
  @Test
  void readsArgumentsAsRawBits() {
    assertThat(JobJson.arguments("[]")).isEmpty();
    assertThat(JobJson.arguments(" [1, -2 ,\n3] ")).containsExactly(1, -2, 3);
    assertThat(JobJson.arguments("[\"18446744073709551615\", 9223372036854775807]"))
        .containsExactly(-1L, Long.MAX_VALUE);
  }

  @Test
  void readsStringsAndEnvironmentsWithEscapes() {
    assertThat(JobJson.strings("[\"a\", \"b\\\"c\", \"\\u00e9\\n\"]"))
        .containsExactly("a", "b\"c", "é\n");
    assertThat(JobJson.environment("{\"K\": \"v\", \"E\": \"\"}"))
        .isEqualTo(Map.of("K", "v", "E", ""));
    assertThat(JobJson.environment(" { } ")).isEmpty();
  }

  @Test
  void rejectsOtherShapesSayingWhere() {
    assertThatThrownBy(() -> JobJson.arguments("[1.5]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argument 0 is not an integer");
    assertThatThrownBy(() -> JobJson.arguments("[1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> JobJson.arguments("{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 1");
    assertThatThrownBy(() -> JobJson.strings("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'\"' expected");
    assertThatThrownBy(() -> JobJson.environment("{\"K\": 1}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobJson.strings("[\"a\"] x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> JobJson.strings("[\"\\u12\"]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobJson.arguments(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
