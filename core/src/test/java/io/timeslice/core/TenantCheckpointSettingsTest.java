package io.timeslice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.core.tenants.TenantRequest;
import io.timeslice.core.tenants.TenantView;
import io.timeslice.storage.Database;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's checkpoint settings are set on creation and by PATCH, stored in PostgreSQL, shown with
 * the tenant, kept when a PATCH leaves them out, and refused when out of range.
 */
class TenantCheckpointSettingsTest {
  private Database db;
  private Timeslice timeslice;

  @BeforeEach
  void start() {
    db = Database.open(TestDatabases.fresh());
    timeslice =
        Timeslice.start(
            db.dataSource(),
            Timeslice.Settings.defaults("checkpoint-settings"),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    timeslice.close();
    db.close();
  }

  private static TenantRequest checkpoints(String name, Integer seconds, Long fuel, Long maxBytes) {
    return new TenantRequest(
        name, null, null, null, null, null, null, null, null, seconds, fuel, maxBytes);
  }

  @Test
  void settingsAreStoredShownAndKeptByAPatchWithoutThem() {
    TenantView created =
        timeslice.tenants().create(Caller.ADMIN, checkpoints("acme", 5, null, null));
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
        timeslice.tenants().create(Caller.ADMIN, checkpoints("acme", 7, null, null));
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
