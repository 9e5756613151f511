package io.timeslice.scheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.scheduler.durable.ErrorReporter;
import io.timeslice.storage.Cleanup;
import io.timeslice.storage.CompiledArtifactRepository;
import io.timeslice.storage.Database;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.storage.testing.SwitchableDataSource;
import io.timeslice.storage.testing.TestDatabases;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scheduled cleanup counts what it deleted, and its failures, without dying. */
class CleanupTaskTest {
  @Test
  void aRunIsMeasuredAndAFailedOneCountedAndSurvived() throws Exception {
    try (Database db = Database.open(TestDatabases.fresh())) {
      long tenant =
          new TenantRepository(db.dataSource()).create("t", 1, Tenant.Quotas.DEFAULTS).id();
      byte[] bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
      byte[] module = MessageDigest.getInstance("SHA-256").digest(bytes);
      new ModuleRepository(db.dataSource()).store(tenant, module, bytes, "[]", "[]");
      CompiledArtifactRepository artifacts = new CompiledArtifactRepository(db.dataSource());
      artifacts.store(module, "before-the-upgrade", new byte[] {1}, 1);
      SwitchableDataSource flaky = new SwitchableDataSource(db.dataSource());
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (CleanupTask task =
          new CleanupTask(
              new Cleanup(flaky, Clock.systemUTC(), 100),
              Duration.ofDays(7),
              "now",
              Duration.ofDays(1),
              Duration.ofDays(1),
              new ErrorReporter(registry, Clock.systemUTC()),
              registry)) {
        assertThat(task.runOnce()).isEqualTo(new Cleanup.Result(true, 0, 1));
        flaky.setDown(true);
        assertThat(task.runOnce().ran()).isFalse();
        flaky.setDown(false);
        assertThat(task.runOnce()).isEqualTo(new Cleanup.Result(true, 0, 0));
      }
      assertThat(registry.get("timeslice.cleanup.runs").tag("result", "done").counter().count())
          .isEqualTo(2);
      assertThat(registry.get("timeslice.cleanup.runs").tag("result", "failed").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("timeslice.cleanup.artifacts.deleted").counter().count())
          .isEqualTo(1);
      assertThat(registry.get("timeslice.cleanup.duration").timer().count()).isEqualTo(3);
      assertThat(
              registry.get("timeslice.scheduler.errors").tag("kind", "cleanup").counter().count())
          .isEqualTo(1);
    }
  }
}
