package io.timeslice.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Modules' translated IR (the {@code compiled_artifacts} table), keyed by module hash and engine
 * version, so that a restarted or another instance installs a module's code instead of translating
 * it again. The bytes are opaque here: the engine checks them when it installs them.
 */
public final class CompiledArtifactRepository {
  private final DataSource dataSource;

  /** A repository over {@code dataSource}. */
  public CompiledArtifactRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The artifact of module {@code moduleHash} written by engine {@code engineVersion}. */
  public Optional<byte[]> find(byte[] moduleHash, String engineVersion) {
    return Jdbc.transaction(
        dataSource,
        "reading a compiled artifact",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT ir FROM compiled_artifacts WHERE module_hash = ? AND engine_version = ?")) {
            ps.setBytes(1, moduleHash);
            ps.setString(2, engineVersion);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Stores the artifact of module {@code moduleHash} (which must be stored in {@code module_blobs})
   * for {@code engineVersion}, replacing one stored before: a replica that found the stored one
   * damaged writes a good one over it.
   *
   * @throws StorageException when the module is not stored, or the database fails
   */
  public void store(byte[] moduleHash, String engineVersion, byte[] ir, long translateMicros) {
    Jdbc.transaction(
        dataSource,
        "storing a compiled artifact",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO compiled_artifacts (module_hash, engine_version, ir,"
                      + " translate_micros) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (module_hash, engine_version) DO UPDATE"
                      + " SET ir = EXCLUDED.ir, translate_micros = EXCLUDED.translate_micros,"
                      + " created_at = now()")) {
            ps.setBytes(1, moduleHash);
            ps.setString(2, engineVersion);
            ps.setBytes(3, ir);
            ps.setLong(4, translateMicros);
            return ps.executeUpdate();
          }
        });
  }

  /** The translation time recorded with the artifact, in microseconds. */
  public Optional<Long> translateMicros(byte[] moduleHash, String engineVersion) {
    return Jdbc.transaction(
        dataSource,
        "reading a compiled artifact's translation time",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT translate_micros FROM compiled_artifacts"
                      + " WHERE module_hash = ? AND engine_version = ?")) {
            ps.setBytes(1, moduleHash);
            ps.setString(2, engineVersion);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
          }
        });
  }
}
