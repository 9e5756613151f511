package io.timeslice.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Uploaded modules: the bytes stored once per SHA-256 however many tenants upload them, and which
 * tenant owns which module (a tenant sees only its own).
 */
public final class ModuleRepository {
  /**
   * A module as a tenant sees it.
   *
   * @param hash the SHA-256 of its bytes
   * @param sizeBytes its size
   * @param importsJson its imports, as JSON
   * @param exportsJson its exports, as JSON
   */
  public record StoredModule(byte[] hash, int sizeBytes, String importsJson, String exportsJson) {}

  private final DataSource dataSource;

  /** A repository over {@code dataSource}. */
  public ModuleRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores {@code bytes} under {@code hash} (once) and records that {@code tenantId} owns it;
   * storing again is harmless. Returns whether the tenant did not own it before.
   */
  public boolean store(
      long tenantId, byte[] hash, byte[] bytes, String importsJson, String exportsJson) {
    return Jdbc.transaction(
        dataSource,
        "storing a module",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO module_blobs (hash, bytes, size_bytes, imports, exports)"
                      + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT (hash) DO NOTHING")) {
            ps.setBytes(1, hash);
            ps.setBytes(2, bytes);
            ps.setInt(3, bytes.length);
            ps.setString(4, importsJson);
            ps.setString(5, exportsJson);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tenant_modules (tenant_id, module_hash) VALUES (?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            ps.setLong(1, tenantId);
            ps.setBytes(2, hash);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** The module {@code hash} if {@code tenantId} owns it. */
  public Optional<StoredModule> find(long tenantId, byte[] hash) {
    return Jdbc.transaction(
        dataSource,
        "reading a module",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT b.hash, b.size_bytes, b.imports::text, b.exports::text FROM module_blobs b"
                      + " JOIN tenant_modules t ON t.module_hash = b.hash"
                      + " WHERE t.tenant_id = ? AND b.hash = ?")) {
            ps.setLong(1, tenantId);
            ps.setBytes(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new StoredModule(
                          rs.getBytes(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                  : Optional.empty();
            }
          }
        });
  }

  /** The bytes of module {@code hash}, whoever owns it (for running jobs). */
  public Optional<byte[]> bytes(byte[] hash) {
    return Jdbc.transaction(
        dataSource,
        "reading module bytes",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT bytes FROM module_blobs WHERE hash = ?")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Removes {@code tenantId}'s ownership of module {@code hash}; the bytes stay while any tenant
   * owns them or any job refers to them. Returns whether the tenant owned it.
   */
  public boolean remove(long tenantId, byte[] hash) {
    return Jdbc.transaction(
        dataSource,
        "removing a module",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM tenant_modules WHERE tenant_id = ? AND module_hash = ?")) {
            ps.setLong(1, tenantId);
            ps.setBytes(2, hash);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** The hashes of the modules {@code tenantId} owns, oldest upload first. */
  public List<byte[]> list(long tenantId) {
    return Jdbc.transaction(
        dataSource,
        "listing modules",
        c -> {
          List<byte[]> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT module_hash FROM tenant_modules WHERE tenant_id = ?"
                      + " ORDER BY uploaded_at, module_hash")) {
            ps.setLong(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getBytes(1));
              }
            }
          }
          return out;
        });
  }
}
