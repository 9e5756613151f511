package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's inputs load and both engines accept them: a benchmark that measured an early
 * rejection would report a meaningless speed. (Speed itself is measured with JMH, not here.)
 */
class DecodeBenchmarkTest {

  @Test
  void bothEnginesDecodeTheInputs() {
    DecodeBenchmark benchmark = new DecodeBenchmark();
    try {
      benchmark.load();
    } catch (java.io.UncheckedIOException noSuite) {
      Assumptions.abort("spec testsuite not found: " + noSuite.getMessage());
    }
    benchmark.luaTimeslice();
    assertThat(benchmark.luaChicory()).isNotNull();
    assertThat(benchmark.corpusModules()).isGreaterThan(1000);
    assertThat(benchmark.corpusBytes()).isGreaterThan(100_000);
  }
}
