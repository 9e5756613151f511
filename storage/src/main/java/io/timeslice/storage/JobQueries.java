package io.timeslice.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reading jobs: one job of a tenant, a tenant's jobs page by page (newest first, by a cursor), and
 * a job's event history, and a tenant's events across its jobs. Reads only; the queue ({@link
 * JobQueue}) changes jobs.
 */
public final class JobQueries {
  /** A page of jobs, newest first, and the cursor of the next page (null at the end). */
  public record Page(List<JobRecord> jobs, UUID nextCursor) {}

  private static final String PAGE =
      "SELECT "
          + JobRows.COLUMNS
          + """
          FROM jobs
          WHERE tenant_id = ? AND (?::text IS NULL OR status = ?) AND (?::uuid IS NULL OR id < ?)
          ORDER BY id DESC LIMIT ?
          """;
  private static final String EVENTS =
      """
      SELECT e.id, e.job_id, e.status, e.detail::text, e.at, j.trace_parent
      FROM job_events e JOIN jobs j ON j.id = e.job_id
      WHERE e.job_id = ? AND e.id > ? ORDER BY e.id
      """;
  private static final String TENANT_EVENTS =
      """
      SELECT e.id, e.job_id, e.status, e.detail::text, e.at, j.trace_parent
      FROM job_events e JOIN jobs j ON j.id = e.job_id
      WHERE j.tenant_id = ? AND e.id > ? ORDER BY e.id LIMIT ?
      """;

  private final DataSource dataSource;

  /** Queries over {@code dataSource}. */
  public JobQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The tenant's job {@code id}. */
  public Optional<JobRecord> find(long tenantId, UUID id) {
    return Jdbc.transaction(
        dataSource,
        "reading a job",
        c -> JobRows.read(c, id).filter(j -> j.tenantId() == tenantId));
  }

  /**
   * A page of the tenant's jobs, newest first, optionally of one status, after {@code cursor} (the
   * last id of the previous page, or null for the first page).
   */
  public Page list(long tenantId, JobStatus status, UUID cursor, int limit) {
    return Jdbc.transaction(
        dataSource,
        "listing jobs",
        c -> {
          List<JobRecord> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(PAGE)) {
            String filter = status == null ? null : status.name();
            ps.setLong(1, tenantId);
            ps.setString(2, filter);
            ps.setString(3, filter);
            ps.setObject(4, cursor);
            ps.setObject(5, cursor);
            ps.setInt(6, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(JobRows.row(rs));
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

  /** The job's transitions after event {@code afterId} (0 for all), oldest first. */
  public List<JobEvent> events(UUID jobId, long afterId) {
    return Jdbc.transaction(
        dataSource,
        "reading job events",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
            ps.setObject(1, jobId);
            ps.setLong(2, afterId);
            return readEvents(ps);
          }
        });
  }

  /**
   * The transitions of all the tenant's jobs after event {@code afterId}, oldest first, at most
   * {@code limit} of them.
   */
  public List<JobEvent> tenantEvents(long tenantId, long afterId, int limit) {
    return Jdbc.transaction(
        dataSource,
        "reading a tenant's job events",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(TENANT_EVENTS)) {
            ps.setLong(1, tenantId);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            return readEvents(ps);
          }
        });
  }

  /** The id of the newest event of any job (0 when there is none): where "from now on" starts. */
  public long lastEventId() {
    return Jdbc.transaction(
        dataSource,
        "reading the last job event",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT coalesce(max(id), 0) FROM job_events");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static List<JobEvent> readEvents(PreparedStatement ps) throws SQLException {
    List<JobEvent> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new JobEvent(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                JobStatus.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                TraceParents.traceId(rs.getString(6))));
      }
    }
    return out;
  }
}
