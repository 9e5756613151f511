package io.timeslice.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Tenants and their weights and quotas. */
public final class TenantRepository {
  private static final String COLUMNS =
      "id, name, weight, max_queued_jobs, max_running_jobs, max_fuel_per_job, max_memory_bytes,"
          + " max_output_bytes, max_module_bytes, retention_days, max_checkpoint_bytes,"
          + " checkpoint_interval_seconds, checkpoint_interval_fuel";

  private final DataSource dataSource;

  /** A repository over {@code dataSource}. */
  public TenantRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates a tenant.
   *
   * @throws StorageException when the name is taken or a value is out of range
   */
  public Tenant create(String name, int weight, Tenant.Quotas quotas) {
    return Jdbc.transaction(
        dataSource,
        "creating tenant " + name,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tenants (name, weight, max_queued_jobs, max_running_jobs,"
                      + " max_fuel_per_job, max_memory_bytes, max_output_bytes, max_module_bytes)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
                      + COLUMNS)) {
            ps.setString(1, name);
            ps.setInt(2, weight);
            setQuotas(ps, 3, quotas);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return read(rs);
            }
          }
        });
  }

  /** Changes a tenant's weight and quotas; false when there is no such tenant. */
  public boolean update(long id, int weight, Tenant.Quotas quotas) {
    return Jdbc.transaction(
        dataSource,
        "updating tenant " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tenants SET weight = ?, max_queued_jobs = ?, max_running_jobs = ?,"
                      + " max_fuel_per_job = ?, max_memory_bytes = ?, max_output_bytes = ?,"
                      + " max_module_bytes = ? WHERE id = ?")) {
            ps.setInt(1, weight);
            setQuotas(ps, 2, quotas);
            ps.setLong(8, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Sets how many days tenant {@code id}'s finished jobs are kept (null: the service's default);
   * false when there is no such tenant.
   */
  public boolean setRetention(long id, Integer days) {
    return Jdbc.transaction(
        dataSource,
        "setting tenant " + id + "'s retention",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE tenants SET retention_days = ? WHERE id = ?")) {
            ps.setObject(1, days, Types.INTEGER);
            ps.setLong(2, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Sets how tenant {@code id}'s running jobs are checkpointed (null fields: the service's
   * defaults); false when there is no such tenant.
   */
  public boolean setCheckpointSettings(long id, Tenant.CheckpointSettings settings) {
    return Jdbc.transaction(
        dataSource,
        "setting tenant " + id + "'s checkpoint settings",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE tenants SET max_checkpoint_bytes = ?, checkpoint_interval_seconds = ?,"
                      + " checkpoint_interval_fuel = ? WHERE id = ?")) {
            ps.setObject(1, settings.maxBytes(), Types.BIGINT);
            ps.setObject(2, settings.intervalSeconds(), Types.INTEGER);
            ps.setObject(3, settings.intervalFuel(), Types.BIGINT);
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** The tenant with {@code id}. */
  public Optional<Tenant> find(long id) {
    return one("SELECT " + COLUMNS + " FROM tenants WHERE id = ?", ps -> ps.setLong(1, id));
  }

  /** The tenant called {@code name}. */
  public Optional<Tenant> findByName(String name) {
    return one("SELECT " + COLUMNS + " FROM tenants WHERE name = ?", ps -> ps.setString(1, name));
  }

  /** Every tenant, by id. */
  public List<Tenant> list() {
    return Jdbc.transaction(
        dataSource,
        "listing tenants",
        c -> {
          List<Tenant> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM tenants ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(read(rs));
            }
          }
          return out;
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private Optional<Tenant> one(String sql, Binder binder) {
    return Jdbc.transaction(
        dataSource,
        "reading a tenant",
        (Connection c) -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
          }
        });
  }

  private static void setQuotas(PreparedStatement ps, int from, Tenant.Quotas q)
      throws SQLException {
    ps.setObject(from, q.maxQueuedJobs(), Types.INTEGER);
    ps.setObject(from + 1, q.maxRunningJobs(), Types.INTEGER);
    ps.setObject(from + 2, q.maxFuelPerJob(), Types.BIGINT);
    ps.setObject(from + 3, q.maxMemoryBytes(), Types.BIGINT);
    ps.setObject(from + 4, q.maxOutputBytes(), Types.INTEGER);
    ps.setObject(from + 5, q.maxModuleBytes(), Types.INTEGER);
  }

  private static Tenant read(ResultSet rs) throws SQLException {
    return new Tenant(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getInt("weight"),
        new Tenant.Quotas(
            rs.getObject("max_queued_jobs", Integer.class),
            rs.getObject("max_running_jobs", Integer.class),
            rs.getObject("max_fuel_per_job", Long.class),
            rs.getObject("max_memory_bytes", Long.class),
            rs.getObject("max_output_bytes", Integer.class),
            rs.getObject("max_module_bytes", Integer.class)),
        rs.getObject("retention_days", Integer.class),
        new Tenant.CheckpointSettings(
            rs.getObject("max_checkpoint_bytes", Long.class),
            rs.getObject("checkpoint_interval_seconds", Integer.class),
            rs.getObject("checkpoint_interval_fuel", Long.class)));
  }
}
