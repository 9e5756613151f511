package io.timeslice.storage;

import java.nio.file.Path;

/**
 * Where Timeslice's database is.
 *
 * @param jdbcUrl an external PostgreSQL's JDBC URL, or null for the embedded server
 * @param username the external server's user (ignored for the embedded server)
 * @param password the external server's password (ignored for the embedded server)
 * @param dataDir the embedded server's data directory, kept across restarts
 * @param poolSize the most connections in the pool
 */
public record DatabaseConfig(
    String jdbcUrl, String username, String password, Path dataDir, int poolSize) {

  /** The embedded server, with its data in {@code dataDir}. */
  public static DatabaseConfig embedded(Path dataDir) {
    return new DatabaseConfig(null, null, null, dataDir, 10);
  }

  /** An external server. */
  public static DatabaseConfig external(String jdbcUrl, String username, String password) {
    return new DatabaseConfig(jdbcUrl, username, password, null, 10);
  }

  /** Whether the embedded server is used. */
  public boolean isEmbedded() {
    return jdbcUrl == null || jdbcUrl.isBlank();
  }
}
