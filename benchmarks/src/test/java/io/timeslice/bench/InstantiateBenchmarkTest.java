package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The instantiation benchmark's instances work: all 50 host functions are called. */
class InstantiateBenchmarkTest {
  @Test
  void everyWayOfInstantiatingGivesAWorkingInstance() {
    InstantiateBenchmark benchmark = new InstantiateBenchmark();
    benchmark.setUp();
    // run(x) calls f0..f49, each adding its index: x + 0 + 1 + ... + 49.
    assertThat(benchmark.runPreLinked(1)).isEqualTo(1 + 49 * 50 / 2);
    assertThat(benchmark.linkEachTime().exports()).containsKeys("run", "memory");
    assertThat(benchmark.chicory().export("run").apply(1)[0]).isEqualTo(1 + 49 * 50 / 2);
  }
}
