package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.storage.testing.MutableClock;
import io.timeslice.storage.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs against a real PostgreSQL: submit, claim, leases, results, listing, cancel, purge. */
class JobRepositoryTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private Database db;
  private JobRepository jobs;
  private long tenant;
  private long other;
  private byte[] module;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobRepository(db.dataSource(), clock);
    TenantRepository tenants = new TenantRepository(db.dataSource());
    tenant = tenants.create("acme", 1, Tenant.Quotas.DEFAULTS).id();
    other = tenants.create("globex", 2, Tenant.Quotas.DEFAULTS).id();
    byte[] bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
    module = MessageDigest.getInstance("SHA-256").digest(bytes);
    ModuleRepository modules = new ModuleRepository(db.dataSource());
    modules.store(tenant, module, bytes, "[]", "[]");
    modules.store(other, module, bytes, "[]", "[]");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private NewJob job(long owner, int priority, String key, String request) {
    return new NewJob(
        owner,
        module,
        "run",
        "[1, 2]",
        null,
        null,
        null,
        1_000_000,
        1,
        priority,
        key,
        request == null ? null : request.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void submitIsIdempotentPerTenantAndKey() {
    JobRepository.Submitted first = jobs.submit(job(tenant, 0, "k1", "same"));
    JobRepository.Submitted again = jobs.submit(job(tenant, 0, "k1", "same"));
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(first.job().id());
    assertThat(first.job().status()).isEqualTo("QUEUED");
    assertThat(first.job().argumentsJson()).isEqualTo("[1, 2]");
    // Another tenant may use the same key.
    assertThat(jobs.submit(job(other, 0, "k1", "same")).created()).isTrue();
    assertThatThrownBy(() -> jobs.submit(job(tenant, 0, "k1", "different")))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(jobs.events(first.job().id(), 0))
        .extracting(JobRepository.Event::status)
        .containsExactly("QUEUED");
  }

  @Test
  void claimsTakePriorityThenAgeAndHoldALease() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(jobs.submit(job(tenant, i == 3 ? 10 : 0, null, null)).job().id());
      clock.advance(Duration.ofMillis(1));
    }
    List<JobRecord> claimed = jobs.claim("worker-a", 3, LEASE);
    assertThat(claimed)
        .extracting(JobRecord::id)
        .containsExactly(ids.get(3), ids.get(0), ids.get(1));
    assertThat(claimed)
        .allSatisfy(
            j -> {
              assertThat(j.status()).isEqualTo("RUNNING");
              assertThat(j.leaseOwner()).isEqualTo("worker-a");
              assertThat(j.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
              assertThat(j.attempts()).isEqualTo(1);
            });
    assertThat(jobs.claim("worker-b", 10, LEASE))
        .extracting(JobRecord::id)
        .containsExactly(ids.get(2), ids.get(4));
    assertThat(jobs.claim("worker-b", 10, LEASE)).isEmpty();
  }

  @Test
  void concurrentClaimersNeverClaimTheSameJob() throws Exception {
    List<NewJob> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(job(tenant, 0, null, null));
    }
    assertThat(jobs.submitBatch(batch)).hasSize(200).allMatch(JobRepository.Submitted::created);
    Set<UUID> seen = ConcurrentHashMap.newKeySet();
    List<UUID> duplicates = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String owner = "worker-" + t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                List<JobRecord> got;
                do {
                  got = jobs.claim(owner, 7, LEASE);
                  for (JobRecord j : got) {
                    if (!seen.add(j.id())) {
                      duplicates.add(j.id());
                    }
                  }
                } while (!got.isEmpty());
              });
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(duplicates).isEmpty();
    assertThat(seen).hasSize(200);
  }

  @Test
  void expiredLeasesAreReclaimedAndRenewedOnesAreNot() {
    UUID a = jobs.submit(job(tenant, 0, null, null)).job().id();
    UUID b = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("dead", 2, LEASE);
    clock.advance(Duration.ofSeconds(20));
    assertThat(jobs.renewLeases("dead", List.of(b), LEASE)).containsExactly(b);
    assertThat(jobs.renewLeases("someone-else", List.of(a), LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(15));
    assertThat(jobs.reclaimExpired()).isEqualTo(1);
    List<JobRecord> again = jobs.claim("alive", 10, LEASE);
    assertThat(again).extracting(JobRecord::id).containsExactly(a);
    assertThat(again.get(0).attempts()).isEqualTo(2);
    assertThat(jobs.events(a, 0))
        .extracting(JobRepository.Event::status)
        .containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING");
  }

  @Test
  void onlyTheLeaseOwnerRecordsProgressAndResults() {
    UUID id = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w1", 1, LEASE);
    assertThat(jobs.recordProgress(id, "w2", 10, 1)).isFalse();
    assertThat(jobs.recordProgress(id, "w1", 500, 3)).isTrue();
    JobOutcome done =
        new JobOutcome(
            "SUCCEEDED",
            "[42]",
            null,
            null,
            null,
            "out".getBytes(StandardCharsets.UTF_8),
            null,
            false,
            false,
            900,
            4);
    assertThat(jobs.finish(id, "w2", done)).isFalse();
    assertThat(jobs.finish(id, "w1", done)).isTrue();
    assertThat(jobs.finish(id, "w1", done)).isFalse();
    JobRecord r = jobs.find(tenant, id).orElseThrow();
    assertThat(r.status()).isEqualTo("SUCCEEDED");
    assertThat(r.resultsJson()).isEqualTo("[42]");
    assertThat(r.stdout()).isEqualTo("out".getBytes(StandardCharsets.UTF_8));
    assertThat(r.fuelConsumed()).isEqualTo(900);
    assertThat(r.finishedAt()).isEqualTo(clock.instant());
    assertThat(r.leaseOwner()).isNull();
    assertThat(jobs.find(other, id)).isEmpty();
  }

  @Test
  void cursorPaginationVisitsEveryJobOnceNewestFirst() {
    Set<UUID> queued = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      queued.add(jobs.submit(job(tenant, 0, null, null)).job().id());
    }
    jobs.submit(job(other, 0, null, null));
    UUID claimed = jobs.claim("w", 1, LEASE).get(0).id();
    queued.remove(claimed);
    List<UUID> visited = new ArrayList<>();
    UUID cursor = null;
    do {
      JobRepository.Page page = jobs.list(tenant, "QUEUED", cursor, 7);
      page.jobs().forEach(j -> visited.add(j.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(visited).hasSize(24).containsExactlyInAnyOrderElementsOf(queued);
    List<UUID> sorted = new ArrayList<>(visited);
    sorted.sort(Collections.reverseOrder());
    assertThat(visited).isEqualTo(sorted);
    assertThat(jobs.list(tenant, null, null, 100).jobs()).hasSize(25);
  }

  @Test
  void cancelEndsAQueuedJobAndMarksARunningOne() {
    UUID running = jobs.submit(job(tenant, 5, null, null)).job().id();
    UUID queued = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w", 1, LEASE);
    assertThat(jobs.cancel(tenant, queued)).contains("CANCELLED");
    assertThat(jobs.cancel(tenant, running)).contains("RUNNING");
    assertThat(jobs.find(tenant, running).orElseThrow().cancelRequested()).isTrue();
    assertThat(jobs.cancel(other, running)).isEmpty();
    assertThat(jobs.claim("w", 10, LEASE)).isEmpty();
  }

  @Test
  void purgeDeletesJobsThatEndedBeforeTheRetention() {
    UUID old = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.cancel(tenant, old);
    clock.advance(Duration.ofDays(8));
    UUID recent = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.cancel(tenant, recent);
    UUID open = jobs.submit(job(tenant, 0, null, null)).job().id();
    assertThat(jobs.purgeFinishedBefore(clock.instant().minus(Duration.ofDays(7)))).isEqualTo(1);
    assertThat(jobs.find(tenant, old)).isEmpty();
    assertThat(jobs.find(tenant, recent)).isPresent();
    assertThat(jobs.find(tenant, open)).isPresent();
    assertThat(jobs.events(old, 0)).isEmpty();
  }

  @Test
  void concurrentSubmitsWithOneKeyCreateOneJob() throws Exception {
    List<Thread> threads = new ArrayList<>();
    Set<UUID> ids = ConcurrentHashMap.newKeySet();
    List<Boolean> created = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                JobRepository.Submitted s = jobs.submit(job(tenant, 0, "retry", "same"));
                ids.add(s.job().id());
                created.add(s.created());
              });
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(ids).hasSize(1);
    assertThat(created).containsOnlyOnce(true);
  }

  @Test
  void badDataIsRejectedWithAClearErrorOrStoredSafely() {
    // An unknown tenant: a clear error, nothing written.
    assertThatThrownBy(() -> jobs.submit(job(9_999, 0, null, null)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("submitting a job failed");
    // Invalid JSON arguments are rejected by the database.
    NewJob badJson =
        new NewJob(tenant, module, "run", "[1,", null, null, null, 1, 1, 0, null, null);
    assertThatThrownBy(() -> jobs.submit(badJson)).isInstanceOf(StorageException.class);
    // Output that is not UTF-8 is stored as bytes, unchanged.
    UUID id = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w", 1, LEASE);
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3};
    jobs.finish(
        id,
        "w",
        new JobOutcome("FAILED", null, 1, null, null, notUtf8, notUtf8, true, false, 1, 1));
    JobRecord r = jobs.find(tenant, id).orElseThrow();
    assertThat(r.stdout()).isEqualTo(notUtf8);
    assertThat(r.stderr()).isEqualTo(notUtf8);
    // A huge argument list is stored and read back whole.
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      big.append(i).append(',');
    }
    big.append("0]");
    NewJob huge =
        new NewJob(tenant, module, "run", big.toString(), null, null, null, 1, 1, 0, null, null);
    UUID hugeId = jobs.submit(huge).job().id();
    assertThat(jobs.find(tenant, hugeId).orElseThrow().argumentsJson())
        .hasSize(big.length() + 99_999 + 1);
  }

  @Test
  void finishBatchRecordsOnlyTheJobsTheOwnerHolds() {
    UUID a = jobs.submit(job(tenant, 0, null, null)).job().id();
    UUID b = jobs.submit(job(tenant, 0, null, null)).job().id();
    UUID c = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w1", 2, LEASE);
    jobs.claim("w2", 1, LEASE);
    JobOutcome ok =
        new JobOutcome("SUCCEEDED", "[1]", null, null, null, null, null, false, false, 5, 1);
    java.util.Map<UUID, JobOutcome> outcomes = new java.util.LinkedHashMap<>();
    outcomes.put(a, ok);
    outcomes.put(b, ok);
    outcomes.put(c, ok);
    assertThat(jobs.finishBatch("w1", outcomes)).containsExactly(a, b);
    assertThat(jobs.find(tenant, c).orElseThrow().status()).isEqualTo("RUNNING");
    assertThat(jobs.events(a, 0)).extracting(JobRepository.Event::status).endsWith("SUCCEEDED");
  }

  @Test
  void committedJobsSurviveARestartOfTheEmbeddedServer(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Database embedded = Database.open(DatabaseConfig.embedded(dataDir))) {
      long t =
          new TenantRepository(embedded.dataSource()).create("t", 1, Tenant.Quotas.DEFAULTS).id();
      byte[] bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      new ModuleRepository(embedded.dataSource()).store(t, hash, bytes, "[]", "[]");
      JobRepository repo = new JobRepository(embedded.dataSource(), clock);
      for (int i = 0; i < 50; i++) {
        ids.add(
            repo.submit(
                    new NewJob(
                        t, hash, "run", "[" + i + "]", null, null, null, 1, 1, 0, null, null))
                .job()
                .id());
      }
    }
    try (Database embedded = Database.open(DatabaseConfig.embedded(dataDir))) {
      JobRepository repo = new JobRepository(embedded.dataSource(), clock);
      long t = new TenantRepository(embedded.dataSource()).findByName("t").orElseThrow().id();
      for (int i = 0; i < ids.size(); i++) {
        JobRecord r = repo.find(t, ids.get(i)).orElseThrow();
        assertThat(r.status()).isEqualTo("QUEUED");
        assertThat(r.argumentsJson()).isEqualTo("[" + i + "]");
      }
    }
  }

  @Test
  void oversizedOutputIsCutAndMarkedTruncated() {
    JobRepository capped = new JobRepository(db.dataSource(), clock, 1000);
    UUID id = capped.submit(job(tenant, 0, null, null)).job().id();
    capped.claim("w", 1, LEASE);
    byte[] flood = new byte[5000];
    java.util.Arrays.fill(flood, (byte) 'x');
    capped.finish(
        id,
        "w",
        new JobOutcome("SUCCEEDED", null, 0, null, null, flood, new byte[10], false, false, 1, 1));
    JobRecord r = capped.find(tenant, id).orElseThrow();
    assertThat(r.stdout()).hasSize(1000);
    assertThat(r.stderr()).hasSize(10);
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT stdout_truncated, stderr_truncated FROM jobs WHERE id = ?")) {
      ps.setObject(1, id);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getBoolean(2)).isFalse();
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }
}
