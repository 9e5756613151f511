package io.timeslice.wasm.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.internal.module.ModuleInfo;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The parallel pass over function bodies, with more workers than this machine may have cores: every
 * function is passed once, and of several failures the lowest function's is thrown, however the
 * workers interleave (each body takes a random short time).
 */
class FunctionBodiesTest {
  private static final int WORKERS = 4;

  @Test
  void everyFunctionIsPassedExactlyOnce() {
    ModuleInfo module = module(5_000, 3);
    AtomicIntegerArray visits = new AtomicIntegerArray(module.funcCount);
    FunctionBodies.forEach(module, WORKERS, () -> i -> visits.incrementAndGet(i));
    for (int i = 0; i < module.funcCount; i++) {
      assertThat(visits.get(i)).as("function %d", i).isEqualTo(i < 3 ? 0 : 1);
    }
  }

  @Test
  void theLowestFailingFunctionWins() {
    ModuleInfo module = module(2_000, 0);
    for (int round = 0; round < 30; round++) {
      Set<Integer> failing = Set.of(1_999, 1_100 + round, 1_500 - round);
      assertThatThrownBy(
              () ->
                  FunctionBodies.forEach(
                      module,
                      WORKERS,
                      () ->
                          i -> {
                            LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(2_000));
                            if (failing.contains(i)) {
                              throw new IllegalStateException("function " + i);
                            }
                          }))
          .hasMessage("function " + (1_100 + round));
    }
  }

  @Test
  void anErrorIsRethrownAsItIs() {
    ModuleInfo module = module(100, 0);
    assertThatThrownBy(
            () ->
                FunctionBodies.forEach(
                    module,
                    WORKERS,
                    () ->
                        i -> {
                          if (i == 42) {
                            throw new StackOverflowError("deep");
                          }
                        }))
        .isInstanceOf(StackOverflowError.class)
        .hasMessage("deep");
  }

  @Test
  void smallModulesAndParallelismOffTakeOneWorker() {
    assertThat(FunctionBodies.workers(module(10, 0), true)).isEqualTo(1);
    ModuleInfo large = module(10_000, 0);
    Arrays.fill(large.codeLengths, 1_000);
    assertThat(FunctionBodies.workers(large, false)).isEqualTo(1);
    assertThat(FunctionBodies.workers(large, true))
        .isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), 38));
  }

  /** A module with {@code defined} function bodies of 100 bytes after {@code imported} imports. */
  private static ModuleInfo module(int defined, int imported) {
    ModuleInfo module = new ModuleInfo(new byte[0]);
    module.importedFuncs = imported;
    module.funcCount = imported + defined;
    module.codeLengths = new int[defined];
    module.codeOffsets = new int[defined];
    Arrays.fill(module.codeLengths, 100);
    return module;
  }
}
