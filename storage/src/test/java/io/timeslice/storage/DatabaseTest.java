package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.storage.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  private static List<String> tables(Database db) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' ORDER BY table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static long count(Database db, String table) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void migratesAnEmptyDatabaseToTheCurrentSchema() throws SQLException {
    try (Database db = Database.open(TestDatabases.fresh())) {
      assertThat(db.isEmbedded()).isFalse();
      assertThat(tables(db))
          .contains(
              "api_keys",
              "compiled_artifacts",
              "flyway_schema_history",
              "job_events",
              "jobs",
              "module_blobs",
              "tenant_modules",
              "tenants");
    }
  }

  @Test
  void theEmbeddedServerKeepsCommittedDataAcrossRestarts(@TempDir Path dataDir)
      throws SQLException {
    long migrations;
    try (Database db = Database.open(DatabaseConfig.embedded(dataDir))) {
      assertThat(db.isEmbedded()).isTrue();
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.execute("INSERT INTO tenants (name, weight) VALUES ('acme', 3)");
      }
      migrations = count(db, "flyway_schema_history");
    }
    try (Database db = Database.open(DatabaseConfig.embedded(dataDir))) {
      assertThat(count(db, "tenants")).isEqualTo(1);
      try (Connection c = db.dataSource().getConnection();
          ResultSet rs = c.createStatement().executeQuery("SELECT weight FROM tenants")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
      // Reopening did not migrate again.
      assertThat(migrations).isPositive();
      assertThat(count(db, "flyway_schema_history")).isEqualTo(migrations);
    }
  }

  @Test
  void anUnreachableServerIsAClearStorageError() {
    DatabaseConfig nowhere =
        new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/none", "u", "p", null, 1);
    assertThatThrownBy(() -> Database.open(nowhere))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("cannot open the database");
  }

  @Test
  void theSchemaRejectsBadRowsAndStoresAnyOutputBytes() throws SQLException {
    try (Database db = Database.open(TestDatabases.fresh());
        Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO tenants (name) VALUES ('a'), ('b')");
      assertThatThrownBy(() -> st.execute("INSERT INTO tenants (name) VALUES ('a')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("tenants_name_key");
      assertThatThrownBy(() -> st.execute("INSERT INTO tenants (name, weight) VALUES ('c', 0)"))
          .isInstanceOf(SQLException.class);

      byte[] hash = new byte[32];
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO module_blobs (hash, bytes, size_bytes, imports, exports)"
                  + " VALUES (?, ?, 8, '[]', '[]')")) {
        ps.setBytes(1, hash);
        ps.setBytes(2, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        ps.execute();
      }
      String insertJob =
          "INSERT INTO jobs (id, tenant_id, module_hash, fuel_limit, fuel_schedule_version,"
              + " idempotency_key, status, stdout) VALUES (gen_random_uuid(),"
              + " (SELECT id FROM tenants WHERE name = ?), ?, 1000, 1, 'k1', 'QUEUED', ?)";
      byte[] invalidUtf8 = {(byte) 0xc3, (byte) 0x28, (byte) 0xff};
      for (String tenant : new String[] {"a", "b"}) {
        try (PreparedStatement ps = c.prepareStatement(insertJob)) {
          ps.setString(1, tenant);
          ps.setBytes(2, hash);
          ps.setBytes(3, invalidUtf8);
          ps.execute();
        }
      }
      // The same idempotency key is one job per tenant.
      try (PreparedStatement ps = c.prepareStatement(insertJob)) {
        ps.setString(1, "a");
        ps.setBytes(2, hash);
        ps.setBytes(3, invalidUtf8);
        assertThatThrownBy(ps::execute).hasMessageContaining("jobs_idempotency");
      }
      try (ResultSet rs = st.executeQuery("SELECT stdout FROM jobs LIMIT 1")) {
        rs.next();
        assertThat(rs.getBytes(1)).containsExactly(invalidUtf8);
      }
      assertThatThrownBy(
              () -> st.execute("UPDATE jobs SET status = 'PAUSED' WHERE idempotency_key = 'k1'"))
          .isInstanceOf(SQLException.class);
      // Typed data stays consistent: a type per argument, known types, and a failure that fits
      // the status (a trap code only with a trap).
      for (String bad :
          new String[] {
            "argument_types = '{i32}'",
            "arguments = '{1}', argument_types = '{i128}'",
            "status = 'FAILED', failure_kind = 'TRAP', failure_message = 'x'",
            "status = 'FAILED', failure_kind = 'LINK', failure_message = 'x', trap_code = 'X'",
            "status = 'EXHAUSTED', failure_kind = 'TIMEOUT', failure_message = 'x'",
            "status = 'SUCCEEDED', failure_kind = 'EXIT', failure_message = 'x'",
            "status = 'FAILED'",
            "results = '{1}'"
          }) {
        assertThatThrownBy(() -> st.execute("UPDATE jobs SET " + bad))
            .as(bad)
            .isInstanceOf(SQLException.class);
      }
      st.execute(
          "UPDATE jobs SET status = 'FAILED', failure_kind = 'TRAP', trap_code = 'UNREACHABLE',"
              + " failure_message = 'unreachable'");
    }
  }
}
