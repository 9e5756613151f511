package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every NaN a scalar float operation makes is the canonical NaN, whatever the operands' payloads
 * and signs and whether the JIT compiled the handler yet ({@code embedding/nan.wat}); bit
 * operations keep a NaN's payload. Each call is repeated so that compiled code answers too.
 */
class CanonicalNanTest {
  private static final long F32_CANONICAL = 0x7fc0_0000L;
  private static final long F64_CANONICAL = 0x7ff8_0000_0000_0000L;
  private static final long F32_PAYLOAD = 0xffa0_0001L; // negative, signalling, with a payload
  private static final long F32_OTHER = 0x7fc1_2345L;
  private static final long F64_PAYLOAD = 0xfff4_0000_0000_0001L;
  private static final long F64_OTHER = 0x7ff8_0000_dead_beefL;

  static Stream<Config> configs() {
    return Stream.of(Config.defaults(), Config.defaults().withOptimizations(false));
  }

  private static Instance instantiate(Store<Void> store) throws IOException {
    byte[] bytes;
    try (InputStream in = CanonicalNanTest.class.getResourceAsStream("/embedding/nan.wasm")) {
      bytes = in.readAllBytes();
    }
    Engine engine = store.engine();
    return new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void arithmeticMakesOnlyTheCanonicalNaN(Config config) throws IOException {
    Store<Void> store = new Store<>(new Engine(config), null);
    Instance instance = instantiate(store);
    for (int round = 0; round < 20_000; round++) {
      assertThat(instance.func("f32_div").call(store, 0, 0)).containsExactly(F32_CANONICAL);
      assertThat(instance.func("f32_add").call(store, F32_PAYLOAD, F32_OTHER))
          .containsExactly(F32_CANONICAL);
      assertThat(instance.func("f32_add").call(store, F32_OTHER, F32_PAYLOAD))
          .containsExactly(F32_CANONICAL);
      assertThat(instance.func("f64_mul").call(store, F64_PAYLOAD, F64_OTHER))
          .containsExactly(F64_CANONICAL);
      assertThat(instance.func("f64_sqrt").call(store, Values.f64(-1)))
          .containsExactly(F64_CANONICAL);
      assertThat(instance.func("f32_min").call(store, F32_OTHER, F32_PAYLOAD))
          .containsExactly(F32_CANONICAL);
      assertThat(instance.func("f64_nearest").call(store, F64_PAYLOAD))
          .containsExactly(F64_CANONICAL);
      assertThat(instance.func("promote").call(store, F32_PAYLOAD)).containsExactly(F64_CANONICAL);
      assertThat(instance.func("demote").call(store, F64_OTHER)).containsExactly(F32_CANONICAL);
      assertThat(instance.func("mul_add").call(store, Values.f64(0), Values.f64(1.0 / 0), 0))
          .containsExactly(F64_CANONICAL);
      assertThat(instance.func("f32_neg").call(store, F32_PAYLOAD))
          .containsExactly(F32_PAYLOAD ^ 0x8000_0000L);
      assertThat(instance.func("f64_abs").call(store, F64_PAYLOAD))
          .containsExactly(F64_PAYLOAD & Long.MAX_VALUE);
    }
  }
}
