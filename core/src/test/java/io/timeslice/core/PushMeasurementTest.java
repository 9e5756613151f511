package io.timeslice.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.core.jobs.JobRequest;
import io.timeslice.core.jobs.JobView;
import io.timeslice.core.tenants.TenantRequest;
import io.timeslice.storage.Database;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.WasmType;
import io.timeslice.storage.WasmValues;
import io.timeslice.storage.testing.SwitchableDataSource;
import io.timeslice.storage.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What pushing job changes (PostgreSQL LISTEN/NOTIFY) changes, measured functionally on the same
 * scenario with push off (the former polling: claims every 25 ms, waits every 25 ms) and on:
 * database connections asked for per second by an idle instance and per waiting long-poll, the
 * delay from a submit through another replica to the job's start, and from a job's end to the
 * answer of a long-poll waiting for it. Sleeping jobs and waits only: no CPU load. Prints a table
 * (the numbers in docs/benchmarks.md come from it) and checks the orders of magnitude.
 */
class PushMeasurementTest {
  private static final int WAITERS = 10;
  private static final Duration WINDOW = Duration.ofSeconds(3);

  record Numbers(
      double idlePerSecond,
      double perWaiterPerSecond,
      double startAvgMs,
      double startMaxMs,
      double answerAvgMs,
      double answerMaxMs) {}

  @Test
  void pushCutsQueriesPerWaiterAndKeepsLatencyLow() throws Exception {
    Numbers polled = measure(false);
    Numbers pushed = measure(true);
    System.out.printf(
        "push measurement (%d waiters, %s windows)%n"
            + "                      polling   push%n"
            + "idle conn/s           %7.1f %7.1f%n"
            + "per waiter conn/s     %7.1f %7.1f%n"
            + "enqueue->start avg ms %7.1f %7.1f%n"
            + "enqueue->start max ms %7.1f %7.1f%n"
            + "finish->answer avg ms %7.1f %7.1f%n"
            + "finish->answer max ms %7.1f %7.1f%n",
        WAITERS,
        WINDOW,
        polled.idlePerSecond(),
        pushed.idlePerSecond(),
        polled.perWaiterPerSecond(),
        pushed.perWaiterPerSecond(),
        polled.startAvgMs(),
        pushed.startAvgMs(),
        polled.startMaxMs(),
        pushed.startMaxMs(),
        polled.answerAvgMs(),
        pushed.answerAvgMs(),
        polled.answerMaxMs(),
        pushed.answerMaxMs());
    assertThat(polled.perWaiterPerSecond()).isGreaterThan(10);
    assertThat(pushed.perWaiterPerSecond()).isLessThan(2.5);
    assertThat(pushed.idlePerSecond()).isLessThan(polled.idlePerSecond() / 4);
    assertThat(pushed.startMaxMs()).isLessThan(500);
    assertThat(pushed.answerMaxMs()).isLessThan(500);
  }

  private static byte[] program(String name) throws Exception {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", name));
  }

  private Numbers measure(boolean push) throws Exception {
    try (Database db = Database.open(TestDatabases.fresh())) {
      SwitchableDataSource counted = new SwitchableDataSource(db.dataSource());
      try (Timeslice t =
          Timeslice.start(
              counted,
              new Timeslice.Settings(
                  push ? "pushed" : "polled",
                  2,
                  1_000_000,
                  Duration.ofSeconds(30),
                  64,
                  64 << 20,
                  100,
                  push,
                  Duration.ofDays(7),
                  Duration.ofHours(1),
                  ExecutionTier.TIERED,
                  Timeslice.Limits.defaults()),
              new SimpleMeterRegistry(),
              Clock.systemUTC())) {
        String key =
            t.tenants()
                .create(
                    Caller.ADMIN,
                    new TenantRequest(
                        "acme", 1, null, null, null, null, null, null, null, null, null, null))
                .apiKey();
        Caller tenant = t.tenants().identify(key).orElseThrow();
        String sleep =
            t.modules()
                .upload(tenant, new ByteArrayInputStream(program("wasi-sleep.wasm")), false)
                .module()
                .id();
        String bench =
            t.modules()
                .upload(tenant, new ByteArrayInputStream(program("bench.wasm")), false)
                .module()
                .id();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (push && !t.pushLive() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        Thread.sleep(500);

        long before = counted.requests();
        Thread.sleep(WINDOW);
        double idle = (counted.requests() - before) / (double) WINDOW.toSeconds();

        String sleeper = submitSleep(t, tenant, sleep, WINDOW.plusSeconds(2));
        while (t.jobs().get(tenant, sleeper).status() != JobStatus.RUNNING) {
          Thread.sleep(10);
        }
        long waited;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<JobView>> polls = new ArrayList<>();
          long start = counted.requests();
          for (int i = 0; i < WAITERS; i++) {
            polls.add(threads.submit(() -> t.jobs().await(tenant, sleeper, WINDOW)));
          }
          for (Future<JobView> f : polls) {
            f.get();
          }
          waited = counted.requests() - start;
        }
        double perWaiter =
            (waited - idle * WINDOW.toSeconds()) / (WAITERS * (double) WINDOW.toSeconds());

        // Submitted through another replica's queue: this instance hears of it by push or poll.
        JobQueue otherReplica = new JobQueue(db.dataSource(), Clock.systemUTC());
        JobQueries reads = new JobQueries(db.dataSource());
        byte[] benchHash = HexFormat.of().parseHex(bench);
        List<Double> starts = new ArrayList<>();
        // The first ten warm the claim path up (a pushed instance has claimed little so far).
        for (int i = 0; i < 30; i++) {
          UUID id =
              otherReplica
                  .submit(
                      NewJob.call(
                          tenant.tenantId(),
                          benchHash,
                          "fib_rec",
                          new WasmValues(List.of(WasmType.I32), new long[] {5}),
                          List.of(WasmType.I32),
                          1_000_000,
                          1))
                  .job()
                  .id();
          JobView done = t.jobs().await(tenant, id.toString(), Duration.ofSeconds(10));
          assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
          JobRecord r = reads.find(tenant.tenantId(), id).orElseThrow();
          if (i >= 10) {
            starts.add(millis(r.submittedAt(), r.startedAt()));
          }
          Thread.sleep(137);
        }

        List<Double> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String id = submitSleep(t, tenant, sleep, Duration.ofMillis(200));
          JobView done = t.jobs().await(tenant, id, Duration.ofSeconds(10));
          Instant answered = Instant.now();
          assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
          answers.add(millis(done.finishedAt(), answered));
        }
        return new Numbers(
            idle, perWaiter, average(starts), max(starts), average(answers), max(answers));
      }
    }
  }

  private static String submitSleep(Timeslice t, Caller tenant, String module, Duration d) {
    return t.jobs()
        .submit(
            tenant,
            new JobRequest(
                module,
                null,
                null,
                new JobRequest.Wasi(List.of(Long.toString(d.toMillis())), Map.of(), null, null),
                null,
                null),
            null)
        .id();
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  private static double average(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }
}
