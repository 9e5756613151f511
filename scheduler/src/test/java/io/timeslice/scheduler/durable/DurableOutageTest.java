package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.scheduler.SchedulerConfig;
import io.timeslice.storage.Failure;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobOutcome;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.testing.SwitchableDataSource;
import io.timeslice.wasm.StoreLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The database goes away and comes back: the loops count their failures, the claimer backs off
 * instead of polling at full pace, outcomes wait, and everything resumes by itself.
 */
class DurableOutageTest extends DurableFixture {
  private double errors(String kind) {
    var c = registry.find("timeslice.scheduler.errors").tag("kind", kind).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void claimingBacksOffWhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
    byte[] bench = upload("bench.wasm");
    SwitchableDataSource flaky = new SwitchableDataSource(db.dataSource());
    Scheduler workers =
        new Scheduler(ENGINE, new SchedulerConfig(1, 1_000_000, StoreLimits.DEFAULT), registry);
    DurableScheduler durable =
        new DurableScheduler(
            ENGINE,
            workers,
            new JobQueue(flaky, Clock.systemUTC()),
            new ModuleRepository(flaky),
            new TenantRepository(flaky),
            new ModuleCache(ENGINE, 64 << 20, 100, registry),
            new DurableScheduler.Settings(
                "flaky", 8, Duration.ofSeconds(30), Duration.ofMillis(20)),
            Clock.systemUTC(),
            registry);
    try (Instance i = new Instance(workers, durable)) {
      flaky.setDown(true);
      // Submitted through a replica that still reaches the database.
      UUID id = jobs.submit(call(bench, "fib_rec", 100_000_000, 20)).job().id();
      Thread.sleep(500);
      long before = flaky.requests();
      Thread.sleep(2000);
      long during = flaky.requests() - before;
      // Polling every 20 ms would ask for 100 connections in 2 s to claim alone; backing off, the
      // claimer asks a handful of times, beside reclaiming (1/s) and the tenant refresh (1/2 s).
      assertThat(during).isLessThan(30);
      assertThat(errors("claim")).isPositive();
      assertThat(errors("reclaim")).isPositive();
      assertThat(queries.find(tenant, id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);

      flaky.setDown(false);
      JobRecord r = awaitFinal(id);
      assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.results().bits()).containsExactly(6765);
    }
  }

  @Test
  void outcomesWaitThroughAnOutageAndOneTheDatabaseRefusesBecomesAnInternalFailure()
      throws Exception {
    byte[] module = upload("jobs.wasm");
    SwitchableDataSource flaky = new SwitchableDataSource(db.dataSource());
    UUID good = jobs.submit(call(module, "work", 1_000_000, 1)).job().id();
    UUID bad = jobs.submit(call(module, "work", 1_000_000, 1)).job().id();
    UUID late = jobs.submit(call(module, "work", 1_000_000, 1)).job().id();
    assertThat(jobs.claim("rec", 3, Duration.ofSeconds(30), 100)).hasSize(3);
    List<UUID> heard = new CopyOnWriteArrayList<>();
    OutcomeRecorder recorder =
        new OutcomeRecorder(
            new JobQueue(flaky, Clock.systemUTC()),
            "rec",
            heard::add,
            new ErrorReporter(registry, Clock.systemUTC()));
    try {
      recorder.add(good, succeeded(1));
      // Two results for a function of one: the database's check refuses the row.
      recorder.add(bad, succeeded(1, 2));
      assertThat(awaitFinal(good).results().bits()).containsExactly(1);
      JobRecord refused = awaitFinal(bad);
      assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
      assertThat(refused.failure().kind()).isEqualTo(FailureKind.INTERNAL);
      assertThat(refused.failure().message()).startsWith("the outcome could not be stored");

      flaky.setDown(true);
      recorder.add(late, JobOutcome.failed(Failure.of(FailureKind.CANCELLED, "cancelled")));
      Thread.sleep(500);
      assertThat(queries.find(tenant, late).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
      flaky.setDown(false);
      assertThat(awaitFinal(late).status()).isEqualTo(JobStatus.CANCELLED);
      assertThat(heard).containsExactlyInAnyOrder(good, bad, late);
      assertThat(errors("record")).isPositive();
    } finally {
      recorder.close(Duration.ofSeconds(5));
    }
  }

  private static JobOutcome succeeded(long... results) {
    return new JobOutcome(JobStatus.SUCCEEDED, results, null, null, null, null, false, false, 1, 1);
  }
}
