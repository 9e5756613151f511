package io.timeslice.it;

import io.timeslice.storage.EmbeddedServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * A PostgreSQL server owned by the test, not by a service process: replicas share it, killing one
 * leaves it up, and the test can stop and start it (on the same port, so that the JDBC URL the
 * replicas were given stays right) to play a database outage.
 */
final class ChaosDatabase implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedServer server;

  private ChaosDatabase(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts PostgreSQL with its data under {@code dataDir}, on a free loopback port. */
  static ChaosDatabase start(Path dataDir) throws IOException {
    ChaosDatabase db = new ChaosDatabase(dataDir, freePort());
    db.startServer();
    return db;
  }

  /** Starts the server again after {@link #stopServer()}: same data, same port. */
  void startServer() {
    if (server == null) {
      server = EmbeddedServer.start(dataDir, true, port);
    }
  }

  /** Stops the server (a clean, fast shutdown): every connection to it is refused until started. */
  void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** The environment that points a service process at this database. */
  Map<String, String> env() {
    return Map.of("SPRING_DATASOURCE_URL", jdbcUrl(), "SPRING_DATASOURCE_USERNAME", "postgres");
  }

  /** A connection of the test's own, to read what the service stored. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    stopServer();
  }
}
