package io.timeslice.wasm;

import io.timeslice.wasm.CheckpointException.Reason;
import io.timeslice.wasm.internal.checkpoint.CheckpointFormat;
import io.timeslice.wasm.internal.checkpoint.StateReader;
import io.timeslice.wasm.internal.checkpoint.StateWriter;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.SuspendedCall;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiContext;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checkpoints of suspended calls (docs/checkpoint.md): a call suspended out of fuel, by an
 * interruption or in a WASI sleep or {@code sched_yield} (a host yield), with everything of its
 * store that it can reach — the instance's memories, tables and globals, the interpreter's frames
 * and value cells, the fuel counters and the WASI program's state — written to bytes, and read back
 * into a fresh store of another engine (another process, another machine) to be resumed there. The
 * resumed call computes the same results, writes the same output and consumes the same total fuel
 * as if it had never stopped.
 *
 * <p>The bytes name the module (its SHA-256) and the engine's {@link Engine#irVersion()}, carry a
 * format version and a CRC-32C; a checkpoint of another module or IR version, or a damaged one, is
 * refused with a {@link CheckpointException} saying why. A checkpoint is protected against damage,
 * not forgery: keep it where the module's compiled artifacts are kept.
 *
 * <p>What cannot be checkpointed is refused when writing: a store with more than one instance, an
 * instance importing anything but host functions or a host function declared with {@link
 * Linker#funcWithExternalState}, a WASI program whose {@link WasiContext} is not given, host values
 * ({@code externref}), host functions or caught exceptions held as references, and calls suspended
 * by a host yield of another reason.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /** A restored call and the instance it runs in. */
  public record Restored(Instance instance, ResumableCall.Suspended call) {}

  /**
   * The checkpoint of {@code call}, suspended in {@code store} and not resumed since, running in an
   * instance of {@code module}; {@code wasi} is the program's WASI context (null when the module
   * imports no WASI). The call stays suspended and can be resumed as before.
   *
   * @throws CheckpointException NOT_CHECKPOINTABLE (or WASI) when the call holds state a checkpoint
   *     cannot carry
   * @throws IllegalArgumentException when the call is not suspended in {@code store}, or was
   *     resumed or abandoned
   */
  public static byte[] write(
      Store<?> store, Module module, ResumableCall.Suspended call, @Nullable WasiContext wasi) {
    if (call.store() != store || !call.isCurrent()) {
      throw new IllegalArgumentException(
          "the call is not the store's current suspension (resumed, abandoned, or another store's)");
    }
    if (module.engine() != store.engine()) {
      throw new IllegalArgumentException("the module and the store must share one engine");
    }
    checkStore(store, module, wasi);
    Executor executor = store.executor();
    SuspendedCall state = executor.suspendedCall();
    InstanceContext instance = state.current().instance();
    if (instance.functions.length != module.info().funcCount) {
      throw new IllegalArgumentException("the call does not run an instance of the module");
    }
    boolean metered = store.engine().config().consumeFuel();
    StateWriter writer =
        new StateWriter(
            instance,
            state,
            metered ? store.fuelConsumed() : 0,
            store.refs().entries(),
            wasi == null ? null : wasi.config(),
            wasi == null ? null : wasi.state(),
            call instanceof ResumableCall.HostYield y ? y.reason() : null);
    return CheckpointFormat.write(module.sha256(), store.engine().irVersion(), writer::write);
  }

  private static void checkStore(Store<?> store, Module module, WasiContext wasi) {
    if (store.instanceCount() != 1) {
      throw new CheckpointException(
          Reason.NOT_CHECKPOINTABLE,
          "the store holds " + store.instanceCount() + " instances; a checkpoint carries one");
    }
    if (!store.externalState().isEmpty()) {
      throw new CheckpointException(
          Reason.NOT_CHECKPOINTABLE,
          "the instance imports host functions with state outside the store: "
              + String.join(", ", store.externalState()));
    }
    boolean importsWasi = false;
    for (ImportType imp : module.imports()) {
      if (!(imp.type() instanceof FuncType)) {
        throw new CheckpointException(
            Reason.NOT_CHECKPOINTABLE,
            "the module imports " + imp.module() + "." + imp.name() + ", not a function");
      }
      importsWasi |= imp.module().equals(Wasi.MODULE);
    }
    if (importsWasi && wasi == null) {
      throw new CheckpointException(
          Reason.WASI, "the module imports WASI, and its WASI context was not given");
    }
  }

  /**
   * Restores {@code checkpoint} into {@code store}, fresh (no instance, no fuel consumed, nothing
   * run), instantiating {@code pre}'s module there without running its start function (the call is
   * past it); {@code wasi} is a fresh WASI context made from the configuration the checkpoint was
   * written with (null without WASI). The store's fuel consumed is the checkpoint's; set fuel and
   * resume the returned call. After a refusal the store is spoiled: make another.
   *
   * @throws CheckpointException when the checkpoint is damaged, of another format, module, IR
   *     version or WASI configuration, or does not fit the store's limits
   * @throws IllegalArgumentException when the store is not fresh or not of the module's engine
   */
  public static <T extends @Nullable Object> Restored restore(
      byte[] checkpoint, Store<T> store, InstancePre<T> pre, @Nullable WasiContext wasi) {
    Module module = pre.module();
    if (module.engine() != store.engine()) {
      throw new IllegalArgumentException("the module and the store must share one engine");
    }
    if (store.instanceCount() != 0) {
      throw new IllegalArgumentException("a checkpoint is restored into a fresh store");
    }
    CheckpointFormat.Framed framed = CheckpointFormat.read(checkpoint);
    if (!CheckpointFormat.sameHash(framed.moduleHash(), module.sha256())) {
      throw new CheckpointException(
          Reason.MODULE,
          "written for module "
              + HexFormat.of().formatHex(framed.moduleHash())
              + ", not "
              + HexFormat.of().formatHex(module.sha256()));
    }
    String irVersion = store.engine().irVersion();
    if (!framed.irVersion().equals(irVersion)) {
      throw new CheckpointException(
          Reason.IR_VERSION,
          "written by IR version " + framed.irVersion() + ", this engine's is " + irVersion);
    }
    Instance instance;
    try {
      instance = pre.instantiateForRestore(store);
    } catch (ResourceLimitException e) {
      throw new CheckpointException(Reason.LIMITS, e.getMessage());
    }
    StateReader.Read read =
        new StateReader(
                instance.context(),
                store.refs(),
                store.executor(),
                wasi == null ? null : wasi.config())
            .read(framed);
    if (wasi != null) {
      try {
        wasi.restore(read.wasi());
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new CheckpointException(Reason.WASI, e.getMessage());
      }
    }
    SuspendedCall call = read.call();
    store.executor().restoreSuspended(call);
    if (store.engine().config().consumeFuel()) {
      store.restoreFuel(read.fuelConsumed(), call.fuel());
    }
    List<ValType> results = call.callee().type().results();
    ResumableCall.Suspended suspended =
        switch (call.suspension()) {
          case OUT_OF_FUEL -> new ResumableCall.OutOfFuel(store, results, call.requiredFuel());
          case INTERRUPTED -> new ResumableCall.Interrupted(store, results);
          default -> new ResumableCall.HostYield(store, results, read.yieldReason());
        };
    return new Restored(instance, suspended);
  }
}
