package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.timeslice.storage.Failure;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tenants' quotas at submit and while running, and the metrics tagged by tenant name. */
class DurableQuotaTest extends DurableFixture {
  private static final Duration LEASE = Duration.ofSeconds(30);

  private NewJob keyed(byte[] module, String key) {
    return call(module, "work", 1000, 1).withIdempotencyKey(key, new byte[] {1});
  }

  private long runningOf(long tenantId) {
    return queries.list(tenantId, JobStatus.RUNNING, null, 1000).jobs().size();
  }

  @Test
  void aFullQueueIsRefusedWithRetryAfterButAnIdempotentRetryIsStillAccepted() throws Exception {
    byte[] module = upload("jobs.wasm");
    tenants.update(tenant, 1, new Tenant.Quotas(2, null, null, null, null, null));
    try (Instance i = instance("a", LEASE)) {
      // Nothing claims: the jobs stay queued.
      i.durable().halt();
      UUID first = i.durable().submit(keyed(module, "k1")).job().id();
      i.durable().submit(keyed(module, "k2"));
      assertThatThrownBy(() -> i.durable().submit(keyed(module, "k3")))
          .isInstanceOfSatisfying(
              QuotaExceededException.class,
              e -> {
                assertThat(e.quota()).isEqualTo("maxQueuedJobs");
                assertThat(e.limit()).isEqualTo(2);
                assertThat(e.retryAfter()).isPositive();
              });
      JobQueue.Submitted retry = i.durable().submit(keyed(module, "k1"));
      assertThat(retry.created()).isFalse();
      assertThat(retry.job().id()).isEqualTo(first);
      assertThat(queries.list(tenant, JobStatus.QUEUED, null, 10).jobs()).hasSize(2);
    }
  }

