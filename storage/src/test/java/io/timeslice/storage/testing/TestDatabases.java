package io.timeslice.storage.testing;

import io.timeslice.storage.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests: a Testcontainers container when a Docker engine is reachable,
 * otherwise one embedded server; either way one server per JVM, and a fresh, empty database for
 * every {@link #fresh()} call. The log (and standard error) says which backend runs.
 */
public final class TestDatabases {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
  private static final AtomicInteger NEXT = new AtomicInteger();

  private static Server server;

  private TestDatabases() {}

  /** The server's admin connection and how to reach a database on it. */
  private interface Server {
    String jdbcUrl(String database);

    String username();

    String password();

    String description();
  }

  /** Which backend the tests run on, e.g. "embedded PostgreSQL 18.x". */
  public static synchronized String backend() {
    return server().description();
  }

  /**
   * A new, empty database on the shared server, as an external-database configuration (the schema
   * is created when a {@code Database} opens it).
   */
  public static DatabaseConfig fresh() {
    Server s = server();
    String name = "t" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection c =
            java.sql.DriverManager.getConnection(
                s.jdbcUrl("postgres"), s.username(), s.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return DatabaseConfig.external(s.jdbcUrl(name), s.username(), s.password());
  }

  private static synchronized Server server() {
    if (server == null) {
      server = dockerAvailable() ? container() : embedded();
      String line = "storage test backend: " + server.description();
      LOG.info(line);
      System.err.println(line);
    }
    return server;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError noDocker) {
      return false;
    }
  }

  private static Server container() {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine");
    container.start();
    String base = container.getJdbcUrl();
    String prefix = base.substring(0, base.lastIndexOf('/') + 1);
    return new Server() {
      @Override
      public String jdbcUrl(String database) {
        return prefix + database;
      }

      @Override
      public String username() {
        return container.getUsername();
      }

      @Override
      public String password() {
        return container.getPassword();
      }

      @Override
      public String description() {
        return "Testcontainers PostgreSQL (" + container.getDockerImageName() + ")";
      }
    };
  }

  private static Server embedded() {
    EmbeddedPostgres pg;
    try {
      pg = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
    String version;
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery("SHOW server_version")) {
      rs.next();
      version = rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("embedded PostgreSQL does not answer", e);
    }
    return new Server() {
      @Override
      public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database;
      }

      @Override
      public String username() {
        return "postgres";
      }

      @Override
      public String password() {
        return "";
      }

      @Override
      public String description() {
        return "embedded PostgreSQL " + version + " (no Docker engine reachable)";
      }
    };
  }
}
