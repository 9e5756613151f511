package io.timeslice.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Checkpoints of running jobs (the {@code job_checkpoints} table): at most one per job, replaced by
 * a newer one, deleted when the job ends (a trigger of migration V5), counted against the tenant's
 * checkpoint quota. Only the instance holding a job's lease saves its checkpoint. The bytes are
 * opaque here: the engine checks them when it restores them.
 */
public final class CheckpointRepository {
  /** What {@link #save} did. */
  public enum Saved {
    /** Stored, replacing the job's previous checkpoint. */
    SAVED,
    /** Not stored: the tenant's checkpoints would pass its quota; the previous one stays. */
    OVER_QUOTA,
    /** Not stored: the job is not running under this owner's lease. */
    NOT_HELD
  }

  /**
   * A stored checkpoint.
   *
   * @param bytes the checkpoint
   * @param fuelConsumed the job's fuel consumed when it was written
   */
  public record Stored(byte[] bytes, long fuelConsumed) {}

  private final DataSource dataSource;

  /** A repository over {@code dataSource}. */
  public CheckpointRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Saves {@code bytes} as job {@code jobId}'s checkpoint, written at {@code fuelConsumed}, if
   * {@code owner} holds the job's lease and the tenant's checkpoints, this one replacing the job's
   * previous, stay within {@code maxTenantBytes}. Saves of one tenant are serialized (its row is
   * locked), so that two instances cannot pass the quota together.
   *
   * @throws StorageException when the database fails
   */
  public Saved save(
      UUID jobId, String owner, byte[] bytes, long fuelConsumed, long maxTenantBytes) {
    return Jdbc.transaction(
        dataSource,
        "saving a checkpoint",
        c -> {
          long tenant;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT t.id FROM jobs j JOIN tenants t ON t.id = j.tenant_id"
                      + " WHERE j.id = ? AND j.lease_owner = ? AND j.status = 'RUNNING'"
                      + " FOR UPDATE OF t")) {
            ps.setObject(1, jobId);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Saved.NOT_HELD;
              }
              tenant = rs.getLong(1);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT coalesce(sum(size_bytes), 0) FROM job_checkpoints"
                      + " WHERE tenant_id = ? AND job_id <> ?")) {
            ps.setLong(1, tenant);
            ps.setObject(2, jobId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) + bytes.length > maxTenantBytes) {
                return Saved.OVER_QUOTA;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO job_checkpoints"
                      + " (job_id, tenant_id, checkpoint, size_bytes, fuel_consumed)"
                      + " VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT (job_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint,"
                      + " size_bytes = EXCLUDED.size_bytes,"
                      + " fuel_consumed = EXCLUDED.fuel_consumed, created_at = now()")) {
            ps.setObject(1, jobId);
            ps.setLong(2, tenant);
            ps.setBytes(3, bytes);
            ps.setLong(4, bytes.length);
            ps.setLong(5, fuelConsumed);
            ps.executeUpdate();
          }
          return Saved.SAVED;
        });
  }

  /** Job {@code jobId}'s checkpoint, if it has one. */
  public Optional<Stored> load(UUID jobId) {
    return Jdbc.transaction(
        dataSource,
        "loading a checkpoint",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT checkpoint, fuel_consumed FROM job_checkpoints WHERE job_id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Stored(rs.getBytes(1), rs.getLong(2)))
                  : Optional.empty();
            }
          }
        });
  }

  /** Deletes job {@code jobId}'s checkpoint (one that was refused); false when it had none. */
  public boolean delete(UUID jobId) {
    return Jdbc.transaction(
        dataSource,
        "deleting a checkpoint",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM job_checkpoints WHERE job_id = ?")) {
            ps.setObject(1, jobId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** The bytes tenant {@code tenantId}'s checkpoints take. */
  public long tenantBytes(long tenantId) {
    return Jdbc.transaction(
        dataSource,
        "summing a tenant's checkpoints",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT coalesce(sum(size_bytes), 0) FROM job_checkpoints WHERE tenant_id = ?")) {
            ps.setLong(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /**
   * Records that job {@code jobId}, held by {@code owner}, went on from its checkpoint written at
   * {@code fuelConsumed}: its count goes up and an event says so. False when it is not held.
   */
  public boolean markResumed(UUID jobId, String owner, long fuelConsumed) {
    return Jdbc.transaction(
        dataSource,
        "recording a resume from a checkpoint",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE jobs SET resumed_from_checkpoint = resumed_from_checkpoint + 1"
                      + " WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'")) {
            ps.setObject(1, jobId);
            ps.setString(2, owner);
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO job_events (job_id, status, detail) VALUES (?, 'RUNNING',"
                      + " jsonb_build_object('resumedFromCheckpoint', true, 'fuelConsumed', ?::bigint))")) {
            ps.setObject(1, jobId);
            ps.setLong(2, fuelConsumed);
            ps.executeUpdate();
          }
          return true;
        });
  }
}
