package io.timeslice.storage;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Durable jobs: idempotent submission, claiming under a lease ({@code FOR UPDATE SKIP LOCKED}, so
 * several scheduler instances never claim one job twice), lease renewal and reclaiming, progress
 * and results, cursor-paginated listing, cancellation, purging, and the event history. Every time
 * comes from the injected clock.
 */
public final class JobRepository {
  private static final String COLUMNS =
      "id, tenant_id, module_hash, entry_function, arguments::text, wasi_args::text,"
          + " wasi_env::text, stdin, fuel_limit, priority, idempotency_key, status,"
          + " cancel_requested, results::text, exit_code, trap_code, trap_message, stdout, stderr,"
          + " fuel_consumed, slices, attempts, submitted_at, started_at, finished_at, lease_owner,"
          + " lease_expires_at";

  /** The outcome of a submit: the job, and whether this call created it. */
  public record Submitted(JobRecord job, boolean created) {}

  /** A page of jobs, newest first, and the cursor of the next page (null at the end). */
  public record Page(List<JobRecord> jobs, UUID nextCursor) {}

  /** A state transition of a job. */
  public record Event(long id, UUID jobId, String status, String detailJson, Instant at) {}

  private final DataSource dataSource;
  private final Clock clock;
  private final UuidV7 ids;

  /** Output bytes kept per stream by default: 16 MiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 16 << 20;

  private final int maxOutputBytes;

  /** A repository over {@code dataSource}, reading time from {@code clock}. */
  public JobRepository(DataSource dataSource, Clock clock) {
    this(dataSource, clock, DEFAULT_MAX_OUTPUT_BYTES);
  }

