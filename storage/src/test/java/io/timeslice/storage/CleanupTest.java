package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.testing.MutableClock;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.storage.testing.TestModules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention: finished jobs older than their tenant's retention (else the default) go, with their
 * events and output; running and recent jobs stay; artifacts of other IR versions go; one replica
 * at a time.
 */
class CleanupTest {
  private static final Duration DEFAULT = Duration.ofDays(7);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
  private Database db;
  private JobQueue jobs;
  private JobQueries queries;
  private TenantRepository tenants;
  private long keeper;
  private long brief;
  private byte[] module;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobQueue(db.dataSource(), clock);
    queries = new JobQueries(db.dataSource());
    tenants = new TenantRepository(db.dataSource());
    keeper = tenants.create("keeper", 1, Tenant.Quotas.DEFAULTS).id();
    brief = tenants.create("brief", 1, Tenant.Quotas.DEFAULTS).id();
    assertThat(tenants.setRetention(brief, 1)).isTrue();
    module = TestModules.storeEmpty(db.dataSource(), keeper, brief);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private UUID finished(long tenant) {
    UUID id =
        jobs.submit(NewJob.call(tenant, module, "run", WasmValues.NONE, List.of(), 1000, 1))
            .job()
            .id();
    jobs.claim("w", 1, Duration.ofDays(30), 100);
    byte[] output = "output".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(
            jobs.finish(
                id,
                "w",
                new JobOutcome(
                    JobStatus.SUCCEEDED,
                    new long[0],
                    null,
                    null,
                    output,
                    output,
                    false,
                    false,
                    1,
                    1)))
        .isTrue();
    return id;
  }

  @Test
  void finishedJobsGoAfterTheirTenantsRetentionWithTheirEvents() {
    UUID oldKept = finished(keeper);
    UUID oldBrief = finished(brief);
    clock.advance(Duration.ofDays(3));
    UUID recentKept = finished(keeper);
    UUID recentBrief = finished(brief);
    UUID running =
        jobs.submit(NewJob.call(brief, module, "run", WasmValues.NONE, List.of(), 1000, 1))
            .job()
            .id();
    jobs.claim("w", 1, Duration.ofDays(30), 100);
    clock.advance(Duration.ofDays(2));
    // Now: the first two ended 5 days ago, the next two 2 days ago; the running one never did.
    Cleanup cleanup = new Cleanup(db.dataSource(), clock, 1);
    assertThat(cleanup.run(DEFAULT, "v1")).isEqualTo(new Cleanup.Result(true, 2, 0));
    assertThat(queries.find(brief, oldBrief)).isEmpty();
    assertThat(queries.find(brief, recentBrief)).isEmpty();
    assertThat(queries.events(oldBrief, 0)).isEmpty();
    assertThat(queries.find(keeper, oldKept)).isPresent();
    assertThat(queries.find(keeper, recentKept)).isPresent();
    assertThat(queries.find(brief, running)).isPresent();

    clock.advance(Duration.ofDays(3));
    assertThat(cleanup.run(DEFAULT, "v1")).isEqualTo(new Cleanup.Result(true, 1, 0));
    assertThat(queries.find(keeper, oldKept)).isEmpty();
    assertThat(queries.find(keeper, recentKept)).isPresent();
    assertThat(cleanup.run(DEFAULT, "v1")).isEqualTo(new Cleanup.Result(true, 0, 0));
  }

  @Test
  void artifactsOfOtherIrVersionsGo() {
    CompiledArtifactRepository artifacts = new CompiledArtifactRepository(db.dataSource());
    artifacts.store(module, "old", new byte[] {1}, 1);
    artifacts.store(module, "current", new byte[] {2}, 1);
    assertThat(new Cleanup(db.dataSource(), clock, 100).run(DEFAULT, "current"))
        .isEqualTo(new Cleanup.Result(true, 0, 1));
    assertThat(artifacts.find(module, "old")).isEmpty();
    assertThat(artifacts.find(module, "current")).isPresent();
  }

  @Test
  void whileAnotherReplicaCleansUpThisOneSkips() throws Exception {
    finished(brief);
    clock.advance(Duration.ofDays(2));
    Cleanup cleanup = new Cleanup(db.dataSource(), clock, 100);
    try (Connection other = db.dataSource().getConnection();
        PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, Cleanup.LOCK);
      lock.execute();
      assertThat(cleanup.run(DEFAULT, "v1")).isEqualTo(new Cleanup.Result(false, 0, 0));
      try (PreparedStatement unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        unlock.setLong(1, Cleanup.LOCK);
        unlock.execute();
      }
    }
    assertThat(cleanup.run(DEFAULT, "v1")).isEqualTo(new Cleanup.Result(true, 1, 0));
  }
}
