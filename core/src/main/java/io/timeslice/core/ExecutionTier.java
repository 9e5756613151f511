package io.timeslice.core;

import io.timeslice.wasm.Tier;

/**
 * Which of the engine's tiers run jobs (docs/tiers.md): the service's setting for the engine's
 * {@link Tier}, named here so that the API server depends on the core alone. Results and fuel are
 * the same in every tier.
 */
public enum ExecutionTier {
  /** Every function interpreted. */
  INTERPRETER_ONLY(Tier.INTERPRETER_ONLY),
  /** Hot functions compiled to JVM bytecode (the default). */
  TIERED(Tier.TIERED),
  /** Every function compiled on its first call. */
  COMPILED_EAGER(Tier.COMPILED_EAGER);

  private final Tier tier;

  ExecutionTier(Tier tier) {
    this.tier = tier;
  }

  /** The engine's tier. */
  Tier engineTier() {
    return tier;
  }
}
