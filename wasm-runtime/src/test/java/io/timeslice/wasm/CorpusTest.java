package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.CorpusPrograms.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark corpus of real programs (Rust crates and C libraries compiled by other toolchains,
 * not written for this engine) computes what V8 computes: each program's checksum at its test
 * argument equals the one recorded from Node, in the interpreter, tiered and compiled, with fuel
 * metering on and off; metered, every tier consumes the same fuel, also when the call is suspended
 * for want of fuel and resumed in slices.
 */
class CorpusTest {
  private static final Tier[] TIERS = {Tier.INTERPRETER_ONLY, Tier.TIERED, Tier.COMPILED_EAGER};

  /**
   * Compiling every function of a module is the slow part of a small compiled run (seconds for
   * regex), so each program is compiled eagerly once per metering setting and its module shared;
   * the other tiers get a fresh engine and module for every run, so that tiered runs start
   * interpreted and change tiers in the middle of the call.
   */
  private static final Map<Boolean, Engine> EAGER_ENGINES = new ConcurrentHashMap<>();

  private static final Map<String, Module> EAGER_MODULES = new ConcurrentHashMap<>();

  private static Engine engine(Tier tier, boolean fuel) {
    // Tiered with thresholds so low that functions change tiers in the middle of the call.
    return new Engine(
        Config.builder()
            .consumeFuel(fuel)
            .tier(tier)
            .tierCallThreshold(2)
            .tierLoopThreshold(8)
            .build());
  }

  private static Module module(Program program, Tier tier, boolean fuel) {
    if (tier != Tier.COMPILED_EAGER) {
      return Module.compile(engine(tier, fuel), program.bytes());
    }
    Engine engine = EAGER_ENGINES.computeIfAbsent(fuel, f -> engine(tier, f));
    return EAGER_MODULES.computeIfAbsent(
        program.name() + (fuel ? ", metered" : ""), k -> Module.compile(engine, program.bytes()));
  }

  private record Run(long result, long fuel, int slices) {}

  /**
   * One call of {@code program} at its test argument, in slices of {@code slice} fuel if metered.
   */
  private static Run run(Program program, Tier tier, boolean fuel, long slice) {
    Module module = module(program, tier, fuel);
    Store<Void> store = new Store<>(module.engine(), null);
    Func run = new Linker<Void>(module.engine()).instantiate(store, module).func(program.export());
    if (!fuel) {
      return new Run(run.call(store, program.testArg())[0], 0, 1);
    }
    store.setFuel(slice);
    int slices = 1;
    ResumableCall call = run.callResumable(store, program.testArg());
    while (call instanceof ResumableCall.OutOfFuel out) {
      store.setFuel(Math.max(slice, out.requiredFuel()));
      slices++;
      call = out.resume(store);
    }
    return new Run(((ResumableCall.Finished) call).results()[0], store.fuelConsumed(), slices);
  }

  @ParameterizedTest
  @MethodSource("io.timeslice.wasm.CorpusPrograms#all")
  void everyTierComputesV8sChecksumWithTheSameFuel(Program program) {
    List<Long> fuel = new ArrayList<>();
    for (Tier tier : TIERS) {
      assertThat(run(program, tier, false, 0).result())
          .as("%s, %s, unmetered", program, tier)
          .isEqualTo(program.testChecksum());
      Run metered = run(program, tier, true, Long.MAX_VALUE);
      assertThat(metered.result())
          .as("%s, %s, metered", program, tier)
          .isEqualTo(program.testChecksum());
      fuel.add(metered.fuel());
    }
    assertThat(fuel.getFirst()).as("%s: fuel consumed", program).isPositive();
    assertThat(fuel)
        .as("%s: fuel per tier %s", program, List.of(TIERS))
        .containsOnly(fuel.getFirst());
  }

  @ParameterizedTest
  @MethodSource("io.timeslice.wasm.CorpusPrograms#all")
  void slicedCallsResumeToTheSameChecksumAndFuel(Program program) {
    Run whole = run(program, Tier.INTERPRETER_ONLY, true, Long.MAX_VALUE);
    // About 20 suspensions, at points that differ from program to program.
    long slice = whole.fuel() / 20 + 7;
    for (Tier tier : TIERS) {
      Run sliced = run(program, tier, true, slice);
      assertThat(sliced.result())
          .as("%s, %s, sliced", program, tier)
          .isEqualTo(program.testChecksum());
      assertThat(sliced.fuel()).as("%s, %s, sliced: fuel", program, tier).isEqualTo(whole.fuel());
      assertThat(sliced.slices()).as("%s, %s: slices", program, tier).isGreaterThan(10);
    }
  }

  /**
   * A known failure still fails (wrong checksum or a trap) in the interpreter; once it passes, this
   * fails until its line leaves {@code known-failures.tsv}, so that every tier is checked on it.
   */
  @ParameterizedTest(allowZeroInvocations = true) // none today: the fuzzers' fixes mended SQLite
  @MethodSource("io.timeslice.wasm.CorpusPrograms#failing")
  void aKnownFailureStillFails(Program program) {
    long result;
    try {
      result = run(program, Tier.INTERPRETER_ONLY, false, 0).result();
    } catch (Trap trap) {
      return;
    }
    assertThat(result)
        .as(
            "%s passes now: remove it from known-failures.tsv (%s)",
            program, CorpusPrograms.knownFailures().get(program.name()))
        .isNotEqualTo(program.testChecksum());
  }

  @Test
  void theCorpusHasEveryProgramOfTheManifest() {
    assertThat(CorpusPrograms.programs())
        .extracting(Program::name)
        .containsExactlyInAnyOrder(
            "miniz",
            "zlib",
            "serde-json",
            "regex",
            "sha2",
            "blake3",
            "nbody",
            "sort",
            "raytracer",
            "sqlite");
    assertThat(CorpusPrograms.programs())
        .extracting(Program::name)
        .containsAll(CorpusPrograms.knownFailures().keySet());
  }
}
