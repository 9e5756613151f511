package io.timeslice.wasm;

import io.timeslice.wasm.internal.artifact.IrArtifact;
import io.timeslice.wasm.internal.exec.FuelCosts;
import io.timeslice.wasm.internal.ir.IrVersion;
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
    return FuelCosts.VERSION;
  }

  /**
   * What the IR this engine translates to depends on, as a string for cache keys: the artifact
   * format, a build-time hash of the ISA and translator sources, the fuel schedule version, the
   * configuration that changes translation (fuel metering, IR optimisations) and the enabled
   * features: WebAssembly 2.0's as bits, the WebAssembly 3.0 proposals by name ({@code
   * +tail-call}…). Two engines with equal versions emit identical IR for identical bytes, so {@link
   * Module#deserialize} installs only artifacts of the same version.
   */
  public String irVersion() {
    return "tsir"
        + IrArtifact.FORMAT_VERSION
        + "-"
        + IrVersion.SOURCE_HASH
        + "-fuel"
        + FuelCosts.VERSION
        + (config.consumeFuel() ? "-metered" : "-unmetered")
        + (config.optimizations() ? "" : "-unoptimized")
        + "-features"
        + Integer.toHexString(features())
        + proposals();
  }

  /** The WebAssembly 3.0 proposals that are on, each as {@code +name}. */
  private String proposals() {
    StringBuilder names = new StringBuilder();
    for (String name : Config.Builder.PROPOSALS) {
      if (!name.equals("simd") && config.proposal(name)) {
        names.append('+').append(name);
      }
    }
    return names.toString();
  }

  /**
   * The enabled WebAssembly 2.0 features as bits: they do not change a valid module's IR, but an
   * artifact must not install code this engine would have refused to validate.
   */
  private int features() {
    boolean[] on = {
      config.signExtension(),
      config.saturatingFloatToInt(),
      config.multiValue(),
      config.mutableGlobals(),
      config.bulkMemory(),
      config.referenceTypes(),
      config.simd()
    };
    int bits = 0;
    for (int i = 0; i < on.length; i++) {
      bits |= on[i] ? 1 << i : 0;
    }
    return bits;
  }
}
