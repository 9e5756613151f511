package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.timeslice.client.Accepted;
import io.timeslice.client.ApiKey;
import io.timeslice.client.Job;
import io.timeslice.client.JobEvent;
import io.timeslice.client.JobPage;
import io.timeslice.client.JobStatus;
import io.timeslice.client.JobSubmission;
import io.timeslice.client.ModuleInfo;
import io.timeslice.client.Tenant;
import io.timeslice.client.TenantSpec;
import io.timeslice.client.TimesliceClient;
import io.timeslice.client.TimesliceException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Java client against the packaged service: that its records read the real answers, that the
 * service answers a repeated idempotency key with the same job (so the client's retries of a submit
 * are safe), and that real problems arrive as typed exceptions.
 */
class ClientEndToEndTest {
  private static TimesliceClient as(String token) throws Exception {
    return TimesliceClient.builder(URI.create(SharedServer.get().base())).token(token).build();
  }

  private static Tenant newTenant() throws Exception {
    try (TimesliceClient admin = as(SharedServer.ADMIN_TOKEN)) {
      return admin.createTenant(
          TenantSpec.named("client-" + UUID.randomUUID().toString().substring(0, 8), 2));
    }
  }

  @Test
  void aJobsWholeLifeThroughTheClient() throws Exception {
    Tenant tenant = newTenant();
    assertThat(tenant.apiKey()).startsWith("ts_");
    try (TimesliceClient client = as(tenant.apiKey())) {
      ModuleInfo bench = client.uploadModule(Api.program("bench.wasm"));
      assertThat(bench.exports())
          .anySatisfy(
              e -> {
                assertThat(e.name()).isEqualTo("fib_rec");
                assertThat(e.params()).containsExactly("i32");
              });
      assertThat(client.listModules()).extracting(ModuleInfo::id).containsExactly(bench.id());

      Accepted accepted =
          client.submit(
              JobSubmission.invoke(bench.id(), "fib_rec", 20).withFuelLimit(100_000_000L));
      List<JobEvent> events = new ArrayList<>();
      JobEvent last = client.followEvents(accepted.id(), 0, events::add);
      Job done = client.waitFor(accepted.id());

      assertThat(last.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(events.getFirst().status()).isEqualTo(JobStatus.QUEUED);
      assertThat(events).extracting(JobEvent::eventId).isSorted();
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(done.results()).containsExactly(6765);
      assertThat(done.fuelConsumed()).isPositive().isLessThanOrEqualTo(100_000_000L);
      assertThat(done.slices()).isPositive();
      assertThat(done.finishedAt()).isAfterOrEqualTo(done.submittedAt());

      JobPage page = client.listJobs(JobStatus.SUCCEEDED, null, 10);
      assertThat(page.jobs()).extracting(Job::id).containsExactly(accepted.id());
    }
  }

  @Test
  void aRepeatedIdempotencyKeyIsTheSameJobAndADifferentRequestUnderItIsRefused() throws Exception {
    Tenant tenant = newTenant();
    try (TimesliceClient client = as(tenant.apiKey())) {
      String module = client.uploadModule(Api.program("wasi-echo.wasm")).id();
      JobSubmission echo =
          JobSubmission.command(
              module, JobSubmission.Wasi.of(List.of("a"), Map.of(), "in".getBytes()));
      String key = UUID.randomUUID().toString();

      Accepted first = client.submit(echo, key);
      Accepted again = client.submit(echo, key);
      TimesliceException changed =
          catchThrowableOfType(
              TimesliceException.class,
              () ->
                  client.submit(
                      JobSubmission.command(
                          module, JobSubmission.Wasi.of(List.of("b"), null, null)),
                      key));

      assertThat(again.id()).isEqualTo(first.id());
      assertThat(client.listJobs(null, null, 100).jobs()).hasSize(1);
      assertThat(changed.status()).isEqualTo(422);
      assertThat(changed.detail()).isNotBlank();
      assertThat(client.waitFor(first.id()).stdout()).contains("arg 1: a");
    }
  }

  @Test
  void problemsOfTheServiceAreTypedExceptions() throws Exception {
    Tenant tenant = newTenant();
    try (TimesliceClient client = as(tenant.apiKey());
        TimesliceClient stranger = as("ts_not-a-key")) {
      TimesliceException malformed =
          catchThrowableOfType(
              TimesliceException.class,
              () -> client.uploadModule(new byte[] {0, 'a', 's', 'm', 9}));
      TimesliceException badText =
          catchThrowableOfType(
              TimesliceException.class,
              () -> client.uploadModuleText("(module (func i33.const 1))"));
      TimesliceException missing =
          catchThrowableOfType(
              TimesliceException.class, () -> client.getJob(UUID.randomUUID().toString()));
      TimesliceException unauthorized =
          catchThrowableOfType(TimesliceException.class, client::listTenants);
      TimesliceException unknownKey =
          catchThrowableOfType(TimesliceException.class, stranger::listModules);

      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.title()).isEqualTo("Malformed module");
      assertThat(malformed.properties()).containsKey("offset");
      assertThat(badText.title()).isEqualTo("Malformed module text");
      assertThat(badText.properties()).containsEntry("line", 1).containsKey("column");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(unauthorized.status()).isEqualTo(403);
      assertThat(unknownKey.status()).isEqualTo(401);
      assertThat(unknownKey.detail()).isEqualTo("the API key is not valid");
    }
  }

  @Test
  void aRotatedKeyReplacesTheOldOneAtOnce() throws Exception {
    Tenant tenant = newTenant();
    ApiKey rotated;
    try (TimesliceClient old = as(tenant.apiKey())) {
      rotated = old.rotateKey(tenant.id());
      TimesliceException refused = catchThrowableOfType(TimesliceException.class, old::listModules);
      assertThat(refused.status()).isEqualTo(401);
    }
    try (TimesliceClient current = as(rotated.apiKey())) {
      assertThat(current.listModules()).isEmpty();
      assertThat(current.getTenant(tenant.id()).name()).isEqualTo(tenant.name());
    }
  }

  @Test
  void waitForGivesUpAtItsTimeoutAndCancelEndsTheJob() throws Exception {
    Tenant tenant = newTenant();
    try (TimesliceClient client = as(tenant.apiKey())) {
      String module = client.uploadModule(Api.program("jobs.wasm")).id();
      Accepted spin = client.submit(JobSubmission.invoke(module, "spin"));

      Job still =
          client.waitFor(spin.id(), Duration.ofMillis(700), Duration.ofMillis(300), j -> {});
      assertThat(still.status().isFinal()).isFalse();

      client.cancel(spin.id());
      Job cancelled = client.waitFor(spin.id());
      assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
      assertThat(cancelled.failure().kind()).isEqualTo("CANCELLED");
    }
  }
}
