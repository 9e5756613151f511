package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every workload runs in all three engines and they agree on its result (setUp throws otherwise): a
 * benchmark of a wrong answer would be meaningless. Speed is measured with JMH, not here.
 */
class ExecuteBenchmarkTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fib_rec",
        "fib_iter",
        "sieve",
        "matmul_f32",
        "matmul_f64",
        "sha256",
        "sort",
        "interp"
      })
  void theEnginesAgree(String workload) {
    ExecuteBenchmark benchmark = new ExecuteBenchmark();
    benchmark.workload = workload;
    benchmark.setUp();
    assertThat((int) benchmark.timeslice()).isEqualTo((int) benchmark.chicoryInterpreter());
  }
}
