package io.timeslice.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Deletes what is no longer needed: jobs that ended longer ago than their tenant's retention (the
 * service's default for tenants without their own), with their events (by cascade) and their output
 * (in the row); and compiled artifacts of IR versions other than the running engine's. One replica
 * at a time: a run takes a PostgreSQL advisory lock, and a replica that finds it taken skips its
 * run. Jobs go in batches, each its own transaction, so that a large backlog neither holds long
 * locks nor grows one transaction without bound.
 */
public final class Cleanup {
  /** The advisory lock's key: "tscleanu" in ASCII, so that it is recognisable in pg_locks. */
  static final long LOCK = 0x7473_636c_6561_6e75L;

  /**
   * What a run did.
   *
   * @param ran false when another replica held the lock and nothing was done
   * @param jobs the jobs deleted
   * @param artifacts the compiled artifacts deleted
   */
  public record Result(boolean ran, int jobs, int artifacts) {}

  private static final String EXPIRED_JOBS =
      """
      DELETE FROM jobs WHERE id IN (
          SELECT j.id FROM jobs j JOIN tenants t ON t.id = j.tenant_id
          WHERE j.finished_at IS NOT NULL
            AND j.finished_at < ?::timestamptz - COALESCE(t.retention_days, ?) * interval '1 day'
          LIMIT ?)
      """;
  private static final String OTHER_ARTIFACTS =
      "DELETE FROM compiled_artifacts WHERE engine_version <> ?";

  private final DataSource dataSource;
  private final Clock clock;
  private final int batch;

  /** Cleans {@code dataSource} as of {@code clock}, deleting at most {@code batch} jobs a time. */
  public Cleanup(DataSource dataSource, Clock clock, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive");
    }
    this.dataSource = dataSource;
    this.clock = clock;
    this.batch = batch;
  }

  /**
   * Runs once, unless another replica is running: deletes the expired jobs (kept {@code
   * defaultRetention} unless their tenant says otherwise) and the artifacts of IR versions other
   * than {@code irVersion}.
   *
   * @throws StorageException when the database fails (what was deleted stays deleted)
   */
  public Result run(Duration defaultRetention, String irVersion) {
    int days = (int) Math.max(1, defaultRetention.toDays());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      if (!lock(c, "SELECT pg_try_advisory_lock(?)")) {
        return new Result(false, 0, 0);
      }
      try {
        Timestamp now = Timestamp.from(clock.instant());
        int jobs = 0;
        int deleted;
        do {
          try (PreparedStatement ps = c.prepareStatement(EXPIRED_JOBS)) {
            ps.setTimestamp(1, now);
            ps.setInt(2, days);
            ps.setInt(3, batch);
            deleted = ps.executeUpdate();
          }
          jobs += deleted;
        } while (deleted == batch);
        int artifacts;
        try (PreparedStatement ps = c.prepareStatement(OTHER_ARTIFACTS)) {
          ps.setString(1, irVersion);
          artifacts = ps.executeUpdate();
        }
        return new Result(true, jobs, artifacts);
      } finally {
        lock(c, "SELECT pg_advisory_unlock(?)");
      }
    } catch (SQLException e) {
      throw new StorageException("cleaning up failed: " + e.getMessage(), e);
    }
  }

  private static boolean lock(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, LOCK);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
