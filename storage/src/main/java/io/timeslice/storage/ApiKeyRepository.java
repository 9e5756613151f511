package io.timeslice.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * API keys. A key is 32 random bytes, shown once (at creation or rotation); only its SHA-256 is
 * stored, with a short prefix to recognise it in listings. Authenticating hashes the presented key
 * and looks the hash up, so no stored secret can be read back.
 */
public final class ApiKeyRepository {
  /** The prefix of every key, so that leaked keys are easy to scan for. */
  public static final String PREFIX = "ts_";

  /**
   * A newly made key: its id and the plaintext, which is not stored anywhere.
   *
   * @param id the key's id
   * @param key the key to hand to the tenant
   */
  public record NewKey(long id, String key) {}

  /**
   * The owner of a presented key.
   *
   * @param keyId the key's id
   * @param tenantId its tenant
   */
  public record KeyOwner(long keyId, long tenantId) {}

  private final DataSource dataSource;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** A repository over {@code dataSource}. */
  public ApiKeyRepository(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Makes a key for {@code tenantId}. */
  public NewKey create(long tenantId) {
    return Jdbc.transaction(dataSource, "creating an API key", c -> insert(c, tenantId));
  }

  private NewKey insert(Connection c, long tenantId) throws SQLException {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO api_keys (tenant_id, key_hash, key_prefix) VALUES (?, ?, ?)"
                + " RETURNING id")) {
      ps.setLong(1, tenantId);
      ps.setBytes(2, hash(key));
      ps.setString(3, key.substring(0, PREFIX.length() + 6));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new NewKey(rs.getLong(1), key);
      }
    }
  }

  /** The tenant a presented key belongs to, if it is a valid, unrevoked key. */
  public Optional<Long> authenticate(String key) {
    return identify(key).map(KeyOwner::tenantId);
  }

  /** The key and tenant of a presented key, if it is a valid, unrevoked key. */
  public Optional<KeyOwner> identify(String key) {
    if (key == null || !key.startsWith(PREFIX)) {
      return Optional.empty();
    }
    return Jdbc.transaction(
        dataSource,
        "authenticating",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")) {
            ps.setBytes(1, hash(key));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new KeyOwner(rs.getLong(1), rs.getLong(2)))
                  : Optional.empty();
            }
          }
        });
  }

  /** Revokes a key of {@code tenantId}; false when it is not the tenant's or already revoked. */
  public boolean revoke(long tenantId, long keyId) {
    return Jdbc.transaction(
        dataSource,
        "revoking an API key",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ?"
                      + " AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setLong(2, keyId);
            ps.setLong(3, tenantId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Revokes a key; false when it does not exist or was revoked already. */
  public boolean revoke(long keyId) {
    return Jdbc.transaction(dataSource, "revoking an API key", c -> revoke(c, keyId));
  }

  private boolean revoke(Connection c, long keyId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setLong(2, keyId);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Replaces a key by a new one of the same tenant, in one transaction: the old key stops working
   * when the new one exists. Empty when the key does not exist or was revoked.
   */
  public Optional<NewKey> rotate(long keyId) {
    return Jdbc.transaction(
        dataSource,
        "rotating an API key",
        c -> {
          long tenantId;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT tenant_id FROM api_keys WHERE id = ? AND revoked_at IS NULL"
                      + " FOR UPDATE")) {
            ps.setLong(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              tenantId = rs.getLong(1);
            }
          }
          revoke(c, keyId);
          return Optional.of(insert(c, tenantId));
        });
  }

  private static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
