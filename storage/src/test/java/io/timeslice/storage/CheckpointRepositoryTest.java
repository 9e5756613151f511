package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.CheckpointRepository.Saved;
import io.timeslice.storage.testing.MutableClock;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.storage.testing.TestModules;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints of running jobs on PostgreSQL: one per job, replaced when superseded, saved only
 * under the job's lease and within the tenant's quota, gone when the job ends; tenants' checkpoint
 * settings; resumes counted with an event.
 */
class CheckpointRepositoryTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
  private Database db;
  private JobQueue jobs;
  private CheckpointRepository checkpoints;
  private TenantRepository tenants;
  private long tenant;
  private byte[] module;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobQueue(db.dataSource(), clock);
    checkpoints = new CheckpointRepository(db.dataSource());
    tenants = new TenantRepository(db.dataSource());
    tenant = tenants.create("acme", 1, Tenant.Quotas.DEFAULTS).id();
    module = TestModules.storeEmpty(db.dataSource(), tenant);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private UUID running(String owner) {
    UUID id =
        jobs.submit(NewJob.call(tenant, module, "run", WasmValues.NONE, List.of(), 1_000_000, 1))
            .job()
            .id();
    assertThat(jobs.claim(owner, 1, LEASE, 10)).extracting(JobRecord::id).containsExactly(id);
    return id;
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * seed);
    }
    return b;
  }

  @Test
  void aNewerCheckpointReplacesTheOlderOne() {
    UUID id = running("a");
    assertThat(checkpoints.load(id)).isEmpty();
    assertThat(checkpoints.save(id, "a", bytes(1000, 3), 500, 1 << 20)).isEqualTo(Saved.SAVED);
    assertThat(checkpoints.save(id, "a", bytes(300, 7), 900, 1 << 20)).isEqualTo(Saved.SAVED);
    CheckpointRepository.Stored stored = checkpoints.load(id).orElseThrow();
    assertThat(stored.bytes()).isEqualTo(bytes(300, 7));
    assertThat(stored.fuelConsumed()).isEqualTo(900);
    assertThat(checkpoints.tenantBytes(tenant)).isEqualTo(300);
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void onlyTheLeaseHolderSaves() {
    UUID id = running("a");
    assertThat(checkpoints.save(id, "b", bytes(10, 1), 1, 1 << 20)).isEqualTo(Saved.NOT_HELD);
    assertThat(checkpoints.load(id)).isEmpty();
  }

  @Test
  void aSaveOverTheTenantsQuotaIsSkippedAndKeepsThePreviousOne() {
    UUID first = running("a");
    UUID second = running("a");
    assertThat(checkpoints.save(first, "a", bytes(600, 1), 10, 1000)).isEqualTo(Saved.SAVED);
    assertThat(checkpoints.save(second, "a", bytes(500, 2), 10, 1000)).isEqualTo(Saved.OVER_QUOTA);
    assertThat(checkpoints.load(second)).isEmpty();
    // A job's own previous checkpoint does not count against its replacement.
    assertThat(checkpoints.save(first, "a", bytes(900, 3), 20, 1000)).isEqualTo(Saved.SAVED);
    assertThat(checkpoints.save(first, "a", bytes(1001, 3), 30, 1000)).isEqualTo(Saved.OVER_QUOTA);
    assertThat(checkpoints.load(first).orElseThrow().fuelConsumed()).isEqualTo(20);
  }

  @Test
  void aCheckpointGoesWhenItsJobEnds() {
    UUID id = running("a");
    checkpoints.save(id, "a", bytes(100, 1), 10, 1 << 20);
    assertThat(
            jobs.finish(
                id,
                "a",
                new JobOutcome(
                    JobStatus.SUCCEEDED, new long[0], null, null, null, null, false, false, 50, 2)))
        .isTrue();
    assertThat(checkpoints.load(id)).isEmpty();
    assertThat(rows()).isZero();
  }

  @Test
  void aReleasedJobKeepsItsCheckpointForTheNextClaimer() {
    UUID id = running("a");
    checkpoints.save(id, "a", bytes(100, 1), 10, 1 << 20);
    assertThat(jobs.release("a", List.of(new JobQueue.Progress(id, 10, 1)))).containsExactly(id);
    assertThat(jobs.claim("b", 1, LEASE, 10)).extracting(JobRecord::id).containsExactly(id);
    assertThat(checkpoints.load(id)).isPresent();
    assertThat(checkpoints.markResumed(id, "a", 10)).isFalse();
    assertThat(checkpoints.markResumed(id, "b", 10)).isTrue();
    assertThat(resumedCount(id)).isEqualTo(1);
    assertThat(new JobQueries(db.dataSource()).events(id, 0))
        .anySatisfy(e -> assertThat(e.detailJson()).contains("resumedFromCheckpoint"));
  }

  @Test
  void tenantsKeepTheirCheckpointSettings() {
    assertThat(tenants.find(tenant).orElseThrow().checkpoints())
        .isEqualTo(Tenant.CheckpointSettings.DEFAULTS);
    Tenant.CheckpointSettings s = new Tenant.CheckpointSettings(1L << 20, 30, 5_000_000L);
    assertThat(tenants.setCheckpointSettings(tenant, s)).isTrue();
    assertThat(tenants.find(tenant).orElseThrow().checkpoints()).isEqualTo(s);
    assertThat(tenants.setCheckpointSettings(999, s)).isFalse();
  }

  private int rows() {
    return count("SELECT count(*) FROM job_checkpoints");
  }

  private int resumedCount(UUID id) {
    return count("SELECT resumed_from_checkpoint FROM jobs WHERE id = '" + id + "'");
  }

  private int count(String sql) {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
