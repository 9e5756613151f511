package io.timeslice.wasm.checkpoint;

import io.timeslice.wasm.Checkpoint;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import io.timeslice.wasm.checkpoint.CheckpointPrograms.Program;
import io.timeslice.wasm.wasi.WasiContext;
import io.timeslice.wasm.wasi.WasiExit;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * Runs a program uninterrupted, or sliced with checkpoints: at chosen suspensions the call is
 * written, and restored into a fresh store of a new engine (whose tier may differ) before it goes
 * on, so that every later slice runs in the restored state only.
 */
final class CheckpointRunner {
  private CheckpointRunner() {}

  static final Config INTERPRETED = Config.builder().consumeFuel(true).build();
  static final Config COMPILED =
      Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build();
  static final Config TIERED =
      Config.builder()
          .consumeFuel(true)
          .tier(Tier.TIERED)
          .tierCallThreshold(3)
          .tierLoopThreshold(200)
          .build();

  /** The engines a run's restores take in turn: compiled, interpreted, tiered mid-run. */
  static final List<Config> ROTATION = List.of(COMPILED, INTERPRETED, TIERED);

  /** How a run ended, and how many checkpoints it went through, the largest in bytes. */
  record Outcome(
      long[] results,
      int exitCode,
      String stdout,
      String stderr,
      long fuel,
      int suspensions,
      int checkpoints,
      int largest) {}

  /** The program run to its end in one go. */
  static Outcome uninterrupted(Program p, Config config) {
    return sliced(p, List.of(config), () -> Long.MAX_VALUE / 4, n -> false);
  }

  /**
   * The program run in slices of {@code slices} fuel, checkpointed and restored at each suspension
   * {@code checkpointAt} accepts (counted from 1), the restores on engines of {@code configs} in
   * turn.
   */
  static Outcome sliced(
      Program p, List<Config> configs, LongSupplier slices, IntPredicate checkpointAt) {
    Engine engine = new Engine(configs.get(0));
    Module module = p.compile(engine);
    WasiContext wasi = p.context();
    Store<WasiContext> store = new Store<>(engine, wasi);
    Instance instance = p.pre(module).instantiate(store);
    store.setFuel(slices.getAsLong());
    long[] results = null;
    int exitCode = 0;
    int checkpoints = 0;
    int largest = 0;
    int suspensions = 0;
    try {
      ResumableCall call =
          instance.func(p.export() == null ? "_start" : p.export()).callResumable(store, p.args());
      while (call instanceof ResumableCall.OutOfFuel out) {
        suspensions++;
        if (checkpointAt.test(suspensions)) {
          byte[] bytes = Checkpoint.write(store, module, out, wasi);
          checkpoints++;
          largest = Math.max(largest, bytes.length);
          engine = new Engine(configs.get(checkpoints % configs.size()));
          module = p.compile(engine);
          wasi = p.context();
          store = new Store<>(engine, wasi);
          Checkpoint.Restored restored = Checkpoint.restore(bytes, store, p.pre(module), wasi);
          out = (ResumableCall.OutOfFuel) restored.call();
        }
        store.setFuel(Math.max(slices.getAsLong(), out.requiredFuel()));
        call = out.resume(store);
      }
      results = ((ResumableCall.Finished) call).results();
    } catch (WasiExit exit) {
      exitCode = exit.exitCode();
    }
    return new Outcome(
        results,
        exitCode,
        wasi == null ? "" : CheckpointPrograms.text(wasi.stdout()),
        wasi == null ? "" : CheckpointPrograms.text(wasi.stderr()),
        store.fuelConsumed(),
        suspensions,
        checkpoints,
        largest);
  }
}
