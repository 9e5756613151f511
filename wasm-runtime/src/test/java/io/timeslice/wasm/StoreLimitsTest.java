package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreLimitsTest {
  @Test
  void defaultsAreSafeForUntrustedCode() {
    StoreLimits d = StoreLimits.builder().build();
    assertThat(d.memoryBytes()).isEqualTo(256L << 20);
    assertThat(d.tableElements()).isEqualTo(1 << 20);
    assertThat(d.instances()).isEqualTo(100);
    assertThat(d.callDepth()).isEqualTo(10_000);
    assertThat(d.stackCells()).isEqualTo(1 << 20);
    assertThat(d).isEqualTo(StoreLimits.DEFAULT).hasSameHashCodeAs(StoreLimits.DEFAULT);
    assertThat(d.memoryPages()).isEqualTo(4096);
  }

  @Test
  void everySetterSetsItsLimitAndNoOther() {
    StoreLimits l =
        StoreLimits.builder()
            .memoryBytes(3 * 65_536 + 1)
            .tableElements(7)
            .instances(2)
            .callDepth(11)
            .stackCells(13)
            .build();
    assertThat(l.memoryBytes()).isEqualTo(3 * 65_536 + 1);
    assertThat(l.memoryPages()).isEqualTo(3);
    assertThat(l.tableElements()).isEqualTo(7);
    assertThat(l.instances()).isEqualTo(2);
    assertThat(l.callDepth()).isEqualTo(11);
    assertThat(l.stackCells()).isEqualTo(13);
    assertThat(l.toString())
        .isEqualTo(
            "StoreLimits[memoryBytes=196609, tableElements=7, instances=2, callDepth=11,"
                + " stackCells=13]");
    assertThat(StoreLimits.DEFAULT.withTableElements(7).tableElements()).isEqualTo(7);
    assertThat(StoreLimits.DEFAULT.withTableElements(7))
        .isEqualTo(StoreLimits.builder().tableElements(7).build());
  }

  @Test
  void zeroMemoryAndTablesAreAllowedAndTheLargestMemoryIsCappedInPages() {
    StoreLimits none = StoreLimits.builder().memoryBytes(0).tableElements(0).build();
    assertThat(none.memoryPages()).isZero();
    assertThat(none.tableElements()).isZero();
    assertThat(StoreLimits.DEFAULT.withMemoryBytes(Long.MAX_VALUE).memoryPages())
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void toBuilderCopiesAndLeavesTheOriginalAlone() {
    StoreLimits base = StoreLimits.DEFAULT.withStack(5, 64);
    StoreLimits changed = base.toBuilder().instances(1).build();
    assertThat(base.instances()).isEqualTo(100);
    assertThat(changed.instances()).isEqualTo(1);
    assertThat(changed.callDepth()).isEqualTo(5);
    assertThat(changed.stackCells()).isEqualTo(64);
    assertThat(changed).isNotEqualTo(base);
    assertThat(base.toBuilder().build()).isEqualTo(base);
  }

  @Test
  void badValuesNameTheLimit() {
    assertThatThrownBy(() -> StoreLimits.builder().memoryBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memoryBytes must not be negative, not -1");
    assertThatThrownBy(() -> StoreLimits.builder().tableElements(-2))
        .hasMessage("tableElements must not be negative, not -2");
    assertThatThrownBy(() -> StoreLimits.builder().instances(0))
        .hasMessage("instances must be positive, not 0");
    assertThatThrownBy(() -> StoreLimits.builder().callDepth(0))
        .hasMessage("callDepth must be positive, not 0");
    assertThatThrownBy(() -> StoreLimits.builder().stackCells(-5))
        .hasMessage("stackCells must be positive, not -5");
    assertThatThrownBy(() -> StoreLimits.DEFAULT.withStack(1, 0))
        .hasMessage("stackCells must be positive, not 0");
  }
}
