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

/** Jobs against a real PostgreSQL: submit, claim, leases, typed results, listing, cancel. */
class JobQueueTest {
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
    tenant = tenants.create("acme", 1, Tenant.Quotas.DEFAULTS).id();
    other = tenants.create("globex", 2, Tenant.Quotas.DEFAULTS).id();
    module = TestModules.storeEmpty(db.dataSource(), tenant, other);
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private NewJob job(long owner, int priority, String key, String request) {
    return NewJob.call(
            owner,
            module,
            "run",
            new WasmValues(List.of(WasmType.I32, WasmType.I64), new long[] {1, -2}),
            List.of(WasmType.F64),
            1_000_000,
            1)
        .withPriority(priority)
        .withIdempotencyKey(key, request == null ? null : request.getBytes(StandardCharsets.UTF_8));
  }

  private static JobOutcome succeeded(long fuel, byte[] stdout, long... results) {
    return new JobOutcome(
        JobStatus.SUCCEEDED, results, null, null, stdout, null, false, false, fuel, 1);
  }

  @Test
  void submitIsIdempotentPerTenantAndKey() {
    JobQueue.Submitted first = jobs.submit(job(tenant, 0, "k1", "same"));
    JobQueue.Submitted again = jobs.submit(job(tenant, 0, "k1", "same"));
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.job().id()).isEqualTo(first.job().id());
    assertThat(first.job().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(first.job().arguments())
        .isEqualTo(new WasmValues(List.of(WasmType.I32, WasmType.I64), new long[] {1, -2}));
    assertThat(first.job().resultTypes()).containsExactly(WasmType.F64);
    assertThat(first.job().results()).isNull();
    assertThat(first.job().failure()).isNull();
    // Another tenant may use the same key.
    assertThat(jobs.submit(job(other, 0, "k1", "same")).created()).isTrue();
    assertThatThrownBy(() -> jobs.submit(job(tenant, 0, "k1", "different")))
        .isInstanceOf(IdempotencyConflictException.class);
    assertThat(queries.events(first.job().id(), 0))
        .extracting(JobEvent::status)
        .containsExactly(JobStatus.QUEUED);
  }

