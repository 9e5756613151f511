package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.CompilationMode;
import org.junit.jupiter.api.Test;

/**
 * Every way the benchmark makes the module yields one with the same exports, in every mode: a
 * benchmark that measured a refused artifact or an early error would report a meaningless speed.
 */
class TranslateBenchmarkTest {

  @Test
  void everyWayMakesTheModule() {
    for (CompilationMode mode : CompilationMode.values()) {
      TranslateBenchmark benchmark = new TranslateBenchmark();
      benchmark.mode = mode;
      benchmark.load();
      int exports = benchmark.compile().exports().size();
      assertThat(exports).isPositive();
      assertThat(benchmark.compileUnchecked().exports()).hasSize(exports);
      assertThat(benchmark.deserialize().exports()).hasSize(exports);
      assertThat(benchmark.deserialize().translateNanos()).isZero();
      assertThat(benchmark.validateOnly()).isTrue();
    }
  }
}
