package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobEvent;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.WasmType;
import io.timeslice.storage.WasmValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Jobs through PostgreSQL: submitted durably, run, recorded; reclaimed after an instance dies. */
class DurableSchedulerTest extends DurableFixture {
  @Test
  void aFunctionJobAndAWasiCommandRunAndTheirResultsAreRecorded() throws Exception {
    byte[] bench = upload("bench.wasm");
    byte[] echo = upload("wasi-echo.wasm");
    try (Instance i = instance("a", Duration.ofSeconds(30))) {
      UUID fib = i.durable().submit(call(bench, "fib_rec", 100_000_000, 20)).job().id();
      UUID wasi =
          i.durable()
              .submit(
                  NewJob.command(
                      tenant, echo, List.of("x", "y"), Map.of("K", "v"), null, 100_000_000, 1))
              .job()
              .id();
      JobRecord f = awaitFinal(fib);
      assertThat(f.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(f.results()).isEqualTo(new WasmValues(List.of(WasmType.I32), new long[] {6765}));
      assertThat(f.fuelConsumed()).isEqualTo(353_824);
      JobRecord w = awaitFinal(wasi);
      assertThat(w.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(w.results()).isNull();
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
      id = dying.durable().submit(call(jobsModule, "work", 10_000_000_000L, 20000000)).job().id();
      while (queries.find(tenant, id).orElseThrow().status() != JobStatus.RUNNING) {
        Thread.sleep(5);
      }
      // The instance dies: it stops without recording anything and without renewing its lease.
      dying.durable().halt();
    }
    try (Instance survivor = instance("survivor", Duration.ofSeconds(30))) {
      JobRecord r = awaitFinal(id);
      assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.results().bits()).containsExactly(20000000);
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(queries.events(id, 0))
          .extracting(JobEvent::status)
          .containsExactly(
              JobStatus.QUEUED,
              JobStatus.RUNNING,
              JobStatus.QUEUED,
              JobStatus.RUNNING,
              JobStatus.SUCCEEDED);
    }
  }

  // (module (memory 100) (func (export "f"))): 100 pages, over a 1 MiB memory quota.
  private static final byte[] BIG_MEMORY = {
    0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 100, 7, 5, 1, 1, 'f',
    0, 0, 10, 4, 1, 2, 0, 0x0b
  };

  // (module (import "env" "missing" (func)) (func (export "f"))): nothing defines the import.
  private static final byte[] MISSING_IMPORT = {
    0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 15, 1, 3, 'e', 'n', 'v', 7, 'm', 'i', 's',
    's', 'i', 'n', 'g', 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 'f', 0, 1, 10, 4, 1, 2, 0, 0x0b
  };

  @Test
  void instantiationAndLinkFailuresAreReportedAsSuchAndNotAsTraps() throws Exception {
    byte[] big = upload(BIG_MEMORY);
    byte[] unlinked = upload(MISSING_IMPORT);
    byte[] jobsModule = upload("jobs.wasm");
    tenants.update(tenant, 1, new Tenant.Quotas(null, null, null, 1L << 20, null, null));
    try (Instance i = instance("a", Duration.ofSeconds(30))) {
      JobRecord overMemory = awaitFinal(i.durable().submit(call(big, "f", 1_000_000)).job().id());
      JobRecord link = awaitFinal(i.durable().submit(call(unlinked, "f", 1_000_000)).job().id());
      JobRecord trap =
          awaitFinal(i.durable().submit(call(jobsModule, "deep", 1_000_000_000, 0)).job().id());

      assertThat(overMemory.status()).isEqualTo(JobStatus.FAILED);
      assertThat(overMemory.failure().kind()).isEqualTo(FailureKind.INSTANTIATION);
      assertThat(overMemory.failure().trapCode()).isNull();
      assertThat(overMemory.failure().message()).contains("memory");

      assertThat(link.status()).isEqualTo(JobStatus.FAILED);
      assertThat(link.failure().kind()).isEqualTo(FailureKind.LINK);
      assertThat(link.failure().trapCode()).isNull();
      assertThat(link.failure().message()).contains("env").contains("missing");

      assertThat(trap.status()).isEqualTo(JobStatus.FAILED);
      assertThat(trap.failure().kind()).isEqualTo(FailureKind.TRAP);
      assertThat(trap.failure().trapCode()).isEqualTo("CALL_STACK_EXHAUSTED");
      assertThat(trap.failure().message()).startsWith("call stack exhausted");
    }
  }
}
