package io.timeslice.scheduler.durable;

import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.scheduler.Job;
import io.timeslice.scheduler.JobResult;
import io.timeslice.scheduler.JobSpec;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.storage.JobOutcome;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobRepository;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.StorageException;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.spec.Json;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler made durable: jobs are submitted to PostgreSQL (committed before the caller hears
 * back), claimed by this instance under a lease in batches, run by the in-memory {@link Scheduler},
 * and their results recorded only while this instance still holds the lease. Leases are renewed
 * while jobs run; expired ones (an instance that died) are reclaimed and run again, so a job runs
 * at least once: a job whose instance dies mid-run starts over from the beginning.
 */
public final class DurableScheduler implements AutoCloseable {
  /** How the durable scheduler claims and leases. */
  public record Settings(String owner, int claimBatch, Duration lease, Duration poll) {}

  private final Engine engine;
  private final Scheduler scheduler;
  private final JobRepository jobs;
  private final ModuleRepository modules;
  private final ModuleCache cache;
  private final Settings settings;
  private final Map<UUID, Job> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loops;

  /** Starts claiming, renewing and reclaiming. */
  public DurableScheduler(
      Engine engine,
      Scheduler scheduler,
      JobRepository jobs,
      ModuleRepository modules,
      ModuleCache cache,
      Settings settings) {
    this.engine = engine;
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.modules = modules;
    this.cache = cache;
    this.settings = settings;
    this.loops =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("timeslice-claimer").unstarted(r));
    long poll = settings.poll().toMillis();
    loops.scheduleWithFixedDelay(this::claim, 0, poll, TimeUnit.MILLISECONDS);
    long renew = Math.max(1, settings.lease().toMillis() / 3);
    loops.scheduleWithFixedDelay(this::renew, renew, renew, TimeUnit.MILLISECONDS);
    // Reclaiming matches nothing while every instance is alive; once a second bounds the delay
    // before a dead instance's jobs run again to its lease plus a second.
    long reclaim = Math.max(poll, 1000);
    loops.scheduleWithFixedDelay(this::reclaim, reclaim, reclaim, TimeUnit.MILLISECONDS);
  }

  /** Submits a job durably: it is committed when this returns. */
  public JobRepository.Submitted submit(NewJob job) {
    return jobs.submit(job);
  }

  private void claim() {
    try {
      int room = settings.claimBatch() - running.size();
      if (room <= 0) {
        return;
      }
      for (JobRecord record : jobs.claim(settings.owner(), room, settings.lease())) {
        start(record);
      }
    } catch (StorageException e) {
      // The database is unreachable: try again at the next poll; leases cover the gap.
    }
  }

  private void renew() {
    try {
      if (!running.isEmpty()) {
        List<UUID> held =
            jobs.renewLeases(settings.owner(), List.copyOf(running.keySet()), settings.lease());
        for (UUID id : running.keySet()) {
          if (!held.contains(id)) {
            // The lease is lost (reclaimed by another instance): stop running the job here.
            Job job = running.remove(id);
            if (job != null) {
              scheduler.cancel(job);
            }
          }
        }
      }
    } catch (StorageException e) {
      // Retried at the next renewal.
    }
  }

  private void reclaim() {
    try {
      jobs.reclaimExpired();
    } catch (StorageException e) {
      // Retried at the next round.
    }
  }

  private void start(JobRecord record) {
    JobSpec spec;
    try {
      spec = spec(record);
    } catch (WasmException | IllegalArgumentException | IllegalStateException e) {
      record(record.id(), failed(e.getMessage()));
      return;
    }
    Job job = scheduler.submit(spec);
    running.put(record.id(), job);
    job.result()
        .whenComplete(
            (result, error) -> {
              if (running.remove(record.id()) == null) {
                return;
              }
              record(record.id(), result == null ? failed(String.valueOf(error)) : outcome(result));
            });
  }

  private void record(UUID id, JobOutcome outcome) {
    try {
      jobs.finish(id, settings.owner(), outcome);
    } catch (StorageException e) {
      // The lease will expire and the job run again: at least once.
    }
  }

  private JobSpec spec(JobRecord r) {
    ModuleHash hash = ModuleHash.parse(java.util.HexFormat.of().formatHex(r.moduleHash()));
    Module module =
        cache.module(
            hash,
            () ->
                modules
                    .bytes(r.moduleHash())
                    .orElseThrow(() -> new IllegalStateException("module " + hash + " is gone")));
    InstancePre<WasiContext> pre =
        cache.instancePre(
            hash,
            module,
            "wasi",
            () -> {
              Linker<WasiContext> linker = new Linker<>(engine);
              Wasi.define(linker, c -> c);
              return linker;
            });
    List<String> argv = new ArrayList<>();
    argv.add(r.entryFunction() == null ? "program" : r.entryFunction());
    for (Object a : (List<?>) Json.parse(r.wasiArgsJson())) {
      argv.add(String.valueOf(a));
    }
    Map<String, String> env = new LinkedHashMap<>();
    ((Map<?, ?>) Json.parse(r.wasiEnvJson())).forEach((k, v) -> env.put((String) k, (String) v));
    WasiConfig wasi =
        new WasiConfig(
            argv,
            env,
            r.stdin() == null ? new byte[0] : r.stdin(),
            1 << 20,
            1 << 20,
            false,
            false,
            0);
    List<?> args = (List<?>) Json.parse(r.argumentsJson());
    long[] bits = new long[args.size()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = ((Number) args.get(i)).longValue();
    }
    return new JobSpec(
        Long.toString(r.tenantId()),
        pre,
        r.entryFunction(),
        bits,
        wasi,
        r.fuelLimit(),
        r.priority());
  }

  private static JobOutcome failed(String message) {
    return new JobOutcome("FAILED", null, null, null, message, null, null, false, false, 0, 0);
  }

  private static JobOutcome outcome(JobResult r) {
    StringBuilder results = new StringBuilder("[");
    for (int i = 0; i < r.results().length; i++) {
      results.append(i == 0 ? "" : ", ").append(r.results()[i]);
    }
    results.append(']');
    String trap = r.trap();
    String trapCode =
        trap != null && trap.contains(":") ? trap.substring(0, trap.indexOf(':')) : null;
    return new JobOutcome(
        r.status().name(),
        results.toString(),
        r.exitCode(),
        trapCode,
        trap,
        r.stdout(),
        r.stderr(),
        false,
        false,
        r.fuelConsumed(),
        r.slices());
  }

  /** Stops claiming; running jobs stay claimed until their leases expire. */
  @Override
  public void close() {
    loops.shutdownNow();
  }
}
