package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * v128 values through the embedding API and every two-cell layout of the translator ({@code
 * embedding/simd.wat}), in every compilation mode, with fuel, and with the optimisations off: a
 * v128 is two longs (bytes 0-7, then 8-15) in arguments, results, host functions and globals.
 */
class SimdApiTest {
  private static final FuncType SWAP =
      new FuncType(List.of(ValType.I32, ValType.V128), List.of(ValType.V128, ValType.I32));

  static Stream<Config> configs() {
    return Stream.of(
        Config.defaults(),
        Config.defaults().withConsumeFuel(true),
        Config.defaults().withCompilationMode(CompilationMode.LAZY),
        Config.defaults().withOptimizations(false),
        Config.defaults().withConsumeFuel(true).withOptimizations(false));
  }

  /** An instance of simd.wat and its store. */
  private record Run(Store<Void> store, Instance instance) {
    long[] call(String name, long... args) {
      return instance.func(name).call(store, args);
    }
  }

  private static Run instantiate(Config config) throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(1_000_000);
    }
    byte[] bytes;
    try (InputStream in = SimdApiTest.class.getResourceAsStream("/embedding/simd.wasm")) {
      bytes = in.readAllBytes();
    }
    Linker<Void> linker =
        new Linker<Void>(engine)
            .func(
                "host",
                "swap",
                SWAP,
                (caller, args) -> new long[] {args[1] ^ args[0], args[2], args[0] * 2});
    return new Run(store, linker.instantiate(store, Module.compile(engine, bytes)));
  }

  /** An i32x4 as two longs. */
  private static long[] i32x4(int a, int b, int c, int d) {
    return new long[] {a & 0xffff_ffffL | (long) b << 32, c & 0xffff_ffffL | (long) d << 32};
  }

  private static long[] concat(long[]... parts) {
    return Stream.of(parts).flatMapToLong(java.util.Arrays::stream).toArray();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void v128ArgumentsAndResultsAreTwoLongs(Config config) throws IOException {
    Run run = instantiate(config);
    assertThat(run.instance().func("add").type().paramCells()).isEqualTo(4);
    assertThat(run.call("add", concat(i32x4(1, 2, 3, 4), i32x4(10, 20, 30, -4))))
        .containsExactly(i32x4(11, 22, 33, 0));
    assertThat(run.call("twice", i32x4(1, -1, 7, 100))).containsExactly(i32x4(2, -2, 14, 200));
    assertThatThrownBy(() -> run.call("add", i32x4(1, 2, 3, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 argument longs");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void valuesOfOneAndTwoCellsKeepTheirOwnCells(Config config) throws IOException {
    Run run = instantiate(config);
    long[] v = {0x0102_0304_0506_0708L, 0x1112_1314_1516_1718L};
    long[] result = run.call("mix", 3, v[0], v[1], -5);
    // mix returns (i64 v128 i32): the i64, the v128 with 3 added to each byte, the i32 plus one.
    assertThat(result).containsExactly(-5, 0x0405_0607_0809_0a0bL, 0x1415_1617_1819_1a1bL, 4);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void branchesMoveV128ValuesToTheirLabel(Config config) throws IOException {
    Run run = instantiate(config);
    assertThat(run.call("branch", 1)).containsExactly(concat(i32x4(9, 9, 9, 9), new long[] {6}));
    assertThat(run.call("branch", 0))
        .containsExactly(concat(i32x4(10, 20, 30, 40), new long[] {5}));
    assertThat(run.call("count", 5)).containsExactly(i32x4(5, 10, 15, 20));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void selectGlobalsAndHostFunctionsCarryBothHalves(Config config) throws IOException {
    Run run = instantiate(config);
    long[] a = i32x4(1, 2, 3, 4);
    long[] b = i32x4(5, 6, 7, 8);
    assertThat(run.call("pick", concat(a, b, new long[] {1}))).containsExactly(a);
    assertThat(run.call("pick", concat(a, b, new long[] {0}))).containsExactly(b);
    assertThat(run.call("accumulate", i32x4(10, 10, 10, 10)))
        .containsExactly(i32x4(11, 12, 13, 14));
    Global acc = run.instance().global("acc");
    assertThat(acc.getV128()).containsExactly(i32x4(11, 12, 13, 14));
    acc.setV128(0, -1);
    assertThat(run.call("accumulate", i32x4(1, 0, 0, 0))).containsExactly(i32x4(1, 0, -1, -1));
    assertThat(run.instance().global("fixed").getV128()).containsExactly(-1, 7);
    assertThatThrownBy(acc::get).isInstanceOf(IllegalStateException.class);
    assertThat(run.call("via_host", 3, 0xf0, 0xff)).containsExactly(0xf3, 0xff, 6);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void floatLanesThatAreNaNAreTheCanonicalNaN(Config config) throws IOException {
    Run run = instantiate(config);
    assertThat(run.call("nan")).containsExactly(0x7fc0_0000_7fc0_0000L, 0x7fc0_0000_7fc0_0000L);
    assertThat(run.call("narrow", -2)).containsExactly(i32x4(-2, -2, -2, -2));
  }

  /**
   * The relaxed dot products, which the proposal's tests leave out (and wat2wasm 1.0.32 cannot
   * write): two functions that apply them to constants.
   */
  private static final String RELAXED_DOT =
      """
      (module
        (func (export "dot") (result v128)
          (i16x8.relaxed_dot_i8x16_i7x16_s
            (v128.const i8x16 0x80 0x80 127 127 1 2 3 4 0xff 0xfe 0 0 0 0 5 5)
            (v128.const i8x16 0x80 0x80 127 127 1 1 1 1 2 2 0 0 0 0 0xfd 3)))
        (func (export "add") (result v128)
          (i32x4.relaxed_dot_i8x16_i7x16_add_s
            (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
            (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 0xff 0xff 0xff 0xff)
            (v128.const i8x16 100 0 0 0 200 0 0 0 0x2c 1 0 0 0x90 1 0 0))))
      """;

  @ParameterizedTest
  @MethodSource("configs")
  void relaxedDotProductsReadBsLanesAsSigned(Config config) {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(1_000);
    }
    Instance instance =
        new Linker<Void>(engine)
            .instantiate(store, Module.compile(engine, Wat.toBinary(RELAXED_DOT)));
    // i16 lanes: (-128)(-128) * 2 = 32768 wraps to -32768; 127 * 127 * 2; 1 + 2; 3 + 4; -2 - 4;
    // 0; 0; 5 * -3 + 5 * 3.
    long[] dot = instance.func("dot").call(store);
    long lo = 0x8000L | 32_258L << 16 | 3L << 32 | 7L << 48;
    long hi = 0xfffaL;
    assertThat(dot).containsExactly(lo, hi);
    // i32 lanes: 1+2+3+4 + 100, 5+6+7+8 + 200, 9+10+11+12 + 300, -(13+14+15+16) + 400.
    assertThat(instance.func("add").call(store)).containsExactly(i32x4(110, 226, 342, 342));
  }
}
