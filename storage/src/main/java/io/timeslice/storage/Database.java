package io.timeslice.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeslice's PostgreSQL for tests, benchmarks and embedding without Spring: an external server
 * when a JDBC URL is configured, else an {@link EmbeddedServer}. Opening it migrates the schema to
 * the current version; closing it closes the pool and, for the embedded server, shuts PostgreSQL
 * down cleanly. (The service itself takes Spring Boot's DataSource and Flyway.)
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private final EmbeddedServer embedded;
  private final HikariDataSource dataSource;

  private Database(EmbeddedServer embedded, HikariDataSource dataSource) {
    this.embedded = embedded;
    this.dataSource = dataSource;
  }

  /**
   * Opens the configured database and migrates its schema.
   *
   * @throws StorageException when the server cannot be started or reached, or migration fails
   */
  public static Database open(DatabaseConfig config) {
    EmbeddedServer embedded = null;
    HikariConfig pool = new HikariConfig();
    pool.setMaximumPoolSize(config.poolSize());
    pool.setPoolName("timeslice");
    try {
      if (config.isEmbedded()) {
        embedded = EmbeddedServer.start(config.dataDir());
        pool.setJdbcUrl(embedded.jdbcUrl());
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

  private static void closeQuietly(EmbeddedServer embedded) {
    if (embedded != null) {
      embedded.close();
    }
  }
}
