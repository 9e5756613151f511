package io.timeslice.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A tenant's finished jobs summed up per minute: how many ended, the fuel they consumed, and their
 * latency from submission to end. Read from the jobs themselves, so that every replica answers the
 * same and the history lasts as long as the jobs are kept.
 */
public final class JobStatistics {
  /**
   * The jobs that ended in one minute.
   *
   * @param minute the minute's start
   * @param jobs how many ended in it
   * @param fuel the fuel they consumed, together
   * @param latencyP50Millis the median time from submission to end
   * @param latencyP95Millis the 95th percentile of that time
   * @param latencyMaxMillis the longest
   */
  public record Minute(
      Instant minute,
      long jobs,
      long fuel,
      long latencyP50Millis,
      long latencyP95Millis,
      long latencyMaxMillis) {}

  private static final String PER_MINUTE =
      """
      SELECT date_trunc('minute', finished_at) AS minute, count(*), coalesce(sum(fuel_consumed), 0),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency),
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency), max(latency)
      FROM (SELECT finished_at, fuel_consumed,
                   extract(epoch FROM finished_at - submitted_at) * 1000 AS latency
            FROM jobs
            WHERE tenant_id = ? AND finished_at >= ? AND finished_at IS NOT NULL) ended
      GROUP BY minute ORDER BY minute
      """;

  private final DataSource dataSource;

  /** Statistics over {@code dataSource}. */
  public JobStatistics(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The minutes since {@code since} in which some of the tenant's jobs ended, oldest first. */
  public List<Minute> perMinute(long tenantId, Instant since) {
    return Jdbc.transaction(
        dataSource,
        "summing up jobs",
        c -> {
          List<Minute> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(PER_MINUTE)) {
            ps.setLong(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Minute(
                        rs.getTimestamp(1).toInstant(),
                        rs.getLong(2),
                        rs.getLong(3),
                        Math.round(rs.getDouble(4)),
                        Math.round(rs.getDouble(5)),
                        Math.round(rs.getDouble(6))));
              }
            }
          }
          return out;
        });
  }
}
