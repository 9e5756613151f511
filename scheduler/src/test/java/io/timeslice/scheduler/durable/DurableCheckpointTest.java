package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.CheckpointRepository;
import io.timeslice.storage.JobEvent;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Jobs moved between instances on one database by their checkpoints: a graceful shutdown
 * checkpoints a running job and the next instance goes on from exactly there; after an instance
 * dies, the survivor goes on from its last periodic checkpoint, running again at most the tenant's
 * fuel bound. Either way the job ends with the result, output and total fuel of an uninterrupted
 * run, and says it was resumed.
 */
class DurableCheckpointTest extends DurableFixture {
  private static final byte[] STDIN = new byte[64 * 1024];

  static {
    for (int i = 0; i < STDIN.length; i++) {
      STDIN[i] = (byte) (i * 7 + 3);
    }
  }

  private NewJob checksum(byte[] module) {
    return NewJob.command(tenant, module, List.of("2400"), Map.of(), STDIN, 10_000_000_000L, 1);
  }

  private double fuelCounted() {
    var counter = registry.find("timeslice.fuel.consumed").tag("tenant", "acme").counter();
    return counter == null ? 0 : counter.count();
  }

  /** The job run from start to end on one instance, for comparison. */
  private JobRecord uninterrupted(byte[] module) throws Exception {
    try (Instance i = checkpointing("reference", Duration.ofSeconds(30))) {
      return awaitFinal(i.durable().submit(checksum(module)).job().id());
    }
  }

  private JobRecord awaitRunningPast(UUID id, long fuel) throws InterruptedException {
    return await(id, r -> r.status() == JobStatus.RUNNING && r.fuelConsumed() >= fuel);
  }

