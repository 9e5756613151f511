package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.Database;
import io.timeslice.storage.JobEvent;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Cancel, progress, wall-clock limits, graceful shutdown and restarts, through PostgreSQL. */
class DurableLifecycleTest extends DurableFixture {
  private static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void aQueuedJobIsCancelledAtOnce() throws Exception {
    byte[] module = upload("jobs.wasm");
    try (Instance i = instance("a", LEASE)) {
      i.durable().halt();
      UUID id = i.durable().submit(call(module, "work", 1000, 1)).job().id();
      assertThat(i.durable().cancel(tenant, id)).contains(JobStatus.CANCELLED);
      assertThat(queries.find(tenant, id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
      assertThat(i.durable().cancel(tenant + 1, id)).isEmpty();
      assertThat(i.durable().cancel(tenant, UUID.randomUUID())).isEmpty();
    }
  }

  @Test
  void aRunningEndlessLoopShowsProgressAndIsCancelledWithinAQuantum() throws Exception {
    byte[] module = upload("jobs.wasm");
    List<UUID> heard = new CopyOnWriteArrayList<>();
    try (Instance i = instance("a", LEASE)) {
      i.durable().addListener(heard::add);
      UUID id = i.durable().submit(call(module, "spin", 10_000_000_000L)).job().id();
      JobRecord progressing =
          await(id, r -> r.status() == JobStatus.RUNNING && r.slices() > 2 && r.fuelConsumed() > 0);
      JobRecord later = await(id, r -> r.slices() > progressing.slices());
      assertThat(later.fuelConsumed()).isGreaterThan(progressing.fuelConsumed());
      long asked = System.nanoTime();
      assertThat(i.durable().cancel(tenant, id)).contains(JobStatus.RUNNING);
      JobRecord r = awaitFinal(id);
      assertThat(r.status()).isEqualTo(JobStatus.CANCELLED);
      // One quantum is about a millisecond; the recording is what takes time.
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));
      assertThat(r.fuelConsumed()).isGreaterThan(later.fuelConsumed());
      await(id, x -> heard.contains(id));
    }
  }

  @Test
  void aCancelThroughTheDatabaseReachesTheInstanceRunningTheJob() throws Exception {
    byte[] module = upload("jobs.wasm");
    try (Instance i = instance("a", LEASE)) {
      UUID id = i.durable().submit(call(module, "spin", 10_000_000_000L)).job().id();
      await(id, r -> r.status() == JobStatus.RUNNING);
      // Another instance's API marks the cancel; this one sees it at its next heartbeat.
      assertThat(jobs.cancel(tenant, id)).contains(JobStatus.RUNNING);
      assertThat(awaitFinal(id).status()).isEqualTo(JobStatus.CANCELLED);
    }
  }

  @Test
  void aJobOverTheWallClockLimitTimesOut() throws Exception {
    byte[] sleep = upload("wasi-sleep.wasm");
    byte[] module = upload("jobs.wasm");
    MutableClock clock = new MutableClock(Instant.now());
    try (Instance i = instance(DurableScheduler.Settings.defaults("a"), clock)) {
      UUID spin = i.durable().submit(call(module, "spin", 10_000_000_000L)).job().id();
      UUID sleeper = i.durable().submit(command(sleep, 1_000_000_000, "3600000")).job().id();
      await(spin, r -> r.slices() > 0);
      await(sleeper, r -> r.status() == JobStatus.RUNNING);
      Thread.sleep(100);
      assertThat(queries.find(tenant, spin).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
      clock.advance(Duration.ofMinutes(15).plusSeconds(1));
      assertThat(awaitFinal(spin).status()).isEqualTo(JobStatus.TIMED_OUT);
      // An hour-long sleep ends early too.
      assertThat(awaitFinal(sleeper).status()).isEqualTo(JobStatus.TIMED_OUT);
      assertThat(
              registry
                  .get("timeslice.jobs.completed")
                  .tags("tenant", "acme", "outcome", "timed_out")
                  .counter()
                  .count())
          .isEqualTo(2);
    }
  }

  @Test
  void aGracefulShutdownReleasesLeasesForAnotherInstanceToFinishTheJobsAtOnce() throws Exception {
    byte[] sleep = upload("wasi-sleep.wasm");
    List<UUID> ids = new ArrayList<>();
    Instance first = instance("first", LEASE);
    for (int n = 0; n < 3; n++) {
      // Three-second sleeps: parked, they hold no worker, and a shutdown ends them early.
      ids.add(first.durable().submit(command(sleep, 1_000_000_000, "3000")).job().id());
    }
    for (UUID id : ids) {
      await(id, r -> r.status() == JobStatus.RUNNING && r.slices() > 0);
    }
    long stopping = System.nanoTime();
    first.durable().shutdown(Duration.ofSeconds(5));
    first.scheduler().close();
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(3));
    for (UUID id : ids) {
      JobRecord r = queries.find(tenant, id).orElseThrow();
      assertThat(r.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(r.leaseOwner()).isNull();
    }
    long restarted = System.nanoTime();
    try (Instance second = instance("second", LEASE)) {
      for (UUID id : ids) {
        JobRecord r = awaitFinal(id);
        assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.exitCode()).isZero();
        assertThat(r.attempts()).isEqualTo(2);
      }
      // The sleeps run side by side, long before the first instance's 30 s leases would expire.
      assertThat(Duration.ofNanos(System.nanoTime() - restarted))
          .isLessThan(Duration.ofSeconds(20));
    }
    assertThat(queries.events(ids.get(0), 0))
        .extracting(JobEvent::status)
        .containsExactly(
            JobStatus.QUEUED,
            JobStatus.RUNNING,
            JobStatus.QUEUED,
            JobStatus.RUNNING,
            JobStatus.SUCCEEDED);
  }

  @Test
  void afterARestartOfEverythingEveryQueuedJobFinishesAndNoneIsLost() throws Exception {
    byte[] module = upload("jobs.wasm");
    List<UUID> ids = new ArrayList<>();
    try (Instance before = instance("before", LEASE)) {
      for (int n = 0; n < 40; n++) {
        ids.add(before.durable().submit(call(module, "work", 10_000_000_000L, 2000000)).job().id());
      }
    }
    db.close();
    db = Database.open(config);
    jobs = new JobQueue(db.dataSource(), Clock.systemUTC());
    queries = new JobQueries(db.dataSource());
    modules = new io.timeslice.storage.ModuleRepository(db.dataSource());
    tenants = new io.timeslice.storage.TenantRepository(db.dataSource());
    try (Instance after = instance("after", LEASE)) {
      for (UUID id : ids) {
        JobRecord r = awaitFinal(id);
        assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.results().bits()).containsExactly(2000000);
      }
    }
    assertThat(queries.list(tenant, JobStatus.SUCCEEDED, null, 100).jobs()).hasSize(40);
    assertThat(queries.events(ids.get(ids.size() - 1), 0))
        .extracting(JobEvent::status)
        .last()
        .isEqualTo(JobStatus.SUCCEEDED);
  }
}
