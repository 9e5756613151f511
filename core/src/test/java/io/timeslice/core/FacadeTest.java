package io.timeslice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.core.jobs.JobRequest;
import io.timeslice.core.jobs.JobView;
import io.timeslice.core.tenants.TenantRequest;
import io.timeslice.core.tenants.TenantView;
import io.timeslice.storage.Database;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The facade end to end on a real database: tenants, modules and jobs as the API uses them. */
class FacadeTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Database db;
  private Timeslice timeslice;
  private Caller tenant;

  @BeforeEach
  void start() {
    db = Database.open(TestDatabases.fresh());
    timeslice =
        Timeslice.start(
            db.dataSource(), Timeslice.Settings.defaults("facade"), registry, Clock.systemUTC());
    TenantView created =
        timeslice
            .tenants()
            .create(
                Caller.ADMIN,
                new TenantRequest(
                    "acme", 1, null, null, null, null, null, null, null, null, null, null));
    tenant = timeslice.tenants().identify(created.apiKey()).orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    timeslice.close();
    db.close();
  }

  private String upload(String program) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("..", "programs", "wasm", program));
    return timeslice.modules().upload(tenant, new ByteArrayInputStream(bytes), false).module().id();
  }

  private double cacheLookups() {
    return Search.in(registry).name("cache.gets").functionCounters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void readingAndListingJobsNeverTouchesTheModuleCache() throws Exception {
    String bench = upload("bench.wasm");
    String id =
        timeslice
            .jobs()
            .submit(
                tenant,
                new JobRequest(
                    bench,
                    "fib_rec",
                    List.of(JsonNodeFactory.instance.numberNode(20)),
                    null,
                    null,
                    null),
                null)
            .id();
    JobView done = timeslice.jobs().await(tenant, id, Duration.ofSeconds(60));
    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(done.results()).containsExactly(6765);
    double before = cacheLookups();
    // The upload and the run looked modules up: the meter counts, so an unchanged count means
    // the reads below made no lookup.
    assertThat(before).isPositive();
    for (int i = 0; i < 5; i++) {
      assertThat(timeslice.jobs().get(tenant, id).results()).containsExactly(6765);
      assertThat(timeslice.jobs().list(tenant, "succeeded", null, 10).jobs())
          .extracting(JobView::id)
          .containsExactly(id);
    }
    assertThat(cacheLookups()).isEqualTo(before);
  }

  @Test
  void refusalsComeAsRefusedWithTheirReason() throws Exception {
    assertThatThrownBy(() -> timeslice.jobs().get(tenant, "not-a-job"))
        .isInstanceOfSatisfying(
            Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_FOUND));
    assertThatThrownBy(() -> timeslice.jobs().list(Caller.ADMIN, null, null, 10))
        .isInstanceOfSatisfying(
            Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.FORBIDDEN));
    byte[] truncated = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5};
    assertThatThrownBy(
            () -> timeslice.modules().upload(tenant, new ByteArrayInputStream(truncated), false))
        .isInstanceOfSatisfying(
            Refused.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Refused.Reason.INVALID);
              assertThat(e.title()).isEqualTo("Malformed module");
              assertThat(e.facts()).containsEntry("offset", 10L);
            });
    String bench = upload("bench.wasm");
    assertThatThrownBy(
            () ->
                timeslice
                    .jobs()
                    .submit(
                        tenant, new JobRequest(bench, "fib_rec", List.of(), null, -1L, null), null))
        .isInstanceOfSatisfying(
            Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.INVALID));
  }

  // A tenant's checkpoint settings: set on creation and by PATCH, stored in PostgreSQL, shown with
  // the tenant, kept when a PATCH leaves them out, refused when out of range.

  private static TenantRequest checkpoints(String name, Integer seconds, Long fuel, Long maxBytes) {
    return new TenantRequest(
        name, null, null, null, null, null, null, null, null, seconds, fuel, maxBytes);
  }

  @Test
  void settingsAreStoredShownAndKeptByAPatchWithoutThem() {
    TenantView created =
        timeslice.tenants().create(Caller.ADMIN, checkpoints("beta", 5, null, null));
    assertThat(created.checkpointIntervalSeconds()).isEqualTo(5);
    assertThat(created.checkpointIntervalFuel()).isNull();

    TenantView patched =
        timeslice
            .tenants()
            .update(Caller.ADMIN, created.id(), checkpoints(null, null, 2_000_000L, 4096L));
    assertThat(patched.checkpointIntervalSeconds()).isEqualTo(5);
    assertThat(patched.checkpointIntervalFuel()).isEqualTo(2_000_000L);
    assertThat(patched.maxCheckpointBytes()).isEqualTo(4096L);

    // In PostgreSQL, where the scheduler reads them, not only in the answer.
    assertThat(new TenantRepository(db.dataSource()).find(created.id()).orElseThrow().checkpoints())
        .isEqualTo(new io.timeslice.storage.Tenant.CheckpointSettings(4096L, 5, 2_000_000L));
    // A PATCH of something else leaves them as they are.
    TenantView reweighted =
        timeslice
            .tenants()
            .update(
                Caller.ADMIN,
                created.id(),
                new TenantRequest(
                    null, 3, null, null, null, null, null, null, null, null, null, null));
    assertThat(reweighted.weight()).isEqualTo(3);
    assertThat(timeslice.tenants().get(Caller.ADMIN, created.id()))
        .extracting(
            TenantView::checkpointIntervalSeconds,
            TenantView::checkpointIntervalFuel,
            TenantView::maxCheckpointBytes)
        .containsExactly(5, 2_000_000L, 4096L);
  }

  @Test
  void outOfRangeSettingsAreRefusedAndChangeNothing() {
    TenantView created =
        timeslice.tenants().create(Caller.ADMIN, checkpoints("beta", 7, null, null));
    assertThatThrownBy(
            () ->
                timeslice
                    .tenants()
                    .update(Caller.ADMIN, created.id(), checkpoints(null, 0, null, null)))
        .isInstanceOf(Refused.class)
        .hasMessageContaining("checkpointIntervalSeconds must be positive");
    assertThatThrownBy(
            () ->
                timeslice
                    .tenants()
                    .update(Caller.ADMIN, created.id(), checkpoints(null, null, -1L, null)))
        .hasMessageContaining("checkpointIntervalFuel must be positive");
    assertThatThrownBy(
            () ->
                timeslice
                    .tenants()
                    .update(Caller.ADMIN, created.id(), checkpoints(null, null, null, -1L)))
        .hasMessageContaining("maxCheckpointBytes must not be negative");
    assertThat(timeslice.tenants().get(Caller.ADMIN, created.id()).checkpointIntervalSeconds())
        .isEqualTo(7);
  }
}
