package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.testing.MutableClock;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.storage.testing.TestModules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a tenant's console reads across its jobs: the events of all its jobs (and no other
 * tenant's), and its finished jobs summed up per minute.
 */
class TenantActivityTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:10Z"));
  private Database db;
  private JobQueue jobs;
  private long tenant;
  private long other;
  private byte[] module;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobQueue(db.dataSource(), clock);
    TenantRepository tenants = new TenantRepository(db.dataSource());
    tenant = tenants.create("acme", 1, Tenant.Quotas.DEFAULTS).id();
    other = tenants.create("globex", 1, Tenant.Quotas.DEFAULTS).id();
    module = TestModules.storeEmpty(db.dataSource(), tenant, other);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private UUID submit(long owner) {
    return jobs.submit(NewJob.command(owner, module, List.of(), Map.of(), null, 1_000_000, 1))
        .job()
        .id();
  }

  private void run(UUID id, long fuel, Duration took) {
    assertThat(jobs.claim("me", 10, LEASE, 100)).extracting(JobRecord::id).contains(id);
    clock.advance(took);
    JobOutcome done =
        new JobOutcome(JobStatus.SUCCEEDED, null, 0, null, null, null, false, false, fuel, 3);
    assertThat(jobs.finish(id, "me", done)).isTrue();
  }

  @Test
  void tenantEventsAreThoseOfItsJobsOnlyInOrderAndResumable() {
    long start = new JobQueries(db.dataSource()).lastEventId();
    UUID mine = submit(tenant);
    UUID theirs = submit(other);
    run(mine, 10, Duration.ofMillis(5));
    JobQueries queries = new JobQueries(db.dataSource());

    List<JobEvent> events = queries.tenantEvents(tenant, start, 100);
    assertThat(events).extracting(JobEvent::jobId).containsOnly(mine);
    assertThat(events)
        .extracting(JobEvent::status)
        .containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
    assertThat(queries.tenantEvents(other, start, 100))
        .extracting(JobEvent::jobId)
        .containsOnly(theirs);
    // After the first event, the rest; a limit cuts the page.
    assertThat(queries.tenantEvents(tenant, events.get(0).id(), 100)).hasSize(2);
    assertThat(queries.tenantEvents(tenant, start, 1)).hasSize(1);
    assertThat(queries.lastEventId()).isGreaterThanOrEqualTo(events.get(2).id());
  }

  @Test
  void finishedJobsAreSummedUpPerMinuteOfTheirEnd() {
    Instant from = clock.instant();
    UUID a = submit(tenant);
    run(a, 100, Duration.ofMillis(1_000));
    UUID b = submit(tenant);
    run(b, 50, Duration.ofMillis(3_000));
    clock.advance(Duration.ofSeconds(60));
    UUID c = submit(tenant);
    run(c, 7, Duration.ofMillis(200));
    submit(tenant); // queued: not counted
    UUID theirs = submit(other);
    run(theirs, 1_000, Duration.ofMillis(10));

    List<JobStatistics.Minute> minutes =
        new JobStatistics(db.dataSource()).perMinute(tenant, from.minusSeconds(60));

    assertThat(minutes).hasSize(2);
    JobStatistics.Minute first = minutes.get(0);
    assertThat(first.minute()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(first.jobs()).isEqualTo(2);
    assertThat(first.fuel()).isEqualTo(150);
    // Latencies of 1 s and 3 s: a median of 2 s (interpolated), a maximum of 3 s.
    assertThat(first.latencyP50Millis()).isEqualTo(2_000);
    assertThat(first.latencyP95Millis()).isEqualTo(2_900);
    assertThat(first.latencyMaxMillis()).isEqualTo(3_000);
    JobStatistics.Minute second = minutes.get(1);
    assertThat(second.minute()).isEqualTo(Instant.parse("2026-11-24T10:01:00Z"));
    assertThat(second.jobs()).isEqualTo(1);
    assertThat(second.fuel()).isEqualTo(7);
    assertThat(new JobStatistics(db.dataSource()).perMinute(tenant, clock.instant().plusSeconds(1)))
        .isEmpty();
  }

  @Test
  void aWaiterOnAnyJobIsWokenByEveryJob() throws Exception {
    JobSignals signals = new JobSignals();
    try (JobSignals.Subscription any = signals.subscribeAll();
        JobSignals.Subscription one = signals.subscribe(UUID.randomUUID())) {
      signals.signal(UUID.randomUUID());
      assertThat(any.await(Duration.ofSeconds(1))).isTrue();
      assertThat(one.await(Duration.ofMillis(20))).isFalse();
    }
    assertThat(signals.waiting()).isZero();
  }
}
