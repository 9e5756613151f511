package io.timeslice.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL (real binaries from Maven Central, for the platform that runs it) whose
 * data directory survives restarts: the zero-setup default when no database is configured. Closing
 * it shuts PostgreSQL down cleanly.
 */
public final class EmbeddedServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
  private static final String DATABASE = "postgres";
  private static final String USER = "postgres";
  // The pid of the process that started the PostgreSQL of this data directory.
  private static final String OWNER_FILE = "postgresql.owner";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedServer(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts PostgreSQL with its data in {@code dataDir}/postgresql, stopped by a JVM shutdown hook
   * if it is not closed before.
   *
   * @throws StorageException when it does not start
   */
  public static EmbeddedServer start(Path dataDir) {
    return start(dataDir, true);
  }

  /**
   * Starts PostgreSQL with its data in {@code dataDir}/postgresql; without {@code stopWithJvm} only
   * {@link #close()} stops it, for an owner that closes it after everything that writes to it (JVM
   * shutdown hooks run all at once, so PostgreSQL would stop while the last writes are made).
   *
   * @throws StorageException when it does not start
   */
  public static EmbeddedServer start(Path dataDir, boolean stopWithJvm) {
    return start(dataDir, stopWithJvm, 0);
  }

  /**
   * Starts PostgreSQL as {@link #start(Path, boolean)} does, listening on {@code port} (0: any free
   * port), so that a server restarted on the same port keeps the JDBC URL its clients were given.
   *
   * @throws StorageException when it does not start
   */
  public static EmbeddedServer start(Path dataDir, boolean stopWithJvm, int port) {
    try {
      Path pgData = dataDir.resolve("postgresql");
      Files.createDirectories(pgData);
      OrphanedPostmaster.stop(pgData, dataDir.resolve(OWNER_FILE));
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setRegisterShutdownHook(stopWithJvm)
              .start();
      Files.writeString(dataDir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
      LOG.info(
          "storage: embedded PostgreSQL on port {}, data in {}",
          pg.getPort(),
          dataDir.toAbsolutePath());
      return new EmbeddedServer(pg, dataDir);
    } catch (IOException | RuntimeException e) {
      throw new StorageException("embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  /** The JDBC URL of its database. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  /** The user to connect as. */
  public String username() {
    return USER;
  }

  /** Where its data lives. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("storage: embedded PostgreSQL did not shut down cleanly", e);
    }
  }
}
