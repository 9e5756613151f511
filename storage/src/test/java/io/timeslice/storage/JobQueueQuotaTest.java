package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.storage.testing.MutableClock;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.storage.testing.TestModules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queued-jobs limit, running-jobs quotas in claims, heartbeats with progress, releases. */
class JobQueueQuotaTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private Database db;
  private JobQueue jobs;
  private JobQueries queries;
  private long tenant;
  private long other;
  private byte[] module;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobQueue(db.dataSource(), clock);
    queries = new JobQueries(db.dataSource());
    TenantRepository tenants = new TenantRepository(db.dataSource());
    tenant = tenants.create("acme", 1, new Tenant.Quotas(null, 2, null, null, null, null)).id();
    other = tenants.create("globex", 1, Tenant.Quotas.DEFAULTS).id();
    module = TestModules.storeEmpty(db.dataSource(), tenant, other);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private NewJob job(long owner, String key) {
    return NewJob.call(owner, module, "run", WasmValues.NONE, List.of(), 1_000_000, 1)
        .withIdempotencyKey(key, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFullQueueRefusesNewJobsButReturnsAcceptedOnes() {
    UUID first = jobs.submit(job(tenant, "a"), 2).job().id();
    jobs.submit(job(tenant, null), 2);
    assertThatThrownBy(() -> jobs.submit(job(tenant, "b"), 2))
        .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.limit()).isEqualTo(2));
    JobQueue.Submitted retry = jobs.submit(job(tenant, "a"), 2);
    assertThat(retry.created()).isFalse();
    assertThat(retry.job().id()).isEqualTo(first);
    // Another tenant's queue is its own.
    assertThat(jobs.submit(job(other, "b"), 2).created()).isTrue();
    // Running jobs do not count as queued.
    jobs.claim("w", 10, LEASE, 100);
    assertThat(jobs.submit(job(tenant, "c"), 2).created()).isTrue();
  }

  @Test
  void claimsKeepEachTenantWithinItsRunningQuotaAndTakeTenantsInTurn() {
    for (int i = 0; i < 5; i++) {
      jobs.submit(job(tenant, null));
    }
    UUID others = jobs.submit(job(other, null)).job().id();
    List<JobRecord> first = jobs.claim("w1", 2, LEASE, 100);
    // One job of each tenant first, not the older tenant's two.
    assertThat(first).extracting(JobRecord::tenantId).containsExactlyInAnyOrder(tenant, other);
    assertThat(first).extracting(JobRecord::id).contains(others);
    List<JobRecord> second = jobs.claim("w2", 10, LEASE, 100);
    assertThat(second).hasSize(1).allMatch(r -> r.tenantId() == tenant);
    assertThat(jobs.claim("w3", 10, LEASE, 100)).isEmpty();
    // A default applies to tenants without their own quota.
    jobs.submit(job(other, null));
    assertThat(jobs.claim("w3", 10, LEASE, 1)).isEmpty();
    assertThat(jobs.claim("w3", 10, LEASE, 2)).hasSize(1);
  }

  @Test
  void aHeartbeatRenewsRecordsProgressAndReportsCancels() {
    UUID a = jobs.submit(job(other, null)).job().id();
    UUID b = jobs.submit(job(other, null)).job().id();
    jobs.claim("w", 10, LEASE, 100);
    jobs.cancel(other, b);
    clock.advance(Duration.ofSeconds(20));
    List<JobQueue.Held> held =
        jobs.heartbeat(
            "w", List.of(new JobQueue.Progress(a, 1234, 3), new JobQueue.Progress(b, 5, 1)), LEASE);
    assertThat(held)
        .containsExactlyInAnyOrder(new JobQueue.Held(a, false), new JobQueue.Held(b, true));
    JobRecord r = queries.find(other, a).orElseThrow();
    assertThat(r.fuelConsumed()).isEqualTo(1234);
    assertThat(r.slices()).isEqualTo(3);
    assertThat(r.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(jobs.heartbeat("intruder", List.of(new JobQueue.Progress(a, 1, 1)), LEASE))
        .isEmpty();
  }

  @Test
  void releasedJobsAreQueuedAgainAtOnceOrCancelledIfACancelWaited() {
    UUID a = jobs.submit(job(other, null)).job().id();
    UUID b = jobs.submit(job(other, null)).job().id();
    jobs.claim("w", 10, LEASE, 100);
    jobs.cancel(other, b);
    List<UUID> released =
        jobs.release("w", List.of(new JobQueue.Progress(a, 77, 2), new JobQueue.Progress(b, 1, 1)));
    assertThat(released).containsExactlyInAnyOrder(a, b);
    JobRecord ra = queries.find(other, a).orElseThrow();
    assertThat(ra.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(ra.leaseOwner()).isNull();
    assertThat(ra.fuelConsumed()).isEqualTo(77);
    // The QUEUED event says the fuel the job stopped at: what its next resume may run again.
    assertThat(queries.events(a, 0))
        .last()
        .extracting(JobEvent::detailJson)
        .asString()
        .contains("\"released\": true")
        .contains("\"fuelConsumed\": 77");
    JobRecord rb = queries.find(other, b).orElseThrow();
    assertThat(rb.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(rb.finishedAt()).isNotNull();
    assertThat(queries.events(b, 0))
        .extracting(JobEvent::status)
        .last()
        .isEqualTo(JobStatus.CANCELLED);
    // Claimable again without waiting for the lease.
    assertThat(jobs.claim("w2", 10, LEASE, 100)).extracting(JobRecord::id).containsExactly(a);
  }

  @Test
  void aReclaimedJobWithAWaitingCancelEndsCancelledInsteadOfQueueingForever() {
    List<UUID> ids = new ArrayList<>();
    ids.add(jobs.submit(job(other, null)).job().id());
    ids.add(jobs.submit(job(other, null)).job().id());
    jobs.claim("dead", 10, LEASE, 100);
    jobs.cancel(other, ids.get(1));
    clock.advance(LEASE.plusSeconds(1));
    assertThat(jobs.reclaimExpired()).isEqualTo(2);
    assertThat(queries.find(other, ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queries.find(other, ids.get(1)).orElseThrow().status())
        .isEqualTo(JobStatus.CANCELLED);
  }
}
