package io.timeslice.cache;

import java.util.Optional;

/**
 * The module cache's second level: modules' translated IR ({@link
 * io.timeslice.wasm.Module#serialize} artifacts) kept beyond one process, so that a restarted
 * instance or another replica installs a module's code instead of translating it. Implementations
 * must be thread-safe; they may fail with any runtime exception, which the cache counts and treats
 * as a miss.
 */
public interface ArtifactStore {
  /** The artifact of module {@code hash} written by an engine of {@code irVersion}, if any. */
  Optional<byte[]> load(ModuleHash hash, String irVersion);

  /**
   * Keeps {@code artifact} of module {@code hash} for engines of {@code irVersion}, replacing one
   * kept before; {@code translateMicros} is what translating it cost, for reporting.
   */
  void store(ModuleHash hash, String irVersion, byte[] artifact, long translateMicros);
}
