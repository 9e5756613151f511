package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interruption inside loops: with fuel off a loop has no check instruction of its own, so every
 * kind of backward branch must take the interrupt (and run again on resume, with the same outcome).
 * Deterministic: the loop's own host call asks for the interrupt.
 */
class LoopInterruptTest {
  private static final FuncType POKE = new FuncType(List.of(ValType.I32), List.of());
  private static final int ITERATIONS = 10;

  private static Module module(Engine engine) throws IOException {
    try (InputStream in =
        LoopInterruptTest.class.getResourceAsStream("/embedding/interrupt.wasm")) {
      return Module.compile(engine, in.readAllBytes());
    }
  }

  /**
   * Runs {@code export}, interrupted by its own host call at the given iterations; {@code pokes}
   * records the iteration of every host call.
   */
  private static ResumableCall run(
      Store<Void> store,
      Module module,
      String export,
      List<Integer> interruptAt,
      int[] suspensions,
      List<Integer> pokes)
      throws IOException {
    Linker<Void> linker =
        new Linker<Void>(store.engine())
            .func(
                "host",
                "poke",
                POKE,
                (caller, args) -> {
                  pokes.add((int) args[0]);
                  if (interruptAt.contains((int) args[0])) {
                    store.interrupt();
                  }
                  return new long[0];
                });
    Func f = linker.instantiate(store, module).func(export);
    ResumableCall call = f.callResumable(store, ITERATIONS);
    while (call instanceof ResumableCall.Interrupted interrupted) {
      suspensions[0]++;
      call = interrupted.resume(store);
    }
    return call;
  }

  @ParameterizedTest(name = "{0}, fuel {1}, {2}, split {3}")
  @CsvSource({
    "fused, false, INTERPRETER_ONLY, false",
    "nez, false, INTERPRETER_ONLY, false",
    "table, false, INTERPRETER_ONLY, false",
    "plain, false, INTERPRETER_ONLY, false",
    "fused, true, INTERPRETER_ONLY, false",
    "nez, true, INTERPRETER_ONLY, false",
    "table, true, INTERPRETER_ONLY, false",
    "plain, true, INTERPRETER_ONLY, false",
    "fused, false, COMPILED_EAGER, false",
    "nez, false, COMPILED_EAGER, false",
    "table, false, COMPILED_EAGER, false",
    "plain, false, COMPILED_EAGER, false",
    "fused, true, COMPILED_EAGER, false",
    "nez, true, COMPILED_EAGER, false",
    "table, true, COMPILED_EAGER, false",
    "plain, true, COMPILED_EAGER, false",
    "fused, false, COMPILED_EAGER, true",
    "nez, false, COMPILED_EAGER, true",
    "table, false, COMPILED_EAGER, true",
    "plain, false, COMPILED_EAGER, true",
    "fused, true, COMPILED_EAGER, true",
    "nez, true, COMPILED_EAGER, true",
    "table, true, COMPILED_EAGER, true",
    "plain, true, COMPILED_EAGER, true"
  })
  void everyBackwardBranchTakesTheInterruptAndResumesWithTheSameResult(
      String export, boolean fuel, Tier tier, boolean split) throws IOException {
    // Split, every instruction is a region (a JVM method) of its own: the backward branch leaves
    // one region for another.
    Config config = Config.defaults().withConsumeFuel(fuel).withTier(tier);
    Engine engine = new Engine(split ? config.toBuilder().compiledMethodBytes(1).build() : config);
    Module module = module(engine);
    Store<Void> uninterrupted = new Store<>(engine, null);
    Store<Void> interrupted = new Store<>(engine, null);
    if (fuel) {
      uninterrupted.setFuel(1_000_000);
      interrupted.setFuel(1_000_000);
    }
    int[] none = new int[1];
    int[] suspensions = new int[1];
    List<Integer> plainPokes = new ArrayList<>();
    List<Integer> resumedPokes = new ArrayList<>();
    ResumableCall plain = run(uninterrupted, module, export, List.of(), none, plainPokes);
    ResumableCall resumed =
        run(interrupted, module, export, List.of(0, 3, 9), suspensions, resumedPokes);

    assertThat(module.splitFunctions() > 0).as("split").isEqualTo(split);
    assertThat(plain).isInstanceOf(ResumableCall.Finished.class);
    assertThat(((ResumableCall.Finished) resumed).results()).containsExactly(ITERATIONS);
    // Resuming neither repeats nor skips any of the loop's work.
    assertThat(resumedPokes).isEqualTo(plainPokes).hasSize(ITERATIONS);
    // Iterations 0 and 3 end in a taken backward branch. After iteration 9 the loop exits: with
    // fuel the interpreter's next block charge takes the interrupt; without fuel, and in compiled
    // code (which checks at backward branches and calls only), nothing checks before the return.
    assertThat(suspensions[0]).isEqualTo(fuel && tier == Tier.INTERPRETER_ONLY ? 3 : 2);
    if (fuel) {
      assertThat(interrupted.fuelConsumed()).isEqualTo(uninterrupted.fuelConsumed());
    }
  }
}