  /**
   * A repository that keeps at most {@code maxOutputBytes} of each output stream: more is cut and
   * the stream marked truncated, so an output flood cannot bloat a row.
   */
  public JobRepository(DataSource dataSource, Clock clock, int maxOutputBytes) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.ids = new UuidV7(clock);
    this.maxOutputBytes = maxOutputBytes;
  }

  private byte[] capped(byte[] output) {
    return output == null || output.length <= maxOutputBytes
        ? output
        : Arrays.copyOf(output, maxOutputBytes);
  }

  private boolean cut(byte[] output) {
    return output != null && output.length > maxOutputBytes;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  /**
   * Submits a job as QUEUED, or returns the tenant's job with the same idempotency key.
   *
   * @throws IdempotencyConflictException when the key was used for a different request
   */
  public Submitted submit(NewJob job) {
    return Jdbc.transaction(dataSource, "submitting a job", c -> submit(c, job));
  }

  /**
   * Submits a job unless the tenant already has {@code maxQueued} jobs queued. A retry with the
   * idempotency key of an accepted job returns that job whatever the queue holds. The count is read
   * without locking, so submits racing for the last place may overshoot the limit by their number.
   *
   * @throws QueueFullException when the queue is at the limit (nothing is stored)
   * @throws IdempotencyConflictException when the key was used for a different request
   */
  public Submitted submit(NewJob job, int maxQueued) {
    return Jdbc.transaction(
        dataSource,
        "submitting a job",
        c -> {
          if (job.idempotencyKey() != null) {
            Optional<Submitted> earlier = existing(c, job);
            if (earlier.isPresent()) {
              return earlier.get();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM jobs WHERE tenant_id = ? AND status = 'QUEUED'")) {
            ps.setLong(1, job.tenantId());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) >= maxQueued) {
                throw new QueueFullException(job.tenantId(), maxQueued);
              }
            }
          }
          return submit(c, job);
        });
  }

  private static Optional<Submitted> existing(Connection c, NewJob j) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, request_hash FROM jobs WHERE tenant_id = ? AND idempotency_key = ?")) {
      ps.setLong(1, j.tenantId());
      ps.setString(2, j.idempotencyKey());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        if (!Arrays.equals(rs.getBytes(2), j.requestHash())) {
          throw new IdempotencyConflictException(j.idempotencyKey());
        }
        return Optional.of(
            new Submitted(read(c, rs.getObject(1, UUID.class)).orElseThrow(), false));
      }
    }
  }

  /** Submits jobs in one transaction, with batched inserts where no idempotency key is given. */
  public List<Submitted> submitBatch(List<NewJob> jobs) {
    return Jdbc.transaction(
        dataSource,
        "submitting jobs",
        c -> {
          List<Submitted> out = new ArrayList<>(jobs.size());
          List<NewJob> plain = new ArrayList<>();
          for (NewJob j : jobs) {
            if (j.idempotencyKey() != null) {
              out.add(submit(c, j));
            } else {
              plain.add(j);
            }
          }
          if (!plain.isEmpty()) {
            List<UUID> created = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(insertSql(false))) {
              for (NewJob j : plain) {
                UUID id = ids.next();
                bindInsert(ps, id, j);
                ps.addBatch();
                created.add(id);
              }
              ps.executeBatch();
            }
            events(c, created, "QUEUED", null);
            java.util.Map<UUID, JobRecord> rows = new java.util.HashMap<>();
            try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ANY (?)")) {
              ps.setArray(1, c.createArrayOf("uuid", created.toArray()));
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  JobRecord r = row(rs);
                  rows.put(r.id(), r);
                }
              }
            }
            for (UUID id : created) {
              out.add(new Submitted(rows.get(id), true));
            }
          }
          return out;
        });
  }

  private static String insertSql(boolean idempotent) {
    return "INSERT INTO jobs (id, tenant_id, module_hash, entry_function, arguments, wasi_args,"
        + " wasi_env, stdin, fuel_limit, fuel_schedule_version, priority, idempotency_key,"
        + " request_hash, status, submitted_at) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb,"
        + " ?::jsonb, ?, ?, ?, ?, ?, ?, 'QUEUED', ?)"
        + (idempotent
            ? " ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL"
                + " DO NOTHING"
            : "");
  }

  private void bindInsert(PreparedStatement ps, UUID id, NewJob j) throws SQLException {
    ps.setObject(1, id);
    ps.setLong(2, j.tenantId());
    ps.setBytes(3, j.moduleHash());
    ps.setString(4, j.entryFunction());
    ps.setString(5, j.argumentsJson() == null ? "[]" : j.argumentsJson());
    ps.setString(6, j.wasiArgsJson() == null ? "[]" : j.wasiArgsJson());
    ps.setString(7, j.wasiEnvJson() == null ? "{}" : j.wasiEnvJson());
    ps.setBytes(8, j.stdin());
    ps.setLong(9, j.fuelLimit());
    ps.setInt(10, j.fuelScheduleVersion());
    ps.setInt(11, j.priority());
    ps.setString(12, j.idempotencyKey());
    ps.setBytes(13, j.requestHash());
    ps.setTimestamp(14, now());
  }

  private Submitted submit(Connection c, NewJob j) throws SQLException {
    UUID id = ids.next();
    int inserted;
    try (PreparedStatement ps = c.prepareStatement(insertSql(j.idempotencyKey() != null))) {
      bindInsert(ps, id, j);
      inserted = ps.executeUpdate();
    }
    if (inserted == 1) {
      events(c, List.of(id), "QUEUED", null);
      return new Submitted(read(c, id).orElseThrow(), true);
    }
    return existing(c, j).orElseThrow();
  }

  /**
   * Claims up to {@code limit} runnable jobs for {@code owner} until {@code lease} from now:
   * highest priority first, then oldest. Jobs another claimer has locked are skipped, not waited
   * for.
   */
  public List<JobRecord> claim(String owner, int limit, Duration lease) {
    return Jdbc.transaction(
        dataSource,
        "claiming jobs",
        c -> {
          List<JobRecord> out = new ArrayList<>();
          Timestamp now = now();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "WITH picked AS (SELECT id FROM jobs WHERE status = 'QUEUED'"
                      + " AND NOT cancel_requested ORDER BY priority DESC, id LIMIT ?"
                      + " FOR UPDATE SKIP LOCKED)"
                      + " UPDATE jobs j SET status = 'RUNNING', lease_owner = ?,"
                      + " lease_expires_at = ?, started_at = COALESCE(j.started_at, ?),"
                      + " attempts = j.attempts + 1 FROM picked WHERE j.id = picked.id"
                      + " RETURNING j.id")) {
            ps.setInt(1, limit);
            ps.setString(2, owner);
            ps.setTimestamp(3, Timestamp.from(clock.instant().plus(lease)));
            ps.setTimestamp(4, now);
            List<UUID> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                claimed.add(rs.getObject(1, UUID.class));
              }
            }
            events(c, claimed, "RUNNING", "{\"owner\": \"" + json(owner) + "\"}");
            for (UUID id : claimed) {
              out.add(read(c, id).orElseThrow());
            }
          }
          out.sort(
              (a, b) ->
                  a.priority() != b.priority()
                      ? Integer.compare(b.priority(), a.priority())
                      : a.id().compareTo(b.id()));
          return out;
        });
  }

  /**
   * Claims like {@link #claim(String, int, Duration)}, but never lets a tenant hold more than its
   * {@code max_running_jobs} (or {@code defaultMaxRunning}) RUNNING jobs across all claimers, and
   * takes tenants in turn (each tenant's first job, then each one's second, ...), so that one
   * tenant's backlog cannot fill a claim batch while another tenant waits. The claimed tenants'
   * rows are locked while their running jobs are counted: two claimers cannot both take a tenant's
   * last place, and claimers of different tenants do not wait for each other.
   */
  public List<JobRecord> claim(String owner, int limit, Duration lease, int defaultMaxRunning) {
    return Jdbc.transaction(
        dataSource,
        "claiming jobs",
        c -> {
          java.util.Map<UUID, Long> candidates = new java.util.LinkedHashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "WITH room AS (SELECT t.id AS tenant_id,"
                      + " COALESCE(t.max_running_jobs, ?) - count(r.id) AS room FROM tenants t"
                      + " LEFT JOIN jobs r ON r.tenant_id = t.id AND r.status = 'RUNNING'"
                      + " GROUP BY t.id, t.max_running_jobs),"
                      + " ranked AS (SELECT q.id, q.tenant_id, q.priority, row_number() OVER"
                      + " (PARTITION BY q.tenant_id ORDER BY q.priority DESC, q.id) AS turn"
                      + " FROM jobs q WHERE q.status = 'QUEUED' AND NOT q.cancel_requested),"
                      + " picked AS (SELECT ranked.id, ranked.tenant_id, ranked.turn,"
                      + " ranked.priority FROM ranked JOIN room USING (tenant_id)"
                      + " WHERE ranked.turn <= room.room ORDER BY ranked.turn,"
                      + " ranked.priority DESC, ranked.id LIMIT ?)"
                      + " SELECT j.id, j.tenant_id FROM jobs j JOIN picked ON picked.id = j.id"
                      + " WHERE j.status = 'QUEUED' AND NOT j.cancel_requested"
                      + " ORDER BY picked.turn, picked.priority DESC, picked.id"
                      + " FOR UPDATE OF j SKIP LOCKED")) {
            ps.setInt(1, defaultMaxRunning);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                candidates.put(rs.getObject(1, UUID.class), rs.getLong(2));
              }
            }
          }
          if (candidates.isEmpty()) {
            return List.of();
          }
          java.util.Map<Long, Long> room = new java.util.HashMap<>();
          Long[] tenants = new java.util.TreeSet<>(candidates.values()).toArray(Long[]::new);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM tenants WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE")) {
            ps.setArray(1, c.createArrayOf("bigint", tenants));
            ps.executeQuery().close();
          }
          // Counted again now that the tenants are locked: this sees every committed claim.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT t.id, COALESCE(t.max_running_jobs, ?) - count(r.id) FROM tenants t"
                      + " LEFT JOIN jobs r ON r.tenant_id = t.id AND r.status = 'RUNNING'"
                      + " WHERE t.id = ANY (?) GROUP BY t.id, t.max_running_jobs")) {
            ps.setInt(1, defaultMaxRunning);
            ps.setArray(2, c.createArrayOf("bigint", tenants));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                room.put(rs.getLong(1), rs.getLong(2));
              }
            }
          }
          List<UUID> chosen = new ArrayList<>();
          candidates.forEach(
              (id, tenant) -> {
                long left = room.getOrDefault(tenant, 0L);
                if (left > 0) {
                  room.put(tenant, left - 1);
                  chosen.add(id);
                }
              });
          return markClaimed(c, owner, chosen, lease);
        });
  }

  private List<JobRecord> markClaimed(Connection c, String owner, List<UUID> ids, Duration lease)
      throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    Timestamp now = now();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE jobs SET status = 'RUNNING', lease_owner = ?, lease_expires_at = ?,"
                + " started_at = COALESCE(started_at, ?), attempts = attempts + 1"
                + " WHERE id = ANY (?)")) {
      ps.setString(1, owner);
      ps.setTimestamp(2, Timestamp.from(clock.instant().plus(lease)));
      ps.setTimestamp(3, now);
      ps.setArray(4, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
    events(c, ids, "RUNNING", "{\"owner\": \"" + json(owner) + "\"}");
    List<JobRecord> out = new ArrayList<>(ids.size());
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
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

  /** A running job's progress, as its lease holder reports it. */
  public record Progress(UUID id, long fuelConsumed, int slices) {}

  /** A job whose lease was renewed, and whether a cancel waits for it. */
  public record Held(UUID id, boolean cancelRequested) {}

  /**
   * Renews {@code owner}'s leases on these jobs and records their progress, in one statement;
   * returns the jobs still held (the others were reclaimed or ended elsewhere).
   */
  public List<Held> heartbeat(String owner, List<Progress> progress, Duration lease) {
    if (progress.isEmpty()) {
      return List.of();
    }
    return Jdbc.transaction(
        dataSource,
        "renewing leases",
        c -> {
          List<Held> held = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jobs j SET lease_expires_at = ?, fuel_consumed = p.fuel,"
                      + " slices = p.slices FROM unnest(?::uuid[], ?::bigint[], ?::int[])"
                      + " AS p(id, fuel, slices) WHERE j.id = p.id AND j.lease_owner = ?"
                      + " AND j.status = 'RUNNING' RETURNING j.id, j.cancel_requested")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
            bindProgress(c, ps, 2, progress);
            ps.setString(5, owner);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                held.add(new Held(rs.getObject(1, UUID.class), rs.getBoolean(2)));
              }
            }
          }
          return held;
        });
  }

  private static void bindProgress(
      Connection c, PreparedStatement ps, int from, List<Progress> progress) throws SQLException {
    ps.setArray(from, c.createArrayOf("uuid", progress.stream().map(Progress::id).toArray()));
    ps.setArray(
        from + 1,
        c.createArrayOf("bigint", progress.stream().map(Progress::fuelConsumed).toArray()));
    ps.setArray(
        from + 2, c.createArrayOf("integer", progress.stream().map(Progress::slices).toArray()));
  }

  /**
   * Gives up {@code owner}'s leases on these jobs at once, recording their last progress: each goes
   * back to QUEUED (or to CANCELLED if a cancel waited for it), for any claimer to take now rather
   * than after its lease expires. Returns the ids released.
   */
  public List<UUID> release(String owner, List<Progress> progress) {
    if (progress.isEmpty()) {
      return List.of();
    }
    return Jdbc.transaction(
        dataSource,
        "releasing leases",
        c -> {
          List<UUID> released = new ArrayList<>();
          List<UUID> cancelled = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jobs j SET status = CASE WHEN j.cancel_requested THEN 'CANCELLED'"
                      + " ELSE 'QUEUED' END, finished_at = CASE WHEN j.cancel_requested THEN ?::timestamptz"
                      + " END, lease_owner = NULL, lease_expires_at = NULL,"
                      + " fuel_consumed = p.fuel, slices = p.slices"
                      + " FROM unnest(?::uuid[], ?::bigint[], ?::int[]) AS p(id, fuel, slices)"
                      + " WHERE j.id = p.id AND j.lease_owner = ? AND j.status = 'RUNNING'"
                      + " RETURNING j.id, j.status")) {
            ps.setTimestamp(1, now());
            bindProgress(c, ps, 2, progress);
            ps.setString(5, owner);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                released.add(id);
                if ("CANCELLED".equals(rs.getString(2))) {
                  cancelled.add(id);
                }
              }
            }
          }
          List<UUID> requeued = new ArrayList<>(released);
          requeued.removeAll(cancelled);
          events(c, requeued, "QUEUED", "{\"released\": true}");
          events(c, cancelled, "CANCELLED", null);
          return released;
        });
  }

  /** Extends {@code owner}'s leases on {@code jobIds}; returns the ids still held and renewed. */
  public List<UUID> renewLeases(String owner, List<UUID> jobIds, Duration lease) {
    return Jdbc.transaction(
        dataSource,
        "renewing leases",
        c -> {
          List<UUID> renewed = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jobs SET lease_expires_at = ? WHERE id = ANY (?) AND lease_owner = ?"
                      + " AND status = 'RUNNING' RETURNING id")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
            Array array = c.createArrayOf("uuid", jobIds.toArray());
            ps.setArray(2, array);
            ps.setString(3, owner);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                renewed.add(rs.getObject(1, UUID.class));
              }
            }
          }
          return renewed;
        });
  }

  /** Puts running jobs whose lease has expired back in the queue; returns how many. */
  public int reclaimExpired() {
    return Jdbc.transaction(
        dataSource,
        "reclaiming expired leases",
        c -> {
          List<UUID> reclaimed = new ArrayList<>();
          List<UUID> cancelled = new ArrayList<>();
          // A job whose cancel its dead holder never saw ends CANCELLED: claims skip it otherwise.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jobs SET status = CASE WHEN cancel_requested THEN 'CANCELLED'"
                      + " ELSE 'QUEUED' END, finished_at = CASE WHEN cancel_requested THEN ?::timestamptz"
                      + " END, lease_owner = NULL, lease_expires_at = NULL"
                      + " WHERE status = 'RUNNING' AND lease_expires_at < ? RETURNING id, status")) {
            ps.setTimestamp(1, now());
            ps.setTimestamp(2, now());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                ("CANCELLED".equals(rs.getString(2)) ? cancelled : reclaimed).add(id);
              }
            }
          }
          events(c, reclaimed, "QUEUED", "{\"reclaimed\": true}");
          events(c, cancelled, "CANCELLED", null);
          return reclaimed.size() + cancelled.size();
        });
  }

  /** Records a running job's progress; false when {@code owner} no longer holds it. */
  public boolean recordProgress(UUID id, String owner, long fuelConsumed, int slices) {
    return Jdbc.transaction(
        dataSource,
        "recording progress",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jobs SET fuel_consumed = ?, slices = ? WHERE id = ? AND lease_owner = ?"
                      + " AND status = 'RUNNING'")) {
            ps.setLong(1, fuelConsumed);
            ps.setInt(2, slices);
            ps.setObject(3, id);
            ps.setString(4, owner);
            return ps.executeUpdate() == 1;
          }
        });
  }

  private static final String FINISH =
      "UPDATE jobs SET status = ?, results = ?::jsonb, exit_code = ?, trap_code = ?,"
          + " trap_message = ?, stdout = ?, stderr = ?, stdout_truncated = ?,"
          + " stderr_truncated = ?, fuel_consumed = ?, slices = ?, finished_at = ?,"
          + " lease_owner = NULL, lease_expires_at = NULL"
          + " WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'";

  /**
   * Records how many jobs ended, in one transaction with batched updates; returns the ids that
   * {@code owner} still held and that were recorded.
   */
  public List<UUID> finishBatch(String owner, java.util.Map<UUID, JobOutcome> outcomes) {
    return Jdbc.transaction(
        dataSource,
        "finishing jobs",
        c -> {
          List<UUID> ids = new ArrayList<>(outcomes.keySet());
          int[] counts;
          try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            for (UUID id : ids) {
              bindFinish(ps, id, owner, outcomes.get(id));
              ps.addBatch();
            }
            counts = ps.executeBatch();
          }
          List<UUID> recorded = new ArrayList<>();
          for (int i = 0; i < ids.size(); i++) {
            if (counts[i] == 1) {
              recorded.add(ids.get(i));
            }
          }
          for (UUID id : recorded) {
            events(c, List.of(id), outcomes.get(id).status(), null);
          }
          return recorded;
        });
  }

  private void bindFinish(PreparedStatement ps, UUID id, String owner, JobOutcome outcome)
      throws SQLException {
    ps.setString(1, outcome.status());
    ps.setString(2, outcome.resultsJson());
    ps.setObject(3, outcome.exitCode(), Types.INTEGER);
    ps.setString(4, outcome.trapCode());
    ps.setString(5, outcome.trapMessage());
    ps.setBytes(6, capped(outcome.stdout()));
    ps.setBytes(7, capped(outcome.stderr()));
    ps.setBoolean(8, outcome.stdoutTruncated() || cut(outcome.stdout()));
    ps.setBoolean(9, outcome.stderrTruncated() || cut(outcome.stderr()));
    ps.setLong(10, outcome.fuelConsumed());
    ps.setInt(11, outcome.slices());
    ps.setTimestamp(12, now());
    ps.setObject(13, id);
    ps.setString(14, owner);
  }

  /** Records how a job ended; false when {@code owner} no longer holds it (nothing changes). */
  public boolean finish(UUID id, String owner, JobOutcome outcome) {
    return Jdbc.transaction(
        dataSource,
        "finishing a job",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            bindFinish(ps, id, owner, outcome);
            if (ps.executeUpdate() != 1) {
              return false;
            }
          }
          events(c, List.of(id), outcome.status(), null);
          return true;
        });
  }

  /** The tenant's job {@code id}. */
  public Optional<JobRecord> find(long tenantId, UUID id) {
    return Jdbc.transaction(
        dataSource, "reading a job", c -> read(c, id).filter(j -> j.tenantId() == tenantId));
  }

  /**
   * A page of the tenant's jobs, newest first, optionally of one status, after {@code cursor} (the
   * last id of the previous page, or null for the first page).
   */
  public Page list(long tenantId, String status, UUID cursor, int limit) {
    return Jdbc.transaction(
        dataSource,
        "listing jobs",
        c -> {
          List<JobRecord> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM jobs WHERE tenant_id = ? AND (?::text IS NULL OR status = ?)"
                      + " AND (?::uuid IS NULL OR id < ?) ORDER BY id DESC LIMIT ?")) {
            ps.setLong(1, tenantId);
            ps.setString(2, status);
            ps.setString(3, status);
            ps.setObject(4, cursor);
            ps.setObject(5, cursor);
            ps.setInt(6, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(row(rs));
              }
            }
          }
          UUID next = null;
          if (out.size() > limit) {
            out.remove(limit);
            next = out.get(limit - 1).id();
          }
          return new Page(out, next);
        });
  }

  /**
   * Cancels the tenant's job: a queued one becomes CANCELLED now; a running one is marked, for its
   * worker to stop within a quantum. Returns the status after, or empty when there is no such job.
   */
  public Optional<String> cancel(long tenantId, UUID id) {
    return Jdbc.transaction(
        dataSource,
        "cancelling a job",
        c -> {
          String status;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status FROM jobs WHERE id = ? AND tenant_id = ? FOR UPDATE")) {
            ps.setObject(1, id);
            ps.setLong(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              status = rs.getString(1);
            }
          }
          switch (status) {
            case "QUEUED" -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE jobs SET status = 'CANCELLED', finished_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, now());
                ps.setObject(2, id);
                ps.executeUpdate();
              }
              events(c, List.of(id), "CANCELLED", null);
              return Optional.of("CANCELLED");
            }
            case "RUNNING" -> {
              try (PreparedStatement ps =
                  c.prepareStatement("UPDATE jobs SET cancel_requested = true WHERE id = ?")) {
                ps.setObject(1, id);
                ps.executeUpdate();
              }
              return Optional.of("RUNNING");
            }
            default -> {
              return Optional.of(status);
            }
          }
        });
  }

  /** Deletes jobs (and their events) that ended before {@code before}; returns how many. */
  public int purgeFinishedBefore(Instant before) {
    return Jdbc.transaction(
        dataSource,
        "purging jobs",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM jobs WHERE finished_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
          }
        });
  }

  /** The job's transitions after event {@code afterId} (0 for all), oldest first. */
  public List<Event> events(UUID jobId, long afterId) {
    return Jdbc.transaction(
        dataSource,
        "reading job events",
        c -> {
          List<Event> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, job_id, status, detail::text, at FROM job_events"
                      + " WHERE job_id = ? AND id > ? ORDER BY id")) {
            ps.setObject(1, jobId);
            ps.setLong(2, afterId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Event(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()));
              }
            }
          }
          return out;
        });
  }

  private void events(Connection c, List<UUID> jobs, String status, String detailJson)
      throws SQLException {
    if (jobs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO job_events (job_id, status, detail, at) VALUES (?, ?, ?::jsonb, ?)")) {
      Timestamp now = now();
      for (UUID id : jobs) {
        ps.setObject(1, id);
        ps.setString(2, status);
        ps.setString(3, detailJson);
        ps.setTimestamp(4, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static Optional<JobRecord> read(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static JobRecord row(ResultSet rs) throws SQLException {
    return new JobRecord(
        rs.getObject(1, UUID.class),
        rs.getLong(2),
        rs.getBytes(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getBytes(8),
        rs.getLong(9),
        rs.getInt(10),
        rs.getString(11),
        rs.getString(12),
        rs.getBoolean(13),
        rs.getString(14),
        rs.getObject(15, Integer.class),
        rs.getString(16),
        rs.getString(17),
        rs.getBytes(18),
        rs.getBytes(19),
        rs.getLong(20),
        rs.getInt(21),
        rs.getInt(22),
        instant(rs, 23),
        instant(rs, 24),
        instant(rs, 25),
        rs.getString(26),
        instant(rs, 27));
  }
}
