package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * V2 converts the rows V1 wrote: JSON arguments and results to typed bigint arrays (types from the
 * module's stored signature), JSON WASI arguments to text[], and the "CODE: message" trap text to a
 * failure kind with the trap code kept only for real traps.
 */
class TypedJobDataMigrationTest {
  private static final String MODULE = "decode('" + "ab".repeat(32) + "', 'hex')";
  private static final String BARE = "decode('" + "cd".repeat(32) + "', 'hex')";

  @Test
  void v1RowsBecomeTypedJobData() throws SQLException {
    DatabaseConfig config = TestDatabases.fresh();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl());
    ds.setUser(config.username());
    ds.setPassword(config.password());
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .target("1")
        .load()
        .migrate();

    try (Connection c = ds.getConnection()) {
      exec(c, "INSERT INTO tenants (id, name) OVERRIDING SYSTEM VALUE VALUES (1, 'acme')");
      exec(
          c,
          "INSERT INTO module_blobs (hash, bytes, size_bytes, imports, exports) VALUES ("
              + MODULE
              + ", '\\x0061736d01000000', 8, '[]', '[{\"name\": \"f\", \"kind\": \"func\","
              + " \"params\": [\"i32\", \"i64\"], \"results\": [\"f64\"]},"
              + " {\"name\": \"mem\", \"kind\": \"memory\"}]')");
      exec(
          c,
          "INSERT INTO module_blobs (hash, bytes, size_bytes, imports, exports) VALUES ("
              + BARE
              + ", '\\x0061736d01000000', 8, '[]', '[]')");
      job(
          c,
          1,
          MODULE,
          "'f'",
          "'[7, \"18446744073709551615\"]'",
          "'[]'",
          "SUCCEEDED",
          "'[4611686018427387904]'",
          "NULL",
          "NULL",
          "NULL");
      job(
          c,
          2,
          MODULE,
          "'f'",
          "'[1, 2]'",
          "'[]'",
          "FAILED",
          "'[]'",
          "NULL",
          "'CALL_STACK_EXHAUSTED'",
          "'CALL_STACK_EXHAUSTED: call stack exhausted (in deep)'");
      job(
          c,
          3,
          MODULE,
          "'f'",
          "'[1, 2]'",
          "'[]'",
          "FAILED",
          "'[]'",
          "NULL",
          "'internal error'",
          "'internal error: java.lang.IllegalStateException: x'");
      job(
          c,
          4,
          MODULE,
          "'f'",
          "'[1, 2]'",
          "'[]'",
          "FAILED",
          "NULL",
          "NULL",
          "'unknown import'",
          "'unknown import: env.g: nothing is defined'");
      job(
          c,
          5,
          MODULE,
          "NULL",
          "'[]'",
          "'[\"a\", \"b c\"]'",
          "FAILED",
          "'[]'",
          "5",
          "NULL",
          "NULL");
      job(c, 6, MODULE, "NULL", "'[]'", "'[\"x\"]'", "SUCCEEDED", "'[]'", "0", "NULL", "NULL");
      job(c, 7, MODULE, "'f'", "'[1, 2]'", "'[]'", "TIMED_OUT", "'[]'", "NULL", "NULL", "NULL");
      job(c, 8, BARE, "'g'", "'[3, 4, 5]'", "'[]'", "QUEUED", "NULL", "NULL", "NULL", "NULL");
    }

    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    JobQueries queries = new JobQueries(ds);

    JobRecord ok = find(queries, 1);
    assertThat(ok.arguments())
        .isEqualTo(new WasmValues(List.of(WasmType.I32, WasmType.I64), new long[] {7, -1}));
    assertThat(ok.results())
        .isEqualTo(new WasmValues(List.of(WasmType.F64), new long[] {1L << 62}));
    assertThat(ok.failure()).isNull();

    assertThat(find(queries, 2).failure())
        .isEqualTo(Failure.trap("CALL_STACK_EXHAUSTED", "call stack exhausted (in deep)"));
    assertThat(find(queries, 2).results()).isNull();
    assertThat(find(queries, 3).failure())
        .isEqualTo(
            Failure.of(FailureKind.INTERNAL, "internal error: java.lang.IllegalStateException: x"));
    assertThat(find(queries, 4).failure())
        .isEqualTo(
            Failure.of(FailureKind.INSTANTIATION, "unknown import: env.g: nothing is defined"));

    JobRecord exit = find(queries, 5);
    assertThat(exit.failure()).isEqualTo(Failure.of(FailureKind.EXIT, "exited with code 5"));
    assertThat(exit.wasiArgs()).containsExactly("a", "b c");
    assertThat(exit.arguments()).isEqualTo(WasmValues.NONE);

    JobRecord command = find(queries, 6);
    assertThat(command.results()).isNull();
    assertThat(command.wasiEnv()).isEqualTo(Map.of("K", "v"));

    assertThat(find(queries, 7).failure())
        .isEqualTo(Failure.of(FailureKind.TIMEOUT, "the wall-clock limit was reached"));

    // No stored signature: every value keeps its exact bits as an i64.
    JobRecord bare = find(queries, 8);
    assertThat(bare.arguments())
        .isEqualTo(
            new WasmValues(
                List.of(WasmType.I64, WasmType.I64, WasmType.I64), new long[] {3, 4, 5}));
    assertThat(bare.resultTypes()).isEmpty();
  }

  private static JobRecord find(JobQueries queries, int n) {
    return queries.find(1, id(n)).orElseThrow();
  }

  private static UUID id(int n) {
    return new UUID(0x0190_0000_0000_7000L, n);
  }

  private static void job(
      Connection c,
      int n,
      String module,
      String entry,
      String args,
      String wasiArgs,
      String status,
      String results,
      String exitCode,
      String trapCode,
      String trapMessage)
      throws SQLException {
    exec(
        c,
        "INSERT INTO jobs (id, tenant_id, module_hash, entry_function, arguments, wasi_args,"
            + " wasi_env, fuel_limit, fuel_schedule_version, status, results, exit_code,"
            + " trap_code, trap_message, finished_at) VALUES ('"
            + id(n)
            + "', 1, "
            + String.join(
                ", ",
                module,
                entry,
                args,
                wasiArgs,
                "'{\"K\": \"v\"}'",
                "1000",
                "1",
                "'" + status + "'",
                results,
                exitCode,
                trapCode,
                trapMessage)
            + ", CASE WHEN '"
            + status
            + "' IN ('QUEUED', 'RUNNING') THEN NULL ELSE now() END)");
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }
}
