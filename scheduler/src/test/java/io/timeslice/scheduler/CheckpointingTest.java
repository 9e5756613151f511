package io.timeslice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.testing.MutableClock;
import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's checkpoints of running jobs, without a database: taken before a slice could run a
 * job more than its fuel bound past the last one, when its time interval is up (on the injected
 * clock), and as a drain stops it; a job resumed from one on another scheduler with a fresh engine
 * ends as the uninterrupted job, with the same total fuel; a refused checkpoint starts it over.
 */
class CheckpointingTest {
  private static final long QUANTUM = 100_000;
  private static final byte[] STDIN = new byte[64 * 1024];

  static {
    for (int i = 0; i < STDIN.length; i++) {
      STDIN[i] = (byte) (i * 13 + 1);
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Map<Scheduler, Engine> schedulers = new IdentityHashMap<>();

  /** A sink that keeps every checkpoint and what it heard. */
  private static final class Recording implements Checkpointing.Sink {
    final List<byte[]> saved = new CopyOnWriteArrayList<>();
    final List<Long> fuel = new CopyOnWriteArrayList<>();
    final List<Long> resumedAt = new CopyOnWriteArrayList<>();
    final List<CheckpointException> refused = new CopyOnWriteArrayList<>();

    @Override
    public boolean save(byte[] checkpoint, long fuelConsumed) {
      saved.add(checkpoint);
      fuel.add(fuelConsumed);
      return true;
    }

    @Override
    public void resumed(long fuelConsumed) {
      resumedAt.add(fuelConsumed);
    }

    @Override
    public void refused(CheckpointException reason) {
      refused.add(reason);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Scheduler s : schedulers.keySet()) {
      s.close();
    }
  }

  /** A scheduler on an engine of its own, as another replica would have. */
  private Scheduler scheduler() {
    Engine engine = new Engine(Config.defaults().withConsumeFuel(true));
    Scheduler s =
        new Scheduler(engine, new SchedulerConfig(1, QUANTUM, StoreLimits.DEFAULT), registry);
    schedulers.put(s, engine);
    return s;
  }

  private JobSpec checksum(Scheduler s) throws IOException {
    return checksum(s, 20);
  }

  /** FNV-1a over 64 KiB of stdin, {@code rounds} times, as a WASI command of {@code s}'s engine. */
  private JobSpec checksum(Scheduler s, int rounds) throws IOException {
    return command(
        s,
        "wasi-checksum.wasm",
        WasiConfig.of("checksum").withArgs(Integer.toString(rounds)).withStdin(STDIN));
  }

  /** The WASI command {@code file} of {@code programs/wasm} on {@code s}'s engine. */
  private JobSpec command(Scheduler s, String file, WasiConfig wasi) throws IOException {
    Engine engine = schedulers.get(s);
    Module module =
        Module.compile(engine, Files.readAllBytes(Path.of("..", "programs", "wasm", file)));
    Linker<WasiContext> linker = new Linker<>(engine);
    Wasi.define(linker, c -> c);
    InstancePre<WasiContext> pre = linker.instantiatePre(module);
    return new JobSpec("acme", pre, null, new long[0], wasi, 10_000_000_000L, 0);
  }

  /**
   * Checkpoints hourly or every {@code bound} fuel to {@code sink}, from {@code from} (or null).
   */
  private static Checkpointing checkpointing(byte[] from, long bound, Recording sink) {
    return new Checkpointing(from, Duration.ofHours(1), bound, Clock.systemUTC(), sink);
  }

  private static JobResult await(Job job) throws Exception {
    return job.result().get(60, TimeUnit.SECONDS);
  }

  @Test
  void checkpointsKeepTheFuelRunPastThemWithinTheBoundAndResumeElsewhere() throws Exception {
    Scheduler first = scheduler();
    JobResult plain = await(first.submit(checksum(first)));
    assertThat(plain.status()).isEqualTo(JobStatus.SUCCEEDED);

    Recording sink = new Recording();
    long bound = 1_000_000;
    JobResult checkpointed =
        await(first.submit(checksum(first), Duration.ZERO, checkpointing(null, bound, sink)));
    assertThat(checkpointed.fuelConsumed()).isEqualTo(plain.fuelConsumed());
    assertThat(sink.saved).hasSizeGreaterThan(3);
    long previous = 0;
    for (long f : sink.fuel) {
      assertThat(f - previous).as("fuel between checkpoints").isLessThanOrEqualTo(bound);
      previous = f;
    }

    assertThat(registry.get("timeslice.checkpoint.size").summary().count())
        .isEqualTo(sink.saved.size());

    // Another scheduler, another engine: every checkpoint goes on to the same end.
    Scheduler second = scheduler();
    for (int i = 0; i < sink.saved.size(); i += Math.max(1, sink.saved.size() / 4)) {
      Recording resumed = new Recording();
      Checkpointing from = checkpointing(sink.saved.get(i), bound, resumed);
      JobResult r = await(second.submit(checksum(second), Duration.ZERO, from));
      assertThat(resumed.resumedAt).containsExactly(sink.fuel.get(i));
      assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.stdout()).isEqualTo(plain.stdout());
      assertThat(r.fuelConsumed()).as("total fuel").isEqualTo(plain.fuelConsumed());
    }
    assertThat(registry.get("timeslice.checkpoint.resumes").counter().count()).isPositive();
  }

  @Test
  void theTimeIntervalRunsOnTheInjectedClock() throws Exception {
    Scheduler s = scheduler();
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    Recording sink = new Recording();
    Checkpointing timed =
        new Checkpointing(null, Duration.ofSeconds(10), Long.MAX_VALUE / 4, clock, sink);
    Job job = s.submit(checksum(s, 4000), Duration.ZERO, timed);
    while (job.slices() < 5) {
      Thread.sleep(2);
    }
    assertThat(sink.saved).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sink.saved.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(sink.saved).hasSize(1);
    s.cancel(job);
    assertThat(await(job).status()).isEqualTo(JobStatus.CANCELLED);
  }

  /** The checksum job with more rounds: thousands of slices, surely running when it is drained. */
  private JobSpec longChecksum(Scheduler s) throws IOException {
    return checksum(s, 400);
  }

  @Test
  void aDrainedJobIsCheckpointedAsItStopsAndGoesOnFromThere() throws Exception {
    Scheduler first = scheduler();
    JobResult plain = await(first.submit(longChecksum(first)));
    Recording sink = new Recording();
    Job job =
        first.submit(
            longChecksum(first), Duration.ZERO, checkpointing(null, Long.MAX_VALUE / 4, sink));
    while (job.slices() < 10) {
      Thread.sleep(1);
    }
    assertThat(first.drain(job)).isTrue();
    JobResult stopped = await(job);
    assertThat(stopped.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(sink.saved).hasSize(1);
    // The checkpoint is where the job stopped: nothing it ran is lost.
    assertThat(sink.fuel.get(0)).isEqualTo(stopped.fuelConsumed());

    Scheduler second = scheduler();
    Recording resumed = new Recording();
    JobResult r =
        await(
            second.submit(
                longChecksum(second),
                Duration.ZERO,
                checkpointing(sink.saved.get(0), 1L << 40, resumed)));
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(r.stdout()).isEqualTo(plain.stdout());
    assertThat(r.fuelConsumed()).isEqualTo(plain.fuelConsumed());
  }

  private JobSpec sleeper(Scheduler s) throws IOException {
    return command(s, "wasi-sleep.wasm", WasiConfig.of("sleep").withArgs("300"));
  }

  /**
   * A job drained while it sleeps (parked on the timer, in a WASI host yield) is checkpointed in
   * its sleep; restored on another scheduler it sleeps again before it goes on, and ends as it
   * would have.
   */
  @Test
  void aSleepingJobIsCheckpointedInItsSleep() throws Exception {
    Scheduler first = scheduler();
    JobResult plain = await(first.submit(sleeper(first)));
    Recording sink = new Recording();
    Job job = first.submit(sleeper(first), Duration.ZERO, checkpointing(null, 1L << 40, sink));
    while (job.parked == null) {
      Thread.sleep(1);
    }
    assertThat(first.drain(job)).isTrue();
    assertThat(await(job).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(sink.saved).hasSize(1);

    Scheduler second = scheduler();
    Recording resumed = new Recording();
    long begin = System.nanoTime();
    JobResult r =
        await(
            second.submit(
                sleeper(second),
                Duration.ZERO,
                checkpointing(sink.saved.get(0), 1L << 40, resumed)));
    assertThat(System.nanoTime() - begin).as("slept again").isGreaterThan(300_000_000L);
    assertThat(resumed.resumedAt).hasSize(1);
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(new String(r.stdout(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("slept 300 ms\n");
    assertThat(r.fuelConsumed()).isEqualTo(plain.fuelConsumed());
  }

  @Test
  void aRefusedCheckpointStartsTheJobOver() throws Exception {
    Scheduler s = scheduler();
    JobResult plain = await(s.submit(checksum(s)));
    Recording sink = new Recording();
    Checkpointing damaged =
        checkpointing(new byte[] {'T', 'S', 'C', 'P', 0, 1, 0, 0, 9}, 1L << 40, sink);
    JobResult r = await(s.submit(checksum(s), Duration.ZERO, damaged));
    assertThat(sink.refused)
        .singleElement()
        .extracting(CheckpointException::reason)
        .isEqualTo(CheckpointException.Reason.CORRUPT);
    assertThat(sink.resumedAt).isEmpty();
    assertThat(r.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(r.stdout()).isEqualTo(plain.stdout());
    assertThat(r.fuelConsumed()).isEqualTo(plain.fuelConsumed());
  }
}
