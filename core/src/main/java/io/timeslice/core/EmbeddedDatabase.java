package io.timeslice.core;

import io.timeslice.storage.EmbeddedServer;
import java.nio.file.Path;

/**
 * The zero-setup database: an embedded PostgreSQL for the platform that runs it, its data in a
 * directory that survives restarts, for when no database is configured. The service connects to it
 * like to any other (its JDBC URL and user). Only {@link #close()} stops it, not a JVM shutdown
 * hook of its own: the service closes it after the scheduler, which writes its running jobs'
 * checkpoints and gives their leases back while it stops.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedServer server;

  private EmbeddedDatabase(EmbeddedServer server) {
    this.server = server;
  }

  /**
   * Starts PostgreSQL with its data under {@code dataDir}.
   *
   * @throws Refused UNAVAILABLE when it does not start
   */
  public static EmbeddedDatabase start(Path dataDir) {
    return new EmbeddedDatabase(Boundary.call(() -> EmbeddedServer.start(dataDir, false)));
  }

  /** Its JDBC URL. */
  public String jdbcUrl() {
    return server.jdbcUrl();
  }

  /** The user to connect as. */
  public String username() {
    return server.username();
  }

  /** Stops PostgreSQL cleanly. */
  @Override
  public void close() {
    server.close();
  }
}
