package io.timeslice.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeslice's PostgreSQL: an external server when a JDBC URL is configured, else an embedded one
 * (real PostgreSQL binaries from Maven Central) whose data directory survives restarts. Opening it
 * migrates the schema to the current version; closing it closes the pool and, for the embedded
 * server, shuts PostgreSQL down cleanly.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final String EMBEDDED_DATABASE = "postgres";
  private static final String EMBEDDED_USER = "postgres";

  private final EmbeddedPostgres embedded;
  private final HikariDataSource dataSource;

  private Database(EmbeddedPostgres embedded, HikariDataSource dataSource) {
    this.embedded = embedded;
    this.dataSource = dataSource;
  }

  /**
   * Opens the configured database and migrates its schema.
   *
   * @throws StorageException when the server cannot be started or reached, or migration fails
   */
  public static Database open(DatabaseConfig config) {
    EmbeddedPostgres embedded = null;
    HikariConfig pool = new HikariConfig();
    pool.setMaximumPoolSize(config.poolSize());
    pool.setPoolName("timeslice");
    try {
      if (config.isEmbedded()) {
        embedded = startEmbedded(config.dataDir());
        pool.setJdbcUrl(embedded.getJdbcUrl(EMBEDDED_USER, EMBEDDED_DATABASE));
        LOG.info(
            "storage: embedded PostgreSQL on port {}, data in {}",
            embedded.getPort(),
            config.dataDir().toAbsolutePath());
      } else {
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setUsername(config.username());
        pool.setPassword(config.password());
        LOG.info("storage: external PostgreSQL at {}", config.jdbcUrl());
      }
      HikariDataSource dataSource = new HikariDataSource(pool);
      try {
        migrate(dataSource);
      } catch (RuntimeException e) {
        dataSource.close();
        throw e;
      }
      return new Database(embedded, dataSource);
    } catch (RuntimeException e) {
      closeQuietly(embedded);
      throw new StorageException("cannot open the database: " + e.getMessage(), e);
    }
  }

  private static EmbeddedPostgres startEmbedded(Path dataDir) {
    try {
      Path pgData = dataDir.resolve("postgresql");
      Files.createDirectories(pgData);
      return EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setPGStartupWait(java.time.Duration.ofSeconds(60))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  /** Applies the migrations under {@code db/migration} that the database has not seen yet. */
  static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** The pooled connections. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Whether this is the embedded server. */
  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    dataSource.close();
    closeQuietly(embedded);
  }

  private static void closeQuietly(EmbeddedPostgres embedded) {
    if (embedded == null) {
      return;
    }
    try {
      embedded.close();
    } catch (IOException e) {
      LOG.warn("storage: embedded PostgreSQL did not shut down cleanly", e);
    }
  }
}
