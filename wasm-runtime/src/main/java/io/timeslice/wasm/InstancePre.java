package io.timeslice.wasm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A module with its imports resolved and type-checked against a {@link Linker}'s host functions,
 * once: instantiating it in a store skips name lookup and type checks, and the module's code is
 * already translated (shared by every instance). Immutable and thread-safe: one per module and host
 * profile, used by every job. The start function runs in each instantiation, as part of the job.
 *
 * @param <T> the host data type of the stores it instantiates in
 */
public final class InstancePre<T extends @Nullable Object> {
  private final Linker<T> linker;
  private final Module module;
  private final List<Linker.HostDefinition<T>> hosts;
  private final List<String> names;

  InstancePre(
      Linker<T> linker, Module module, List<Linker.HostDefinition<T>> hosts, List<String> names) {
    this.linker = linker;
    this.module = module;
    this.hosts = hosts;
    this.names = names;
  }

  /** The module. */
  public Module module() {
    return module;
  }

  /**
   * A new instance in {@code store}.
   *
   * @throws ResourceLimitException when the store's limits do not allow it
   * @throws UnsupportedFeatureException when the module uses what the engine cannot run yet
   * @throws Trap when a segment does not fit or the start function traps
   */
  public Instance instantiate(Store<T> store) {
    return linker.instantiate(store, module, hosts, names, true);
  }

  /** An instance for a checkpoint to restore into: segments applied, the start function not run. */
  Instance instantiateForRestore(Store<T> store) {
    return linker.instantiate(store, module, hosts, names, false);
  }
}
