package io.timeslice.wasm.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasiConfigTest {
  @Test
  void defaultsLeakNothingOfTheHost() {
    WasiConfig d = WasiConfig.builder().build();
    assertThat(d.args()).isEmpty();
    assertThat(d.env()).isEmpty();
    assertThat(d.stdin()).isEmpty();
    assertThat(d.stdoutCap()).isEqualTo(1 << 20);
    assertThat(d.stderrCap()).isEqualTo(1 << 20);
    assertThat(d.stopAtOutputCap()).isFalse();
    assertThat(d.deterministic()).isFalse();
    assertThat(d.seed()).isZero();
    assertThat(WasiConfig.of("p")).isEqualTo(WasiConfig.builder().args("p").build());
  }

  @Test
  void everySetterSetsItsSettingAndNoOther() {
    WasiConfig c =
        WasiConfig.builder()
            .args("prog", "a")
            .env(Map.of("K", "v"))
            .stdin(new byte[] {1, 2})
            .stdoutCap(10)
            .stderrCap(20)
            .stopAtOutputCap(true)
            .deterministic(true)
            .seed(42)
            .build();
    assertThat(c.args()).containsExactly("prog", "a");
    assertThat(c.env()).containsExactly(Map.entry("K", "v"));
    assertThat(c.stdin()).containsExactly(1, 2);
    assertThat(c.stdoutCap()).isEqualTo(10);
    assertThat(c.stderrCap()).isEqualTo(20);
    assertThat(c.stopAtOutputCap()).isTrue();
    assertThat(c.deterministic()).isTrue();
    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.toString())
        .isEqualTo(
            "WasiConfig[args=[prog, a], env={K=v}, stdin=2 bytes, stdoutCap=10, stderrCap=20,"
                + " stopAtOutputCap=true, deterministic=true, seed=42]");
  }

  @Test
  void theWithMethodsGoThroughTheBuilder() {
    WasiConfig c =
        WasiConfig.of("p")
            .withArgs("x")
            .withEnv(Map.of("A", "1"))
            .withStdin(new byte[] {9})
            .withOutputCaps(1, 2, true)
            .withDeterminism(7);
    assertThat(c)
        .isEqualTo(
            WasiConfig.builder()
                .args(List.of("p", "x"))
                .env(Map.of("A", "1"))
                .stdin(new byte[] {9})
                .stdoutCap(1)
                .stderrCap(2)
                .stopAtOutputCap(true)
                .deterministic(true)
                .seed(7)
                .build());
    assertThat(WasiConfig.builder().build().withArgs("x").args()).containsExactly("program", "x");
  }

  @Test
  void theResultIsImmutableAndCopiesWhatItIsGiven() {
    List<String> args = new ArrayList<>(List.of("p"));
    Map<String, String> env = new HashMap<>(Map.of("A", "1"));
    byte[] stdin = {1};
    WasiConfig c = WasiConfig.builder().args(args).env(env).stdin(stdin).build();
    args.add("more");
    env.put("B", "2");
    stdin[0] = 5;
    c.stdin()[0] = 6;
    assertThat(c.args()).containsExactly("p");
    assertThat(c.env()).containsOnlyKeys("A");
    assertThat(c.stdin()).containsExactly(1);
    assertThatThrownBy(() -> c.args().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalityComparesStdinByContent() {
    WasiConfig a = WasiConfig.of("p").withStdin(new byte[] {1, 2});
    WasiConfig b = WasiConfig.of("p").withStdin(new byte[] {1, 2});
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(WasiConfig.of("p").withStdin(new byte[] {1, 3}));
    assertThat(a.toBuilder().seed(1).build()).isNotEqualTo(a);
  }

  @Test
  void badValuesNameTheSetting() {
    assertThatThrownBy(() -> WasiConfig.builder().stdoutCap(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stdoutCap must not be negative, not -1");
    assertThatThrownBy(() -> WasiConfig.builder().stderrCap(-3))
        .hasMessage("stderrCap must not be negative, not -3");
    assertThatThrownBy(() -> WasiConfig.builder().stdin(null)).hasMessage("stdin must not be null");
    assertThatThrownBy(() -> WasiConfig.builder().args((List<String>) null))
        .hasMessage("args must not be null");
    assertThatThrownBy(() -> WasiConfig.builder().args("p", null))
        .hasMessage("args must not hold null");
    assertThatThrownBy(() -> WasiConfig.builder().args("p", "a\0b"))
        .hasMessage("args must not contain NUL: a\0b");
    assertThatThrownBy(() -> WasiConfig.builder().env(null)).hasMessage("env must not be null");
    assertThatThrownBy(() -> WasiConfig.builder().env(Map.of("A=B", "v")))
        .hasMessage("env names must be non-empty without '=': A=B");
    assertThatThrownBy(() -> WasiConfig.builder().env(Map.of("", "v")))
        .hasMessage("env names must be non-empty without '=': ");
    assertThatThrownBy(() -> WasiConfig.builder().env(Map.of("A", "\0")))
        .hasMessage("env must not contain NUL: \0");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("A", null);
    assertThatThrownBy(() -> WasiConfig.builder().env(nullValue))
        .hasMessage("env must not hold null");
  }
}
