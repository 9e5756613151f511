package io.timeslice.wasm;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every workload of {@code programs/wasm/bench.wasm} with an argument small enough for a test that
 * runs it in many configurations: the {@code @MethodSource} of the engine's equivalence tests.
 */
final class SmallWorkloads {
  private SmallWorkloads() {}

  static Stream<Arguments> all() {
    return Stream.of(
        Arguments.of("fib_rec", 12L),
        Arguments.of("fib_iter", 20L),
        Arguments.of("sieve", 2000L),
        Arguments.of("matmul_f32", 8L),
        Arguments.of("matmul_f64", 8L),
        Arguments.of("sha256", 1L),
        Arguments.of("sort", 200L),
        Arguments.of("interp", 1000L));
  }
}
