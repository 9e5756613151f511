package io.timeslice.wasm;

import java.util.Objects;

/**
 * The shared, thread-safe context that modules are compiled for: it holds the {@link Config}. Make
 * one per configuration and share it.
 */
public final class Engine {
  private final Config config;

  /** An engine with {@link Config#defaults()}. */
  public Engine() {
    this(Config.defaults());
  }

  /** An engine with the given configuration. */
  public Engine(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The engine's configuration. */
  public Config config() {
    return config;
  }

  /**
   * The version of the fuel cost schedule (docs/fuel.md) this engine meters in: fuel figures are
   * comparable only within one version.
   */
  public static int fuelScheduleVersion() {
    return io.timeslice.wasm.internal.exec.FuelCosts.VERSION;
  }
}
