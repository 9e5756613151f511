package io.timeslice.wasm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Checkpoint;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.checkpoint.CheckpointPrograms.Program;
import io.timeslice.wasm.checkpoint.CheckpointRunner.Outcome;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A call checkpointed at many suspension points, each checkpoint restored into a fresh store of a
 * new engine (compiled, interpreted, tiered in turn), ends exactly as the uninterrupted call: the
 * same results or exit code, the same stdout and stderr, the same total fuel.
 */
class CheckpointRoundTripTest {
  static Stream<Arguments> programsAndSlices() {
    return CheckpointPrograms.all().stream()
        .flatMap(p -> Stream.of(1L, 7L, 1000L).map(slice -> Arguments.of(p, slice)));
  }

  @ParameterizedTest(name = "{0} in slices of {1}")
  @MethodSource("programsAndSlices")
  void restoredRunsEndAsTheUninterruptedOne(Program p, long slice) {
    Outcome expected = CheckpointRunner.uninterrupted(p, CheckpointRunner.INTERPRETED);
    int suspensions =
        CheckpointRunner.sliced(p, CheckpointRunner.ROTATION, () -> slice, n -> false)
            .suspensions();
    // About 25 checkpoints per run, spread over it (every suspension when there are fewer).
    int every = Math.max(1, suspensions / 25);
    Outcome restored =
        CheckpointRunner.sliced(p, CheckpointRunner.ROTATION, () -> slice, n -> n % every == 0);
    assertThat(restored.checkpoints()).as("checkpoints taken").isPositive();
    assertSameEnd(restored, expected);
  }

  static Stream<Arguments> programsAndSeeds() {
    return CheckpointPrograms.all().stream()
        .flatMap(p -> Stream.of(1L, 2L).map(seed -> Arguments.of(p, seed)));
  }

  /** Random slice sizes and random suspensions checkpointed: no point is special. */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("programsAndSeeds")
  void randomSuspensionPointsRoundTrip(Program p, long seed) {
    Outcome expected = CheckpointRunner.uninterrupted(p, CheckpointRunner.INTERPRETED);
    Random random = new Random(seed);
    long mean = Math.max(10, expected.fuel() / 40);
    Outcome restored =
        CheckpointRunner.sliced(
            p,
            CheckpointRunner.ROTATION,
            () -> 1 + random.nextLong(2 * mean),
            n -> random.nextInt(3) == 0);
    assertSameEnd(restored, expected);
  }

  /**
   * Memory is written sparse and compressed: the checksum program's 1 MiB buffer, mostly zero (its
   * stdin is 20 KB), makes a checkpoint far smaller than its memory. Prints each program's size.
   */
  @Test
  void checkpointsAreSparseAndCompressed() {
    for (Program p : CheckpointPrograms.all()) {
      int suspensions =
          CheckpointRunner.sliced(p, CheckpointRunner.ROTATION, () -> 1000, n -> false)
              .suspensions();
      Outcome mid =
          CheckpointRunner.sliced(
              p, CheckpointRunner.ROTATION, () -> 1000, n -> n == suspensions / 2);
      System.out.printf(
          "checkpoint of %s at suspension %d of %d: %d bytes%n",
          p, suspensions / 2, suspensions, mid.largest());
      if (p.name().equals("wasi-checksum")) {
        assertThat(mid.largest()).isLessThan(64 * 1024);
      }
    }
  }

  private static final String LUA_SCRIPT =
      "local t = {} for i = 1, 3000 do t[i] = tostring(i * i) end"
          + " local n = 0 for i = 1, #t do n = n + #t[i] end"
          + " local words = {} for w in ('checkpoints move running jobs'):gmatch('%a+') do"
          + " words[#words + 1] = w:upper() end"
          + " for i = 1, 5 do print(i, t[i * 100]) end print(n, table.concat(words, '-'))";

  /**
   * Lua 5.4 in the middle of a script (its heap, its C stack in linear memory, its output so far),
   * checkpointed about ten times, each restored on a new engine (interpreted and tiered in turn;
   * the compiled tier would compile its 824 functions at every restore): the same stdout and fuel.
   */
  @Test
  void aLuaScriptGoesOnFromItsCheckpoints() {
    Program lua =
        new Program(
            "lua",
            CheckpointPrograms.program("lua.wasm"),
            null,
            new long[0],
            WasiConfig.of("lua").withArgs("-e", LUA_SCRIPT).withDeterminism(1));
    Outcome expected = CheckpointRunner.uninterrupted(lua, CheckpointRunner.INTERPRETED);
    assertThat(expected.stdout())
        .startsWith("1\t10000\n")
        .endsWith("CHECKPOINTS-MOVE-RUNNING-JOBS\n");
    List<Config> rotation = List.of(CheckpointRunner.INTERPRETED, CheckpointRunner.TIERED);
    int suspensions =
        CheckpointRunner.sliced(lua, rotation, () -> 10_000, n -> false).suspensions();
    int every = Math.max(1, suspensions / 10);
    Outcome restored = CheckpointRunner.sliced(lua, rotation, () -> 10_000, n -> n % every == 0);
    assertThat(restored.checkpoints()).isGreaterThanOrEqualTo(5);
    assertSameEnd(restored, expected);
    System.out.printf(
        "checkpoints of lua: %d, the largest %d bytes%n",
        restored.checkpoints(), restored.largest());
  }

  /** A call suspended by an interruption is restored as one, and resumed where it stopped. */
  @Test
  void anInterruptedCallRoundTrips() {
    Program loop = CheckpointPrograms.all().get(0);
    Outcome expected = CheckpointRunner.uninterrupted(loop, CheckpointRunner.INTERPRETED);
    Engine engine = new Engine(CheckpointRunner.COMPILED);
    Module module = loop.compile(engine);
    Store<WasiContext> store = new Store<>(engine, null);
    Instance instance = loop.pre(module).instantiate(store);
    store.setFuel(Long.MAX_VALUE / 4);
    store.interrupt();
    var call = (ResumableCall.Interrupted) instance.func("run").callResumable(store, loop.args());
    byte[] bytes = Checkpoint.write(store, module, call, null);
    Engine other = new Engine(CheckpointRunner.INTERPRETED);
    Store<WasiContext> fresh = new Store<>(other, null);
    Checkpoint.Restored restored =
        Checkpoint.restore(bytes, fresh, loop.pre(loop.compile(other)), null);
    var resumed = ((ResumableCall.Interrupted) restored.call()).resume(fresh);
    assertThat(((ResumableCall.Finished) resumed).results()).isEqualTo(expected.results());
    assertThat(fresh.fuelConsumed()).isEqualTo(expected.fuel());
  }

  private static void assertSameEnd(Outcome restored, Outcome expected) {
    assertThat(restored.results()).isEqualTo(expected.results());
    assertThat(restored.exitCode()).isEqualTo(expected.exitCode());
    assertThat(restored.stdout()).isEqualTo(expected.stdout());
    assertThat(restored.stderr()).isEqualTo(expected.stderr());
    assertThat(restored.fuel()).as("total fuel").isEqualTo(expected.fuel());
  }
}
