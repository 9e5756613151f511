package io.timeslice.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The job queue and its leases: idempotent submission within a tenant's queued-jobs limit, claiming
 * under a lease ({@code FOR UPDATE SKIP LOCKED}, tenants in turn, within each tenant's running-jobs
 * quota across all claimers), heartbeats, release and reclaiming, outcomes, and cancellation. Every
 * transition is appended to the job's events. Every time comes from the injected clock.
 */
public final class JobQueue {
  /** Output bytes kept per stream by default: 16 MiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 16 << 20;

  /** The outcome of a submit: the job, and whether this call created it. */
  public record Submitted(JobRecord job, boolean created) {}

  /** A running job's progress, as its lease holder reports it. */
  public record Progress(UUID id, long fuelConsumed, int slices) {}

  /** A job whose lease was renewed, and whether a cancel waits for it. */
  public record Held(UUID id, boolean cancelRequested) {}

  private static final String INSERT =
      """
      INSERT INTO jobs (id, tenant_id, module_hash, entry_function, arguments, argument_types,
                        result_types, wasi_args, wasi_env, stdin, fuel_limit,
                        fuel_schedule_version, priority, idempotency_key, request_hash, status,
                        submitted_at, trace_parent)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?)
      """;
  private static final String INSERT_IDEMPOTENT =
      INSERT
          + """
          ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
          """;
  private static final String BY_KEY =
      "SELECT id, request_hash FROM jobs WHERE tenant_id = ? AND idempotency_key = ?";
  private static final String COUNT_QUEUED =
      "SELECT count(*) FROM jobs WHERE tenant_id = ? AND status = 'QUEUED'";

  // Each tenant's room (its running-jobs quota minus its running jobs), then its queued jobs ranked
  // by turn (its first job, its second, ...), then as many as fit, tenants in turn.
  private static final String CANDIDATES =
      """
      WITH room AS (
          SELECT t.id AS tenant_id, COALESCE(t.max_running_jobs, ?) - count(r.id) AS room
          FROM tenants t LEFT JOIN jobs r ON r.tenant_id = t.id AND r.status = 'RUNNING'
          GROUP BY t.id, t.max_running_jobs),
      ranked AS (
          SELECT q.id, q.tenant_id, q.priority,
                 row_number() OVER (PARTITION BY q.tenant_id ORDER BY q.priority DESC, q.id) AS turn
          FROM jobs q WHERE q.status = 'QUEUED' AND NOT q.cancel_requested),
      picked AS (
          SELECT ranked.id, ranked.tenant_id, ranked.turn, ranked.priority
          FROM ranked JOIN room USING (tenant_id) WHERE ranked.turn <= room.room
          ORDER BY ranked.turn, ranked.priority DESC, ranked.id LIMIT ?)
      SELECT j.id, j.tenant_id FROM jobs j JOIN picked ON picked.id = j.id
      WHERE j.status = 'QUEUED' AND NOT j.cancel_requested
      ORDER BY picked.turn, picked.priority DESC, picked.id
      FOR UPDATE OF j SKIP LOCKED
      """;
  private static final String LOCK_TENANTS =
      "SELECT id FROM tenants WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE";
  private static final String ROOM =
      """
      SELECT t.id, COALESCE(t.max_running_jobs, ?) - count(r.id)
      FROM tenants t LEFT JOIN jobs r ON r.tenant_id = t.id AND r.status = 'RUNNING'
      WHERE t.id = ANY (?) GROUP BY t.id, t.max_running_jobs
      """;
  private static final String MARK_CLAIMED =
      """
      UPDATE jobs SET status = 'RUNNING', lease_owner = ?, lease_expires_at = ?,
                      started_at = COALESCE(started_at, ?), attempts = attempts + 1
      WHERE id = ANY (?)
      """;
  private static final String HEARTBEAT =
      """
      UPDATE jobs j SET lease_expires_at = ?, fuel_consumed = p.fuel, slices = p.slices
      FROM unnest(?::uuid[], ?::bigint[], ?::int[]) AS p(id, fuel, slices)
      WHERE j.id = p.id AND j.lease_owner = ? AND j.status = 'RUNNING'
      RETURNING j.id, j.cancel_requested
      """;
  // A job whose cancel waited for its holder ends CANCELLED rather than queued again.
  private static final String RELEASE =
      """
      UPDATE jobs j SET
          status = CASE WHEN j.cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
          failure_kind = CASE WHEN j.cancel_requested THEN 'CANCELLED' END,
          failure_message = CASE WHEN j.cancel_requested THEN 'cancelled while running' END,
          finished_at = CASE WHEN j.cancel_requested THEN ?::timestamptz END,
          lease_owner = NULL, lease_expires_at = NULL, fuel_consumed = p.fuel, slices = p.slices
      FROM unnest(?::uuid[], ?::bigint[], ?::int[]) AS p(id, fuel, slices)
      WHERE j.id = p.id AND j.lease_owner = ? AND j.status = 'RUNNING'
      RETURNING j.id, j.status, j.fuel_consumed
      """;
  private static final String RECLAIM =
      """
      UPDATE jobs SET
          status = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
          failure_kind = CASE WHEN cancel_requested THEN 'CANCELLED' END,
          failure_message = CASE WHEN cancel_requested THEN 'cancelled while running' END,
          finished_at = CASE WHEN cancel_requested THEN ?::timestamptz END,
          lease_owner = NULL, lease_expires_at = NULL
      WHERE status = 'RUNNING' AND lease_expires_at < ?
      RETURNING id, status, fuel_consumed
      """;
  private static final String FINISH =
      """
      UPDATE jobs SET status = ?, results = ?, exit_code = ?, failure_kind = ?, trap_code = ?,
                      failure_message = ?, stdout = ?, stderr = ?, stdout_truncated = ?,
                      stderr_truncated = ?, fuel_consumed = ?, slices = ?, finished_at = ?,
                      lease_owner = NULL, lease_expires_at = NULL
      WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'
      """;
  private static final String LOCK_FOR_CANCEL =
      "SELECT status FROM jobs WHERE id = ? AND tenant_id = ? FOR UPDATE";
  private static final String CANCEL_QUEUED =
      """
      UPDATE jobs SET status = 'CANCELLED', failure_kind = 'CANCELLED',
                      failure_message = 'cancelled before it started', finished_at = ?
      WHERE id = ?
      """;
  // The instance running the job hears of it at once (JobNotifications), else at its heartbeat.
  private static final String REQUEST_CANCEL =
      """
      WITH marked AS (UPDATE jobs SET cancel_requested = true WHERE id = ? RETURNING id)
      SELECT pg_notify('"""
          + JobNotifications.CANCEL_REQUESTED
          + """
          ', id::text) FROM marked
          """;

