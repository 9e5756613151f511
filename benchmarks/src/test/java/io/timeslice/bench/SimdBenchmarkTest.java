package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every SIMD kernel runs and gives V8's result (setUp throws otherwise): a benchmark of a wrong
 * answer would be meaningless. Speed is measured with JMH, not here.
 */
class SimdBenchmarkTest {

  @ParameterizedTest
  @ValueSource(strings = {"simd_dot", "simd_blur", "simd_hash"})
  void theKernelsGiveV8sResults(String kernel) {
    SimdBenchmark benchmark = new SimdBenchmark();
    benchmark.kernel = kernel;
    benchmark.setUp();
    assertThat((int) benchmark.timeslice()).isEqualTo((int) SimdBenchmark.EXPECTED.get(kernel)[1]);
  }
}
