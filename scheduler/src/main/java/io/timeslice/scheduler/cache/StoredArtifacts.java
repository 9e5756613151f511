package io.timeslice.scheduler.cache;

import io.timeslice.cache.ArtifactStore;
import io.timeslice.cache.ModuleHash;
import io.timeslice.storage.CompiledArtifactRepository;
import java.util.Objects;
import java.util.Optional;

/**
 * The module cache's second level on PostgreSQL: {@link ArtifactStore} over storage's {@code
 * compiled_artifacts} table, the IR version as its engine version. A module's artifact can only be
 * stored once its bytes are in {@code module_blobs} (the table's foreign key).
 */
public final class StoredArtifacts implements ArtifactStore {
  private final CompiledArtifactRepository repository;

  /** The second level over {@code repository}. */
  public StoredArtifacts(CompiledArtifactRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
  }

  @Override
  public Optional<byte[]> load(ModuleHash hash, String irVersion) {
    return repository.find(hash.bytes(), irVersion);
  }

  @Override
  public void store(ModuleHash hash, String irVersion, byte[] artifact, long translateMicros) {
    repository.store(hash.bytes(), irVersion, artifact, translateMicros);
  }
}
