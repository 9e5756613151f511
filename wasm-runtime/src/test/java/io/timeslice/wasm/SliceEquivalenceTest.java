package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fuel invariant of docs/fuel.md on the benchmark programs: run in slices of 1, 7, 1,000 and
 * 1,000,000 fuel, a call returns the same results and consumes exactly the fuel of the
 * uninterrupted run, however often it was suspended.
 */
class SliceEquivalenceTest {
  private static final Engine FUELED = new Engine(Config.defaults().withConsumeFuel(true));

  private static byte[] bench() throws IOException {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", "bench.wasm"));
  }

  private record Run(long[] results, long fuel, int slices) {}

  private static Run run(String workload, long arg, long slice) throws IOException {
    Store<Void> store = new Store<>(FUELED, null);
    Func f =
        new Linker<Void>(FUELED).instantiate(store, Module.compile(FUELED, bench())).func(workload);
    store.setFuel(slice);
    int slices = 1;
    ResumableCall call = f.callResumable(store, arg);
    while (call instanceof ResumableCall.OutOfFuel out) {
      // A grant covers at least what the suspended block needs, so every slice makes progress.
      store.setFuel(Math.max(slice, out.requiredFuel()));
      slices++;
      call = out.resume(store);
    }
    return new Run(((ResumableCall.Finished) call).results(), store.fuelConsumed(), slices);
  }

  @ParameterizedTest
  @CsvSource({
    "fib_rec, 12",
    "fib_iter, 20",
    "sieve, 2000",
    "matmul_f32, 8",
    "matmul_f64, 8",
    "sha256, 1",
    "sort, 200",
    "interp, 1000"
  })
  void slicingChangesNeitherResultsNorFuel(String workload, long arg) throws IOException {
    Run whole = run(workload, arg, Long.MAX_VALUE);
    assertThat(whole.slices()).isEqualTo(1);
    for (long slice : new long[] {1, 7, 1_000, 1_000_000}) {
      Run sliced = run(workload, arg, slice);
      assertThat(sliced.results())
          .as("%s in slices of %d", workload, slice)
          .isEqualTo(whole.results());
      assertThat(sliced.fuel())
          .as("%s fuel in slices of %d", workload, slice)
          .isEqualTo(whole.fuel());
      if (slice < whole.fuel()) {
        assertThat(sliced.slices()).isGreaterThan(1);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"fib_rec, 12", "sort, 200", "interp, 1000"})
  void meteringDoesNotChangeResults(String workload, long arg) throws IOException {
    Engine plain = new Engine();
    Store<Void> store = new Store<>(plain, null);
    long[] unmetered =
        new Linker<Void>(plain)
            .instantiate(store, Module.compile(plain, bench()))
            .func(workload)
            .call(store, arg);
    assertThat(run(workload, arg, Long.MAX_VALUE).results()).isEqualTo(unmetered);
  }
}
