package io.timeslice.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link JobQueue} and {@link JobQueries} share: the {@code jobs} columns and how a row
 * becomes a {@link JobRecord}, and the event history every transition appends to.
 */
final class JobRows {
  static final String COLUMNS =
      """
      id, tenant_id, module_hash, entry_function, arguments, argument_types, result_types,
      wasi_args, wasi_env::text, stdin, fuel_limit, fuel_schedule_version, priority,
      idempotency_key, status, cancel_requested, results, exit_code, failure_kind, trap_code,
      failure_message, stdout, stderr, stdout_truncated, stderr_truncated, fuel_consumed, slices,
      attempts, resumed_from_checkpoint, submitted_at, started_at, finished_at, lease_owner,
      lease_expires_at, trace_parent
      """;

  private static final String BY_ID = "SELECT " + COLUMNS + " FROM jobs WHERE id = ?";
  private static final String BY_IDS = "SELECT " + COLUMNS + " FROM jobs WHERE id = ANY (?)";
  private static final String INSERT_EVENT =
      "INSERT INTO job_events (job_id, status, detail, at) VALUES (?, ?, ?::jsonb, ?)";

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<TreeMap<String, String>> ENVIRONMENT =
      new TypeReference<>() {};

  private JobRows() {}

  /** The job {@code id}. */
  static Optional<JobRecord> read(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /** The jobs {@code ids}, highest priority first, then oldest. */
  static List<JobRecord> read(Connection c, Collection<UUID> ids) throws SQLException {
    List<JobRecord> out = new ArrayList<>(ids.size());
    try (PreparedStatement ps = c.prepareStatement(BY_IDS)) {
      ps.setArray(1, uuids(c, ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    out.sort(
        (a, b) ->
            a.priority() != b.priority()
                ? Integer.compare(b.priority(), a.priority())
                : a.id().compareTo(b.id()));
    return out;
  }

  /** Appends {@code status} to the history of each job, with an optional detail. */
  static void events(
      Connection c, Clock clock, Collection<UUID> jobs, JobStatus status, Map<String, ?> detail)
      throws SQLException {
    Map<UUID, Map<String, ?>> each = new LinkedHashMap<>();
    jobs.forEach(id -> each.put(id, detail));
    events(c, clock, each, status);
  }

  /** Appends {@code status} to the history of each job, each with its own detail (or null). */
  static void events(Connection c, Clock clock, Map<UUID, Map<String, ?>> details, JobStatus status)
      throws SQLException {
    if (details.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
      Timestamp now = Timestamp.from(clock.instant());
      for (Map.Entry<UUID, Map<String, ?>> e : details.entrySet()) {
        ps.setObject(1, e.getKey());
        ps.setString(2, status.name());
        ps.setString(3, e.getValue() == null ? null : JSON.writeValueAsString(e.getValue()));
        ps.setTimestamp(4, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static Array uuids(Connection c, Collection<UUID> ids) throws SQLException {
    return c.createArrayOf("uuid", ids.toArray());
  }

  static Array bits(Connection c, long[] bits) throws SQLException {
    return bits == null
        ? null
        : c.createArrayOf("bigint", Arrays.stream(bits).boxed().toArray(Long[]::new));
  }

  static Array texts(Connection c, List<String> texts) throws SQLException {
    return c.createArrayOf("text", texts.toArray(String[]::new));
  }

  static Array types(Connection c, List<WasmType> types) throws SQLException {
    return texts(c, types.stream().map(WasmType::text).toList());
  }

  static String environment(Map<String, String> env) {
    return JSON.writeValueAsString(new TreeMap<>(env));
  }

  static JobRecord row(ResultSet rs) throws SQLException {
    List<WasmType> argumentTypes = types(rs.getArray("argument_types"));
    List<WasmType> resultTypes = types(rs.getArray("result_types"));
    long[] results = longs(rs.getArray("results"));
    String kind = rs.getString("failure_kind");
    return new JobRecord(
        rs.getObject("id", UUID.class),
        rs.getLong("tenant_id"),
        rs.getBytes("module_hash"),
        rs.getString("entry_function"),
        new WasmValues(argumentTypes, longs(rs.getArray("arguments"))),
        resultTypes,
        Arrays.asList(strings(rs.getArray("wasi_args"))),
        JSON.readValue(rs.getString("wasi_env"), ENVIRONMENT),
        rs.getBytes("stdin"),
        rs.getLong("fuel_limit"),
        rs.getInt("fuel_schedule_version"),
        rs.getInt("priority"),
        rs.getString("idempotency_key"),
        JobStatus.valueOf(rs.getString("status")),
        rs.getBoolean("cancel_requested"),
        results == null ? null : new WasmValues(resultTypes, results),
        rs.getObject("exit_code", Integer.class),
        kind == null
            ? null
            : new Failure(
                FailureKind.valueOf(kind),
                rs.getString("trap_code"),
                rs.getString("failure_message")),
        rs.getBytes("stdout"),
        rs.getBytes("stderr"),
        rs.getBoolean("stdout_truncated"),
        rs.getBoolean("stderr_truncated"),
        rs.getLong("fuel_consumed"),
        rs.getInt("slices"),
        rs.getInt("attempts"),
        rs.getInt("resumed_from_checkpoint"),
        instant(rs, "submitted_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("lease_owner"),
        instant(rs, "lease_expires_at"),
        rs.getString("trace_parent"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static long[] longs(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    Long[] boxed = (Long[]) array.getArray();
    long[] out = new long[boxed.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  private static String[] strings(Array array) throws SQLException {
    return (String[]) array.getArray();
  }

  private static List<WasmType> types(Array array) throws SQLException {
    return Arrays.stream(strings(array)).map(WasmType::ofText).toList();
  }
}
