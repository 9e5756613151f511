package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobRepository;
import io.timeslice.storage.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Jobs through PostgreSQL: submitted durably, run, recorded; reclaimed after an instance dies. */
class DurableSchedulerTest extends DurableFixture {
  @Test
  void aFunctionJobAndAWasiCommandRunAndTheirResultsAreRecorded() throws Exception {
    byte[] bench = upload("bench.wasm");
    byte[] echo = upload("wasi-echo.wasm");
    try (Instance i = instance("a", Duration.ofSeconds(30))) {
      UUID fib = i.durable().submit(call(bench, "fib_rec", "[20]", 100_000_000)).job().id();
      UUID wasi =
          i.durable()
              .submit(
                  new NewJob(
                      tenant,
                      echo,
                      null,
                      "[]",
                      "[\"x\", \"y\"]",
                      "{\"K\": \"v\"}",
                      null,
                      100_000_000,
                      1,
                      0,
                      null,
                      null))
              .job()
              .id();
      JobRecord f = awaitFinal(fib);
      assertThat(f.status()).isEqualTo("SUCCEEDED");
      assertThat(f.resultsJson()).isEqualTo("[6765]");
      assertThat(f.fuelConsumed()).isEqualTo(353_824);
      JobRecord w = awaitFinal(wasi);
      assertThat(w.status()).isEqualTo("SUCCEEDED");
      assertThat(w.exitCode()).isZero();
      assertThat(new String(w.stdout(), StandardCharsets.UTF_8))
          .isEqualTo(
              "arg 0: "
                  + java.util.HexFormat.of().formatHex(echo)
                  + "\narg 1: x\narg 2: y\nenv: K=v\n");
    }
  }

  @Test
  void aJobOfAnInstanceThatDiedIsReclaimedAndRunAgain() throws Exception {
    byte[] jobsModule = upload("jobs.wasm");
    UUID id;
    try (Instance dying = instance("dying", Duration.ofMillis(600))) {
      id =
          dying
              .durable()
              .submit(call(jobsModule, "work", "[20000000]", 10_000_000_000L))
              .job()
              .id();
      while (!"RUNNING".equals(jobs.find(tenant, id).orElseThrow().status())) {
        Thread.sleep(5);
      }
      // The instance dies: it stops without recording anything and without renewing its lease.
      dying.durable().halt();
    }
    try (Instance survivor = instance("survivor", Duration.ofSeconds(30))) {
      JobRecord r = awaitFinal(id);
      assertThat(r.status()).isEqualTo("SUCCEEDED");
      assertThat(r.resultsJson()).isEqualTo("[20000000]");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(jobs.events(id, 0))
          .extracting(JobRepository.Event::status)
          .containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
    }
  }
}