  @Test
  void aFuelLimitOverTheQuotaIsRejectedAndNothingIsStored() throws Exception {
    byte[] module = upload("jobs.wasm");
    tenants.update(tenant, 1, new Tenant.Quotas(null, null, 5000L, null, null, null));
    try (Instance i = instance("a", LEASE)) {
      assertThatThrownBy(() -> i.durable().submit(call(module, "work", 5001, 1)))
          .isInstanceOf(JobRejectedException.class)
          .hasMessageContaining("5001")
          .hasMessageContaining("5000");
      assertThatThrownBy(() -> i.durable().submit(call(999_999, module, "work", 10, 1)))
          .isInstanceOf(JobRejectedException.class)
          .hasMessageContaining("no tenant");
      assertThat(queries.list(tenant, null, null, 10).jobs()).isEmpty();
      UUID ok = i.durable().submit(call(module, "work", 5000, 1)).job().id();
      assertThat(awaitFinal(ok).status()).isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  @Test
  void noTenantRunsMoreJobsThanItsQuotaAcrossInstances() throws Exception {
    byte[] module = upload("jobs.wasm");
    tenants.update(tenant, 1, new Tenant.Quotas(null, 2, null, null, null, null));
    long other = tenants.create("other", 1, Tenant.Quotas.DEFAULTS).id();
    List<UUID> spinning = new ArrayList<>();
    try (Instance a = instance("a", LEASE);
        Instance b = instance("b", LEASE)) {
      for (int n = 0; n < 6; n++) {
        spinning.add(
            (n % 2 == 0 ? a : b)
                .durable()
                .submit(call(module, "spin", 10_000_000_000L))
                .job()
                .id());
      }
      UUID otherJob = a.durable().submit(call(other, module, "work", 1_000_000, 1000)).job().id();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (runningOf(tenant) < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      for (int n = 0; n < 40; n++) {
        assertThat(runningOf(tenant)).isEqualTo(2);
        Thread.sleep(10);
      }
      // The tenant at its quota does not hold back another tenant's job.
      assertThat(queries.find(other, otherJob).orElseThrow().status())
          .isIn(JobStatus.RUNNING, JobStatus.SUCCEEDED);
      for (UUID id : spinning) {
        a.durable().cancel(tenant, id);
      }
      for (UUID id : spinning) {
        assertThat(awaitFinal(id).status()).isEqualTo(JobStatus.CANCELLED);
      }
    }
  }

  @Test
  void theMemoryQuotaBoundsAMemoryBomb() throws Exception {
    byte[] module = upload("jobs.wasm");
    tenants.update(tenant, 1, new Tenant.Quotas(null, null, null, 1L << 20, null, null));
    long bigger =
        tenants.create("bigger", 1, new Tenant.Quotas(null, null, null, 2L << 20, null, null)).id();
    try (Instance i = instance("a", LEASE)) {
      UUID small = i.durable().submit(call(module, "grow_bomb", 1_000_000_000)).job().id();
      UUID large = i.durable().submit(call(bigger, module, "grow_bomb", 1_000_000_000)).job().id();
      JobRecord s = awaitFinal(small);
      JobRecord l = await(large, bigger, r -> r.finishedAt() != null);
      assertThat(s.status()).isEqualTo(JobStatus.FAILED);
      assertThat(s.failure()).isEqualTo(Failure.trap("UNREACHABLE", s.failure().message()));
      assertThat(l.status()).isEqualTo(JobStatus.FAILED);
      // Twice the memory, about twice the grows before memory.grow fails.
      assertThat(l.fuelConsumed()).isGreaterThan(s.fuelConsumed() * 3 / 2);
    }
  }

  private JobRecord await(UUID id, long tenantId, java.util.function.Predicate<JobRecord> p)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      JobRecord r = queries.find(tenantId, id).orElseThrow();
      if (p.test(r)) {
        return r;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("job " + id + " did not finish");
  }

  @Test
  void theOutputQuotaStopsAFlood() throws Exception {
    byte[] flood = upload("wasi-flood.wasm");
    tenants.update(tenant, 1, new Tenant.Quotas(null, null, null, null, 1000, null));
    try (Instance i = instance("a", LEASE)) {
      UUID id = i.durable().submit(command(flood, 10_000_000_000L)).job().id();
      JobRecord r = awaitFinal(id);
      assertThat(r.status()).isEqualTo(JobStatus.FAILED);
      assertThat(r.exitCode()).isEqualTo(120);
      assertThat(r.failure().kind()).isEqualTo(FailureKind.EXIT);
      assertThat(r.failure().message()).contains("output limit");
      assertThat(r.stdout()).hasSize(1000);
      assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isNotBlank();
    }
  }

  @Test
  void metricsAreTaggedWithTheTenantNameAndQueueWaitStartsAtSubmission() throws Exception {
    byte[] module = upload("jobs.wasm");
    // Submitted ten seconds before any instance runs (a clock of the past).
    Instant past = Instant.now().minusSeconds(10);
    JobQueue earlier = new JobQueue(db.dataSource(), Clock.fixed(past, ZoneOffset.UTC));
    UUID old = earlier.submit(call(module, "work", 1_000_000, 100)).job().id();
    try (Instance i = instance("a", LEASE)) {
      UUID fresh = i.durable().submit(call(module, "work", 1_000_000, 100)).job().id();
      awaitFinal(old);
      awaitFinal(fresh);
      assertThat(registry.get("timeslice.jobs.submitted").tag("tenant", "acme").counter().count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("timeslice.jobs.completed")
                  .tags("tenant", "acme", "outcome", "succeeded")
                  .counter()
                  .count())
          .isEqualTo(2);
      Timer wait = registry.get("timeslice.job.queue.wait").tag("tenant", "acme").timer();
      assertThat(wait.count()).isEqualTo(2);
      assertThat(wait.max(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(10);
      assertThat(registry.get("timeslice.fuel.consumed").tag("tenant", "acme").counter().count())
          .isPositive();
      assertThat(
              registry
                  .find("timeslice.jobs.completed")
                  .tag("tenant", Long.toString(tenant))
                  .counters())
          .isEmpty();
    }
  }
}