  @Test
  void claimsTakePriorityThenAgeAndHoldALease() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(jobs.submit(job(tenant, i == 3 ? 10 : 0, null, null)).job().id());
      clock.advance(Duration.ofMillis(1));
    }
    List<JobRecord> claimed = jobs.claim("worker-a", 3, LEASE, 100);
    assertThat(claimed)
        .extracting(JobRecord::id)
        .containsExactly(ids.get(3), ids.get(0), ids.get(1));
    assertThat(claimed)
        .allSatisfy(
            j -> {
              assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
              assertThat(j.leaseOwner()).isEqualTo("worker-a");
              assertThat(j.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
              assertThat(j.attempts()).isEqualTo(1);
            });
    assertThat(jobs.claim("worker-b", 10, LEASE, 100))
        .extracting(JobRecord::id)
        .containsExactly(ids.get(2), ids.get(4));
    assertThat(jobs.claim("worker-b", 10, LEASE, 100)).isEmpty();
  }

  @Test
  void concurrentClaimersNeverClaimTheSameJob() throws Exception {
    List<NewJob> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(job(tenant, 0, null, null));
    }
    assertThat(jobs.submitBatch(batch)).hasSize(200).allMatch(JobQueue.Submitted::created);
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
                  got = jobs.claim(owner, 7, LEASE, 1000);
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
    jobs.claim("dead", 2, LEASE, 100);
    clock.advance(Duration.ofSeconds(20));
    assertThat(jobs.heartbeat("dead", List.of(new JobQueue.Progress(b, 0, 0)), LEASE))
        .containsExactly(new JobQueue.Held(b, false));
    assertThat(jobs.heartbeat("someone-else", List.of(new JobQueue.Progress(a, 0, 0)), LEASE))
        .isEmpty();
    clock.advance(Duration.ofSeconds(15));
    assertThat(jobs.reclaimExpired()).isEqualTo(1);
    List<JobRecord> again = jobs.claim("alive", 10, LEASE, 100);
    assertThat(again).extracting(JobRecord::id).containsExactly(a);
    assertThat(again.get(0).attempts()).isEqualTo(2);
    assertThat(queries.events(a, 0))
        .extracting(JobEvent::status)
        .containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.RUNNING);
  }

  @Test
  void onlyTheLeaseOwnerRecordsProgressAndTypedResults() {
    UUID id = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w1", 1, LEASE, 100);
    assertThat(jobs.heartbeat("w2", List.of(new JobQueue.Progress(id, 10, 1)), LEASE)).isEmpty();
    assertThat(jobs.heartbeat("w1", List.of(new JobQueue.Progress(id, 500, 3)), LEASE)).hasSize(1);
    assertThat(queries.find(tenant, id).orElseThrow().fuelConsumed()).isEqualTo(500);
    long bits = Double.doubleToRawLongBits(-0.5);
    JobOutcome done = succeeded(900, "out".getBytes(StandardCharsets.UTF_8), bits);
    assertThat(jobs.finish(id, "w2", done)).isFalse();
    assertThat(jobs.finish(id, "w1", done)).isTrue();
    assertThat(jobs.finish(id, "w1", done)).isFalse();
    JobRecord r = queries.find(tenant, id).orElseThrow();
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(r.results()).isEqualTo(new WasmValues(List.of(WasmType.F64), new long[] {bits}));
    assertThat(r.failure()).isNull();
    assertThat(r.stdout()).isEqualTo("out".getBytes(StandardCharsets.UTF_8));
    assertThat(r.fuelConsumed()).isEqualTo(900);
    assertThat(r.finishedAt()).isEqualTo(clock.instant());
    assertThat(r.leaseOwner()).isNull();
    assertThat(queries.find(other, id)).isEmpty();
  }

  @Test
  void aTrapKeepsItsCodeApartAndOtherFailuresKeepTheirKind() {
    UUID trapped = jobs.submit(job(tenant, 0, null, null)).job().id();
    UUID unlinked = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w", 2, LEASE, 100);
    Failure trap = Failure.trap("UNREACHABLE", "unreachable (in function run at IR pc 3)");
    Failure link = Failure.of(FailureKind.LINK, "unknown import: env.missing: nothing defined");
    jobs.finish(trapped, "w", JobOutcome.failed(trap));
    jobs.finish(unlinked, "w", JobOutcome.failed(link));
    assertThat(queries.find(tenant, trapped).orElseThrow().failure()).isEqualTo(trap);
    JobRecord r = queries.find(tenant, unlinked).orElseThrow();
    assertThat(r.status()).isEqualTo(JobStatus.FAILED);
    assertThat(r.failure()).isEqualTo(link);
    assertThat(r.failure().trapCode()).isNull();
    assertThat(r.results()).isNull();
    // An outcome whose failure contradicts its status is refused before it reaches the database.
    assertThatThrownBy(
            () ->
                new JobOutcome(
                    JobStatus.EXHAUSTED, null, null, trap, null, null, false, false, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cursorPaginationVisitsEveryJobOnceNewestFirst() {
    Set<UUID> queued = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      queued.add(jobs.submit(job(tenant, 0, null, null)).job().id());
    }
    jobs.submit(job(other, 0, null, null));
    UUID claimed = jobs.claim("w", 1, LEASE, 100).get(0).id();
    queued.remove(claimed);
    List<UUID> visited = new ArrayList<>();
    UUID cursor = null;
    do {
      JobQueries.Page page = queries.list(tenant, JobStatus.QUEUED, cursor, 7);
      page.jobs().forEach(j -> visited.add(j.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(visited).hasSize(24).containsExactlyInAnyOrderElementsOf(queued);
    List<UUID> sorted = new ArrayList<>(visited);
    sorted.sort(Collections.reverseOrder());
    assertThat(visited).isEqualTo(sorted);
    assertThat(queries.list(tenant, null, null, 100).jobs()).hasSize(25);
  }

  @Test
  void cancelEndsAQueuedJobAndMarksARunningOne() {
    UUID running = jobs.submit(job(tenant, 5, null, null)).job().id();
    UUID queued = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w", 1, LEASE, 100);
    assertThat(jobs.cancel(tenant, queued)).contains(JobStatus.CANCELLED);
    assertThat(jobs.cancel(tenant, running)).contains(JobStatus.RUNNING);
    assertThat(queries.find(tenant, queued).orElseThrow().failure())
        .isEqualTo(Failure.of(FailureKind.CANCELLED, "cancelled before it started"));
    assertThat(queries.find(tenant, running).orElseThrow().cancelRequested()).isTrue();
    assertThat(jobs.cancel(other, running)).isEmpty();
    assertThat(jobs.claim("w", 10, LEASE, 100)).isEmpty();
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
                JobQueue.Submitted s = jobs.submit(job(tenant, 0, "retry", "same"));
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
    // A call without arguments stores empty typed arrays.
    NewJob untyped =
        new NewJob(tenant, module, "run", null, null, null, null, null, 1, 1, 0, null, null, null);
    assertThat(jobs.submit(untyped).job().arguments()).isEqualTo(WasmValues.NONE);
    // Output that is not UTF-8 is stored as bytes, unchanged.
    UUID id = jobs.submit(job(tenant, 1, null, null)).job().id();
    jobs.claim("w", 1, LEASE, 100);
    byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3};
    jobs.finish(
        id,
        "w",
        new JobOutcome(
            JobStatus.FAILED,
            null,
            1,
            Failure.of(FailureKind.EXIT, "exited with code 1"),
            notUtf8,
            notUtf8,
            true,
            false,
            1,
            1));
    JobRecord r = queries.find(tenant, id).orElseThrow();
    assertThat(r.stdout()).isEqualTo(notUtf8);
    assertThat(r.stderr()).isEqualTo(notUtf8);
    assertThat(r.stdoutTruncated()).isTrue();
    // A huge argument list, WASI arguments with any characters and an environment come back whole.
    long[] many = new long[100_000];
    for (int i = 0; i < many.length; i++) {
      many[i] = i * 0x1_0000_0001L;
    }
    NewJob huge =
        NewJob.call(
            tenant,
            module,
            "run",
            new WasmValues(java.util.Collections.nCopies(many.length, WasmType.I64), many),
            List.of(),
            1,
            1);
    UUID hugeId = jobs.submit(huge).job().id();
    assertThat(queries.find(tenant, hugeId).orElseThrow().arguments().bits()).isEqualTo(many);
    List<String> argv = List.of("a b", "\"q\"", "ü\\n", "");
    java.util.Map<String, String> env = java.util.Map.of("K", "v=1", "EMPTY", "", "Ü", "\u2603");
    UUID command =
        jobs.submit(NewJob.command(tenant, module, argv, env, new byte[] {0, 1}, 1, 1)).job().id();
    JobRecord c = queries.find(tenant, command).orElseThrow();
    assertThat(c.entryFunction()).isNull();
    assertThat(c.wasiArgs()).isEqualTo(argv);
    assertThat(c.wasiEnv()).isEqualTo(env);
    assertThat(c.stdin()).containsExactly(0, 1);
  }

  @Test
  void finishBatchRecordsOnlyTheJobsTheOwnerHolds() {
    UUID a = jobs.submit(job(tenant, 0, null, null)).job().id();
    UUID b = jobs.submit(job(tenant, 0, null, null)).job().id();
    UUID c = jobs.submit(job(tenant, 0, null, null)).job().id();
    jobs.claim("w1", 2, LEASE, 100);
    jobs.claim("w2", 1, LEASE, 100);
    JobOutcome ok = succeeded(5, null, 1);
    java.util.Map<UUID, JobOutcome> outcomes = new java.util.LinkedHashMap<>();
    outcomes.put(a, ok);
    outcomes.put(b, ok);
    outcomes.put(c, ok);
    assertThat(jobs.finishBatch("w1", outcomes)).containsExactly(a, b);
    assertThat(queries.find(tenant, c).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(queries.events(a, 0)).extracting(JobEvent::status).endsWith(JobStatus.SUCCEEDED);
  }

  @Test
  void committedJobsSurviveARestartOfTheEmbeddedServer(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Database embedded = Database.open(DatabaseConfig.embedded(dataDir))) {
      long t =
          new TenantRepository(embedded.dataSource()).create("t", 1, Tenant.Quotas.DEFAULTS).id();
      byte[] hash = TestModules.storeEmpty(embedded.dataSource(), t);
      JobQueue repo = new JobQueue(embedded.dataSource(), clock);
      for (int i = 0; i < 50; i++) {
        WasmValues args = new WasmValues(List.of(WasmType.I32), new long[] {i});
        ids.add(repo.submit(NewJob.call(t, hash, "run", args, List.of(), 1, 1)).job().id());
      }
    }
    try (Database embedded = Database.open(DatabaseConfig.embedded(dataDir))) {
      JobQueries repo = new JobQueries(embedded.dataSource());
      long t = new TenantRepository(embedded.dataSource()).findByName("t").orElseThrow().id();
      for (int i = 0; i < ids.size(); i++) {
        JobRecord r = repo.find(t, ids.get(i)).orElseThrow();
        assertThat(r.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(r.arguments().bits()).containsExactly(i);
      }
    }
  }

  @Test
  void oversizedOutputIsCutAndMarkedTruncated() {
    JobQueue capped = new JobQueue(db.dataSource(), clock, 1000);
    UUID id = capped.submit(job(tenant, 0, null, null)).job().id();
    capped.claim("w", 1, LEASE, 100);
    byte[] flood = new byte[5000];
    java.util.Arrays.fill(flood, (byte) 'x');
    capped.finish(
        id,
        "w",
        new JobOutcome(
            JobStatus.SUCCEEDED,
            new long[] {0},
            null,
            null,
            flood,
            new byte[10],
            false,
            false,
            1,
            1));
    JobRecord r = queries.find(tenant, id).orElseThrow();
    assertThat(r.stdout()).hasSize(1000);
    assertThat(r.stderr()).hasSize(10);
    assertThat(r.stdoutTruncated()).isTrue();
    assertThat(r.stderrTruncated()).isFalse();
  }
}
