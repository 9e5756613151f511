package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuel invariant of docs/fuel.md on the benchmark programs: under every compilation mode, with
 * the IR optimisations on and off, in the interpreter and in the compiled tier, and run in slices
 * of 1, 7, 1,000 and 1,000,000 fuel, a call returns the same results and consumes exactly the fuel
 * of the uninterrupted eager optimised run, however often it was suspended; and a budget too small
 * runs out at the same point everywhere. The spec modules' side is {@code
 * spec.SpecFuelIdentityTest}.
 */
class FuelIdentityTest {
  private static final long UNSLICED = Long.MAX_VALUE;
  private static final long[] SLICES = {UNSLICED, 1, 7, 1_000, 1_000_000};

  private static byte[] bench() throws IOException {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", "bench.wasm"));
  }

  private static List<Config> configurations() {
    List<Config> all = new ArrayList<>();
    for (CompilationMode mode : CompilationMode.values()) {
      for (boolean optimize : new boolean[] {true, false}) {
        all.add(
            Config.defaults()
                .withConsumeFuel(true)
                .withCompilationMode(mode)
                .withOptimizations(optimize));
      }
    }
    // The compiled tier: everything compiled, and tiered with thresholds so low that functions
    // change tiers in the middle of a call.
    Config compiled = Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build();
    all.add(compiled);
    all.add(
        compiled.toBuilder()
            .compilationMode(CompilationMode.LAZY_TRANSLATION)
            .optimizations(false)
            .build());
    all.add(
        compiled.toBuilder().tier(Tier.TIERED).tierCallThreshold(3).tierLoopThreshold(40).build());
    // Every function of more than a few blocks split into region methods (docs/tiers.md).
    all.add(
        compiled.toBuilder()
            .compiledMethodBytes(CompiledTierTest.SPLIT.compiledMethodBytes())
            .build());
    return all;
  }

  private static String describe(Config config) {
    return config.compilationMode()
        + (config.optimizations() ? ", optimised" : ", not optimised")
        + (config.tier() == Tier.INTERPRETER_ONLY ? "" : ", " + config.tier())
        + (config.compiledMethodBytes() < Config.defaults().compiledMethodBytes() ? ", split" : "");
  }

  private record Run(long[] results, long fuel, int slices) {}

  private static Func instantiate(Engine engine, Store<Void> store, String workload)
      throws IOException {
    return new Linker<Void>(engine)
        .instantiate(store, Module.compile(engine, bench()))
        .func(workload);
  }

  private static Run run(Config config, String workload, long arg, long slice) throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    Func f = instantiate(engine, store, workload);
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

  /** The fuel consumed when a plain call with {@code budget} traps for want of fuel. */
  private static long runOut(Config config, String workload, long arg, long budget)
      throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    Func f = instantiate(engine, store, workload);
    store.setFuel(budget);
    assertThatThrownBy(() -> f.call(store, arg))
        .as("%s with %d fuel, %s", workload, budget, describe(config))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.OUT_OF_FUEL));
    return store.fuelConsumed();
  }

  @ParameterizedTest
  @MethodSource("io.timeslice.wasm.SmallWorkloads#all")
  void fuelIsIdenticalAcrossModesSlicesAndOptimisations(String workload, long arg)
      throws IOException {
    Config reference = configurations().getFirst();
    Run whole = run(reference, workload, arg, UNSLICED);
    assertThat(whole.slices()).isEqualTo(1);
    long budget = whole.fuel() / 2;
    long runsOutAt = runOut(reference, workload, arg, budget);
    assertThat(runsOutAt).isLessThanOrEqualTo(budget);
    for (Config config : configurations()) {
      for (long slice : SLICES) {
        Run sliced = run(config, workload, arg, slice);
        String what = workload + ", " + describe(config) + ", slices of " + slice;
        assertThat(sliced.results()).as("%s: results", what).isEqualTo(whole.results());
        assertThat(sliced.fuel()).as("%s: fuel", what).isEqualTo(whole.fuel());
        if (slice < whole.fuel()) {
          assertThat(sliced.slices()).as("%s: slices", what).isGreaterThan(1);
        }
      }
      assertThat(runOut(config, workload, arg, budget))
          .as("%s, %s: fuel consumed when %d run out", workload, describe(config), budget)
          .isEqualTo(runsOutAt);
    }
  }

  /**
   * The value stack (4,096 cells, far fewer than 10,000 calls need) fills after the same calls, so
   * the same fuel, under every configuration: the unoptimised IR's frames are laid out like the
   * optimised ones, constant pool included.
   */
  @Test
  void aStackExhaustingCallConsumesTheSameFuelEverywhere() throws IOException {
    byte[] deep;
    try (var in = FuelIdentityTest.class.getResourceAsStream("/embedding/deep.wasm")) {
      deep = in.readAllBytes();
    }
    List<Long> fuel = new ArrayList<>();
    for (Config config : configurations()) {
      Engine engine = new Engine(config);
      Store<Void> store = new Store<>(engine, null, StoreLimits.DEFAULT.withStack(10_000, 4_096));
      store.setFuel(UNSLICED);
      Func f =
          new Linker<Void>(engine).instantiate(store, Module.compile(engine, deep)).func("deep");
      assertThatThrownBy(() -> f.call(store, 1))
          .as(describe(config))
          .isInstanceOfSatisfying(
              Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.CALL_STACK_EXHAUSTED));
      fuel.add(store.fuelConsumed());
    }
    assertThat(fuel).as("fuel per configuration").containsOnly(fuel.getFirst());
  }

  @ParameterizedTest
  @CsvSource({"fib_rec, 12", "sort, 200", "interp, 1000"})
  void meteringDoesNotChangeResults(String workload, long arg) throws IOException {
    for (boolean optimize : new boolean[] {true, false}) {
      Engine plain = new Engine(Config.defaults().withOptimizations(optimize));
      Store<Void> store = new Store<>(plain, null);
      long[] unmetered = instantiate(plain, store, workload).call(store, arg);
      assertThat(run(configurations().getFirst(), workload, arg, UNSLICED).results())
          .as("%s, optimisations %s", workload, optimize)
          .isEqualTo(unmetered);
    }
  }
}