  private final DataSource dataSource;
  private final Clock clock;
  private final UuidV7 ids;
  private final int maxOutputBytes;

  /** A queue over {@code dataSource}, reading time from {@code clock}. */
  public JobQueue(DataSource dataSource, Clock clock) {
    this(dataSource, clock, DEFAULT_MAX_OUTPUT_BYTES);
  }

  /**
   * A queue that keeps at most {@code maxOutputBytes} of each output stream: more is cut and the
   * stream marked truncated, so an output flood cannot bloat a row.
   */
  public JobQueue(DataSource dataSource, Clock clock, int maxOutputBytes) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.ids = new UuidV7(clock);
    this.maxOutputBytes = maxOutputBytes;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private Timestamp inFuture(Duration d) {
    return Timestamp.from(clock.instant().plus(d));
  }

  /**
   * Submits a job as QUEUED, or returns the tenant's job with the same idempotency key.
   *
   * @throws IdempotencyConflictException when the key was used for a different request
   */
  public Submitted submit(NewJob job) {
    return Jdbc.transaction(dataSource, "submitting a job", c -> insert(c, job));
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
          try (PreparedStatement ps = c.prepareStatement(COUNT_QUEUED)) {
            ps.setLong(1, job.tenantId());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) >= maxQueued) {
                throw new QueueFullException(job.tenantId(), maxQueued);
              }
            }
          }
          return insert(c, job);
        });
  }

  /** Submits jobs in one transaction, with batched inserts where no idempotency key is given. */
  public List<Submitted> submitBatch(List<NewJob> jobs) {
    return Jdbc.transaction(
        dataSource,
        "submitting jobs",
        c -> {
          List<Submitted> out = new ArrayList<>(jobs.size());
          List<UUID> created = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewJob j : jobs) {
              if (j.idempotencyKey() != null) {
                out.add(insert(c, j));
              } else {
                UUID id = ids.next();
                bindInsert(c, ps, id, j);
                ps.addBatch();
                created.add(id);
              }
            }
            ps.executeBatch();
          }
          JobRows.events(c, clock, created, JobStatus.QUEUED, null);
          Map<UUID, JobRecord> rows = new HashMap<>();
          for (JobRecord r : JobRows.read(c, created)) {
            rows.put(r.id(), r);
          }
          for (UUID id : created) {
            out.add(new Submitted(rows.get(id), true));
          }
          return out;
        });
  }

  private Submitted insert(Connection c, NewJob j) throws SQLException {
    UUID id = ids.next();
    int inserted;
    try (PreparedStatement ps =
        c.prepareStatement(j.idempotencyKey() == null ? INSERT : INSERT_IDEMPOTENT)) {
      bindInsert(c, ps, id, j);
      inserted = ps.executeUpdate();
    }
    if (inserted == 1) {
      JobRows.events(c, clock, List.of(id), JobStatus.QUEUED, null);
      return new Submitted(JobRows.read(c, id).orElseThrow(), true);
    }
    return existing(c, j).orElseThrow();
  }

  private void bindInsert(Connection c, PreparedStatement ps, UUID id, NewJob j)
      throws SQLException {
    ps.setObject(1, id);
    ps.setLong(2, j.tenantId());
    ps.setBytes(3, j.moduleHash());
    ps.setString(4, j.entryFunction());
    ps.setArray(5, JobRows.bits(c, j.arguments().bits()));
    ps.setArray(6, JobRows.types(c, j.arguments().types()));
    ps.setArray(7, JobRows.types(c, j.resultTypes()));
    ps.setArray(8, JobRows.texts(c, j.wasiArgs()));
    ps.setString(9, JobRows.environment(j.wasiEnv()));
    ps.setBytes(10, j.stdin());
    ps.setLong(11, j.fuelLimit());
    ps.setInt(12, j.fuelScheduleVersion());
    ps.setInt(13, j.priority());
    ps.setString(14, j.idempotencyKey());
    ps.setBytes(15, j.requestHash());
    ps.setTimestamp(16, now());
    ps.setString(17, j.traceParent());
  }

  private static Optional<Submitted> existing(Connection c, NewJob j) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(BY_KEY)) {
      ps.setLong(1, j.tenantId());
      ps.setString(2, j.idempotencyKey());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        if (!Arrays.equals(rs.getBytes(2), j.requestHash())) {
          throw new IdempotencyConflictException(j.idempotencyKey());
        }
        UUID id = rs.getObject(1, UUID.class);
        return Optional.of(new Submitted(JobRows.read(c, id).orElseThrow(), false));
      }
    }
  }

  /**
   * Claims up to {@code limit} runnable jobs for {@code owner} until {@code lease} from now, never
   * letting a tenant hold more than its {@code max_running_jobs} (or {@code defaultMaxRunning})
   * RUNNING jobs across all claimers, and taking tenants in turn (each tenant's first job, then
   * each one's second, ...), so that one tenant's backlog cannot fill a claim batch while another
   * tenant waits; within a tenant, highest priority first, then oldest. Jobs another claimer has
   * locked are skipped, not waited for. The claimed tenants' rows are locked while their running
   * jobs are counted: two claimers cannot both take a tenant's last place, and claimers of
   * different tenants do not wait for each other.
   */
  public List<JobRecord> claim(String owner, int limit, Duration lease, int defaultMaxRunning) {
    return Jdbc.transaction(
        dataSource,
        "claiming jobs",
        c -> {
          Map<UUID, Long> candidates = new LinkedHashMap<>();
          try (PreparedStatement ps = c.prepareStatement(CANDIDATES)) {
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
          Long[] tenants = new TreeSet<>(candidates.values()).toArray(Long[]::new);
          try (PreparedStatement ps = c.prepareStatement(LOCK_TENANTS)) {
            ps.setArray(1, c.createArrayOf("bigint", tenants));
            ps.executeQuery().close();
          }
          // Counted again now that the tenants are locked: this sees every committed claim.
          Map<Long, Long> room = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(ROOM)) {
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
          if (chosen.isEmpty()) {
            return List.of();
          }
          try (PreparedStatement ps = c.prepareStatement(MARK_CLAIMED)) {
            ps.setString(1, owner);
            ps.setTimestamp(2, inFuture(lease));
            ps.setTimestamp(3, now());
            ps.setArray(4, JobRows.uuids(c, chosen));
            ps.executeUpdate();
          }
          JobRows.events(c, clock, chosen, JobStatus.RUNNING, Map.of("owner", owner));
          return JobRows.read(c, chosen);
        });
  }

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
          try (PreparedStatement ps = c.prepareStatement(HEARTBEAT)) {
            ps.setTimestamp(1, inFuture(lease));
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
    ps.setArray(from, JobRows.uuids(c, progress.stream().map(Progress::id).toList()));
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
          try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.setTimestamp(1, now());
            bindProgress(c, ps, 2, progress);
            ps.setString(5, owner);
            return requeued(c, ps, "released");
          }
        });
  }

  /** Puts running jobs whose lease has expired back in the queue; returns how many. */
  public int reclaimExpired() {
    return Jdbc.transaction(
        dataSource,
        "reclaiming expired leases",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(RECLAIM)) {
            ps.setTimestamp(1, now());
            ps.setTimestamp(2, now());
            return requeued(c, ps, "reclaimed").size();
          }
        });
  }

  /**
   * Runs a release or reclaim and records its transitions; returns the ids it changed. Each QUEUED
   * event says {@code why} and the fuel the job had consumed when it was stopped (a release) or at
   * its last heartbeat (a reclaim): with the next resume's checkpoint fuel, what it runs twice.
   */
  private List<UUID> requeued(Connection c, PreparedStatement ps, String why) throws SQLException {
    Map<UUID, Map<String, ?>> queued = new LinkedHashMap<>();
    List<UUID> cancelled = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        UUID id = rs.getObject(1, UUID.class);
        if (JobStatus.valueOf(rs.getString(2)) == JobStatus.CANCELLED) {
          cancelled.add(id);
        } else {
          queued.put(id, Map.of(why, true, "fuelConsumed", rs.getLong(3)));
        }
      }
    }
    JobRows.events(c, clock, queued, JobStatus.QUEUED);
    JobRows.events(c, clock, cancelled, JobStatus.CANCELLED, null);
    List<UUID> all = new ArrayList<>(queued.keySet());
    all.addAll(cancelled);
    return all;
  }

  /** Records how a job ended; false when {@code owner} no longer holds it (nothing changes). */
  public boolean finish(UUID id, String owner, JobOutcome outcome) {
    return finishBatch(owner, Map.of(id, outcome)).contains(id);
  }

  /**
   * Records how jobs ended, in one transaction with batched updates; returns the ids that {@code
   * owner} still held and that were recorded.
   */
  public List<UUID> finishBatch(String owner, Map<UUID, JobOutcome> outcomes) {
    return Jdbc.transaction(
        dataSource,
        "finishing jobs",
        c -> {
          List<UUID> ids = new ArrayList<>(outcomes.keySet());
          int[] counts;
          try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            for (UUID id : ids) {
              bindFinish(c, ps, id, owner, outcomes.get(id));
              ps.addBatch();
            }
            counts = ps.executeBatch();
          }
          List<UUID> recorded = new ArrayList<>();
          for (int i = 0; i < ids.size(); i++) {
            if (counts[i] == 1) {
              UUID id = ids.get(i);
              recorded.add(id);
              JobRows.events(c, clock, List.of(id), outcomes.get(id).status(), null);
            }
          }
          return recorded;
        });
  }

  private void bindFinish(
      Connection c, PreparedStatement ps, UUID id, String owner, JobOutcome outcome)
      throws SQLException {
    Failure failure = outcome.failure();
    ps.setString(1, outcome.status().name());
    ps.setArray(2, JobRows.bits(c, outcome.results()));
    ps.setObject(3, outcome.exitCode(), Types.INTEGER);
    ps.setString(4, failure == null ? null : failure.kind().name());
    ps.setString(5, failure == null ? null : failure.trapCode());
    ps.setString(6, failure == null ? null : failure.message());
    ps.setBytes(7, capped(outcome.stdout()));
    ps.setBytes(8, capped(outcome.stderr()));
    ps.setBoolean(9, outcome.stdoutTruncated() || cut(outcome.stdout()));
    ps.setBoolean(10, outcome.stderrTruncated() || cut(outcome.stderr()));
    ps.setLong(11, outcome.fuelConsumed());
    ps.setInt(12, outcome.slices());
    ps.setTimestamp(13, now());
    ps.setObject(14, id);
    ps.setString(15, owner);
  }

  private byte[] capped(byte[] output) {
    return output == null || output.length <= maxOutputBytes
        ? output
        : Arrays.copyOf(output, maxOutputBytes);
  }

  private boolean cut(byte[] output) {
    return output != null && output.length > maxOutputBytes;
  }

  /**
   * Cancels the tenant's job: a queued one becomes CANCELLED now; a running one is marked, for its
   * worker to stop within a quantum. Returns the status after, or empty when there is no such job.
   */
  public Optional<JobStatus> cancel(long tenantId, UUID id) {
    return Jdbc.transaction(
        dataSource,
        "cancelling a job",
        c -> {
          JobStatus status;
          try (PreparedStatement ps = c.prepareStatement(LOCK_FOR_CANCEL)) {
            ps.setObject(1, id);
            ps.setLong(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              status = JobStatus.valueOf(rs.getString(1));
            }
          }
          switch (status) {
            case QUEUED -> {
              try (PreparedStatement ps = c.prepareStatement(CANCEL_QUEUED)) {
                ps.setTimestamp(1, now());
                ps.setObject(2, id);
                ps.executeUpdate();
              }
              JobRows.events(c, clock, List.of(id), JobStatus.CANCELLED, null);
              return Optional.of(JobStatus.CANCELLED);
            }
            case RUNNING -> {
              try (PreparedStatement ps = c.prepareStatement(REQUEST_CANCEL)) {
                ps.setObject(1, id);
                ps.executeQuery().close();
              }
              return Optional.of(JobStatus.RUNNING);
            }
            default -> {
              return Optional.of(status);
            }
          }
        });
  }
}