  @Test
  void aGracefulShutdownCheckpointsARunningJobAndAnotherInstanceGoesOnFromThere() throws Exception {
    byte[] module = upload("wasi-checksum.wasm");
    JobRecord expected = uninterrupted(module);
    assertThat(expected.status()).isEqualTo(JobStatus.SUCCEEDED);
    double before = fuelCounted();
    UUID id;
    try (Instance first = checkpointing("first", Duration.ofSeconds(30))) {
      id = first.durable().submit(checksum(module)).job().id();
      awaitRunningPast(id, 20_000_000);
    }
    CheckpointRepository checkpoints = new CheckpointRepository(db.dataSource());
    assertThat(checkpoints.load(id)).as("checkpoint after the shutdown").isPresent();
    assertThat(queries.find(tenant, id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    try (Instance second = checkpointing("second", Duration.ofSeconds(30))) {
      JobRecord r = awaitFinal(id);
      assertSameEnd(r, expected);
      // Checkpointed where it stopped: not a unit of fuel ran twice.
      assertThat(fuelCounted() - before).isEqualTo((double) expected.fuelConsumed());
    }
    assertResumedOnce(id);
    assertThat(checkpoints.load(id)).as("checkpoint after the end").isEmpty();
  }

  @Test
  void afterAnInstanceDiesTheSurvivorGoesOnFromTheLastPeriodicCheckpoint() throws Exception {
    byte[] module = upload("wasi-checksum.wasm");
    JobRecord expected = uninterrupted(module);
    long bound = 30_000_000;
    tenants.setCheckpointSettings(tenant, new Tenant.CheckpointSettings(null, 3600, bound));
    double before = fuelCounted();
    CheckpointRepository checkpoints = new CheckpointRepository(db.dataSource());
    UUID id;
    try (Instance dying = checkpointing("dying", Duration.ofMillis(600))) {
      id = dying.durable().submit(checksum(module)).job().id();
      awaitRunningPast(id, 3 * bound);
      assertThat(checkpoints.load(id)).isPresent();
      dying.durable().halt();
    }
    long checkpointFuel = checkpoints.load(id).orElseThrow().fuelConsumed();
    try (Instance survivor = checkpointing("survivor", Duration.ofSeconds(30))) {
      JobRecord r = awaitFinal(id);
      assertSameEnd(r, expected);
      assertThat(r.attempts()).isEqualTo(2);
      double twice = fuelCounted() - before - expected.fuelConsumed();
      assertThat(twice).as("fuel run twice").isBetween(0.0, (double) bound);
      assertThat(checkpointFuel).isPositive();
    }
    assertResumedOnce(id);
  }

  @Test
  void aCheckpointOverTheTenantsQuotaIsSkippedAndTheJobStartsOver() throws Exception {
    byte[] module = upload("wasi-checksum.wasm");
    JobRecord expected = uninterrupted(module);
    tenants.setCheckpointSettings(tenant, new Tenant.CheckpointSettings(100L, 3600, 5_000_000L));
    UUID id;
    try (Instance first = checkpointing("first", Duration.ofSeconds(30))) {
      id = first.durable().submit(checksum(module)).job().id();
      awaitRunningPast(id, 20_000_000);
    }
    assertThat(new CheckpointRepository(db.dataSource()).load(id)).isEmpty();
    assertThat(
            registry
                .get("timeslice.checkpoints.skipped")
                .tag("reason", "over_quota")
                .counter()
                .count())
        .isPositive();
    try (Instance second = checkpointing("second", Duration.ofSeconds(30))) {
      assertSameEnd(awaitFinal(id), expected);
    }
    assertThat(resumedCount(id)).isZero();
  }

  /**
   * An instance shedding load keeps the jobs it is told to keep, checkpoints the others where they
   * stop and gives them back; it claims no more than that, so the other instance takes them and
   * goes on from their checkpoints: not a unit of fuel runs twice. Lifting the cap lets it claim
   * again.
   */
  @Test
  void aSheddingInstanceHandsItsJobsOverFromTheirCheckpoints() throws Exception {
    byte[] module = upload("wasi-checksum.wasm");
    JobRecord expected = uninterrupted(module);
    double before = fuelCounted();
    try (Instance busy = checkpointing("busy", Duration.ofSeconds(30))) {
      List<UUID> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(busy.durable().submit(checksum(module)).job().id());
      }
      for (UUID id : ids) {
        awaitRunningPast(id, 1);
      }
      assertThat(busy.durable().shed(1, Duration.ofSeconds(30))).isEqualTo(2);
      List<UUID> shed =
          ids.stream()
              .filter(id -> queries.find(tenant, id).orElseThrow().status() == JobStatus.QUEUED)
              .toList();
      assertThat(shed).hasSize(2);
      CheckpointRepository checkpoints = new CheckpointRepository(db.dataSource());
      for (UUID id : shed) {
        assertThat(checkpoints.load(id)).as("checkpoint of a shed job").isPresent();
      }
      // The cap holds: the shed jobs stay queued for another instance.
      Thread.sleep(300);
      assertThat(shed)
          .allSatisfy(
              id ->
                  assertThat(queries.find(tenant, id).orElseThrow().status())
                      .isEqualTo(JobStatus.QUEUED));
      try (Instance other = checkpointing("other", Duration.ofSeconds(30))) {
        for (UUID id : ids) {
          assertSameEnd(awaitFinal(id), expected);
        }
        for (UUID id : shed) {
          assertResumedOnce(id);
        }
      }
      assertThat(fuelCounted() - before).isEqualTo(3.0 * expected.fuelConsumed());
      // Lifted, it claims again.
      busy.durable().shed(null, Duration.ZERO);
      assertSameEnd(awaitFinal(busy.durable().submit(checksum(module)).job().id()), expected);
    }
  }

  /**
   * A rolling restart of two instances while 50 CPU-bound jobs run: each instance in turn shuts
   * down gracefully and a new one takes its place. Every job ends with its result and the fuel of
   * an uninterrupted run, the jobs that were running at a shutdown went on from their checkpoints,
   * and not a unit of fuel ran twice.
   */
  @Test
  void aRollingRestartLosesNoWorkAndRepeatsNone() throws Exception {
    byte[] module = upload("jobs.wasm");
    long n = 2_000_000;
    long fuelPerJob;
    try (Instance reference = checkpointing("reference", Duration.ofSeconds(30))) {
      fuelPerJob =
          awaitFinal(reference.durable().submit(call(module, "work", 1L << 33, n)).job().id())
              .fuelConsumed();
    }
    double before = fuelCounted();
    List<UUID> ids = new java.util.ArrayList<>();
    Instance a = checkpointing("a", Duration.ofSeconds(30));
    Instance b = checkpointing("b", Duration.ofSeconds(30));
    try {
      for (int i = 0; i < 50; i++) {
        ids.add(a.durable().submit(call(module, "work", 1L << 33, n)).job().id());
      }
      awaitFinished(ids, 5);
      a.close();
      a = checkpointing("a2", Duration.ofSeconds(30));
      awaitFinished(ids, 20);
      b.close();
      b = checkpointing("b2", Duration.ofSeconds(30));
      int resumed = 0;
      for (UUID id : ids) {
        JobRecord r = awaitFinal(id);
        assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(r.results().bits()).containsExactly(n);
        assertThat(r.fuelConsumed()).as("total fuel of %s", id).isEqualTo(fuelPerJob);
        resumed += resumedCount(id);
      }
      assertThat(resumed).as("jobs resumed from a checkpoint").isPositive();
      assertThat(fuelCounted() - before).isEqualTo((double) 50 * fuelPerJob);
    } finally {
      a.close();
      b.close();
    }
  }

  private void awaitFinished(List<UUID> ids, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ids.stream()
            .filter(id -> queries.find(tenant, id).orElseThrow().finishedAt() != null)
            .count()
        < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " jobs finished");
      }
      Thread.sleep(10);
    }
  }

  private static void assertSameEnd(JobRecord r, JobRecord expected) {
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(r.exitCode()).isEqualTo(expected.exitCode());
    assertThat(r.stdout()).isEqualTo(expected.stdout());
    assertThat(r.fuelConsumed()).as("total fuel").isEqualTo(expected.fuelConsumed());
  }

  private void assertResumedOnce(UUID id) {
    assertThat(resumedCount(id)).isEqualTo(1);
    assertThat(queries.events(id, 0))
        .filteredOn(e -> e.detailJson() != null && e.detailJson().contains("resumedFromCheckpoint"))
        .extracting(JobEvent::status)
        .containsExactly(JobStatus.RUNNING);
  }

  private int resumedCount(UUID id) {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT resumed_from_checkpoint FROM jobs WHERE id = '" + id + "'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
