package io.timeslice.scheduler.durable;

import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.scheduler.Job;
import io.timeslice.scheduler.JobResult;
import io.timeslice.scheduler.JobSpec;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.storage.Failure;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobOutcome;
import io.timeslice.storage.JobQueue;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.QueueFullException;
import io.timeslice.storage.StorageException;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.LinkException;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The scheduler made durable: jobs are submitted to PostgreSQL (committed before the caller hears
 * back) within the tenant's quotas, claimed by this instance under a lease in batches (never more
 * running jobs of a tenant than its quota, across instances), run by the in-memory {@link
 * Scheduler} with the tenant's weight and limits, and their results recorded only while this
 * instance still holds the lease. A heartbeat renews leases, records progress and picks up cancels
 * made through other instances; expired leases (an instance that died) are reclaimed. A job runs at
 * least once: one whose instance dies or shuts down mid-run starts over.
 */
public final class DurableScheduler implements AutoCloseable {
  /**
   * How the durable scheduler claims and leases.
   *
   * @param owner this instance's name in leases (unique among instances)
   * @param claimBatch the most jobs this instance holds (queued in memory or running) at once
   * @param lease how long a claim lasts unless renewed
   * @param poll how often to look for jobs when nothing wakes the claimer (a local submit or a
   *     finished job does)
   * @param limits the global limits tenants' quotas override
   */
  public record Settings(
      String owner, int claimBatch, Duration lease, Duration poll, Limits limits) {
    /** Checks the values. */
    public Settings {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(limits, "limits");
      if (claimBatch < 1 || lease.toMillis() < 3 || poll.toMillis() < 1) {
        throw new IllegalArgumentException("claim batch, lease and poll must be positive");
      }
    }

    /** Settings with the default limits. */
    public Settings(String owner, int claimBatch, Duration lease, Duration poll) {
      this(owner, claimBatch, lease, poll, Limits.defaults());
    }

    /** 64 jobs held, 30 s leases, a 25 ms poll, the default limits. */
    public static Settings defaults(String owner) {
      return new Settings(owner, 64, Duration.ofSeconds(30), Duration.ofMillis(25));
    }
  }

  /** A claimed job this instance runs. */
  private static final class Running {
    final Job job;
    final Instant deadline;
    volatile boolean releasing;
    // Completes once ended() has handled the job (after the job's own result completes).
    volatile CompletableFuture<JobResult> settled;

    Running(Job job, Instant deadline) {
      this.job = job;
      this.deadline = deadline;
    }
  }

  /** What a full queue's submitter is told to wait. */
  static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(1);

  private static final Duration TENANT_REFRESH = Duration.ofSeconds(2);

  private final Engine engine;
  private final Scheduler scheduler;
  private final JobQueue jobs;
  private final ModuleRepository modules;
  private final TenantRepository tenants;
  private final ModuleCache cache;
  private final Settings settings;
  private final Clock clock;
  private final Map<UUID, Running> running = new ConcurrentHashMap<>();
  private final Map<Long, Tenant> tenantCache = new ConcurrentHashMap<>();
  private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();
  private final List<JobQueue.Progress> toRelease = new CopyOnWriteArrayList<>();
  private final Semaphore wake = new Semaphore(0);
  private final OutcomeRecorder recorder;
  private final ScheduledExecutorService loops;
  private final Thread claimer;
  private volatile boolean closing;

  /** Starts claiming, renewing, reclaiming and recording. */
  public DurableScheduler(
      Engine engine,
      Scheduler scheduler,
      JobQueue jobs,
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleCache cache,
      Settings settings,
      Clock clock) {
    this.engine = engine;
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.modules = modules;
    this.tenants = tenants;
    this.cache = cache;
    this.settings = settings;
    this.clock = clock;
    this.recorder = new OutcomeRecorder(jobs, settings.owner(), this::recorded);
    refreshTenants();
    this.loops =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("timeslice-leases").unstarted(r));
    long poll = settings.poll().toMillis();
    // Renewal also carries progress and remote cancels, so it runs at least once a second.
    long beat = Math.max(1, Math.min(settings.lease().toMillis() / 3, 1000));
    loops.scheduleWithFixedDelay(guarded(this::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
    // Reclaiming matches nothing while every instance is alive; once a second bounds the delay
    // before a dead instance's jobs run again to its lease plus a second.
    long reclaim = Math.max(poll, 1000);
    loops.scheduleWithFixedDelay(guarded(this::reclaim), reclaim, reclaim, TimeUnit.MILLISECONDS);
    loops.scheduleWithFixedDelay(
        guarded(this::enforceWallClock), poll, poll, TimeUnit.MILLISECONDS);
    long refresh = TENANT_REFRESH.toMillis();
    loops.scheduleWithFixedDelay(
        guarded(this::refreshTenants), refresh, refresh, TimeUnit.MILLISECONDS);
    this.claimer = Thread.ofPlatform().daemon().name("timeslice-claimer").start(this::claimLoop);
  }

  /**
   * {@code task} such that an unexpected exception ends only this round: a periodic task that
   * throws is never run again, and leases would then expire under running jobs.
   */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // A bug in one round; the next round runs as usual.
      }
    };
  }

  /** The limits of the tenant with these quotas. */
  public EffectiveQuotas quotas(Tenant.Quotas quotas) {
    return settings.limits().effective(quotas);
  }

  /**
   * The limits of tenant {@code tenantId} (empty when there is no such tenant), from the tenants
   * this instance keeps (re-read every two seconds), so that checking a request costs no query.
   */
  public Optional<EffectiveQuotas> quotasOf(long tenantId) {
    return tenant(tenantId).map(t -> quotas(t.quotas()));
  }

  /**
   * Submits a job durably: it is committed when this returns. A retry with the idempotency key of
   * an accepted job returns that job, even when the queue is full now.
   *
   * @throws QuotaExceededException when the tenant has its maximum of jobs queued
   * @throws JobRejectedException when the job is over a per-job limit or the tenant is unknown
   */
  public JobQueue.Submitted submit(NewJob job) {
    Tenant tenant =
        tenant(job.tenantId())
            .orElseThrow(() -> new JobRejectedException("no tenant " + job.tenantId()));
    EffectiveQuotas q = quotas(tenant.quotas());
    if (job.fuelLimit() <= 0) {
      throw new JobRejectedException("the fuel limit must be positive");
    }
    if (job.fuelLimit() > q.maxFuelPerJob()) {
      throw new JobRejectedException(
          "the fuel limit "
              + job.fuelLimit()
              + " is over the tenant's maximum of "
              + q.maxFuelPerJob()
              + " per job");
    }
    JobQueue.Submitted submitted;
    try {
      submitted = jobs.submit(job, q.maxQueuedJobs());
    } catch (QueueFullException e) {
      throw new QuotaExceededException("maxQueuedJobs", e.limit(), QUEUE_FULL_RETRY);
    }
    if (submitted.created()) {
      scheduler.accepted(tenant.name());
      wake.release();
    }
    return submitted;
  }

  /**
   * Cancels the tenant's job and returns its status afterwards (empty when the tenant has no such
   * job): a queued job is CANCELLED at once; a running one stays RUNNING until it stops, within a
   * quantum here, or at the next heartbeat of the instance that runs it.
   */
  public Optional<JobStatus> cancel(long tenantId, UUID jobId) {
    Optional<JobStatus> status = jobs.cancel(tenantId, jobId);
    Running r = running.get(jobId);
    if (status.filter(JobStatus.RUNNING::equals).isPresent() && r != null) {
      scheduler.cancel(r.job);
    }
    return status;
  }

  /** Calls {@code listener} with the id of every job this instance ran once its end is recorded. */
  public void addListener(Consumer<UUID> listener) {
    listeners.add(listener);
  }

  private void recorded(UUID id) {
    for (Consumer<UUID> l : listeners) {
      try {
        l.accept(id);
      } catch (RuntimeException e) {
        // A listener's failure is its own; the others still hear of the job.
      }
    }
    wake.release();
  }

  private void claimLoop() {
    while (!closing) {
      try {
        wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      try {
        while (!closing && claim()) {
          // A full batch: more jobs may be waiting.
        }
      } catch (RuntimeException e) {
        // A bug in one round must not end claiming for good; the next poll claims again.
      }
    }
  }

  /** Claims what fits; true when the batch was full. */
  private boolean claim() {
    try {
      int room = settings.claimBatch() - running.size();
      if (room <= 0) {
        return false;
      }
      List<JobRecord> claimed =
          jobs.claim(settings.owner(), room, settings.lease(), settings.limits().maxRunningJobs());
      for (JobRecord record : claimed) {
        start(record);
      }
      return claimed.size() == room;
    } catch (StorageException e) {
      // The database is unreachable: try again at the next poll; leases cover the gap.
      return false;
    }
  }

  private void heartbeat() {
    try {
      if (running.isEmpty()) {
        return;
      }
      List<JobQueue.Progress> progress = new ArrayList<>();
      running.forEach(
          (id, r) -> progress.add(new JobQueue.Progress(id, r.job.fuelConsumed(), r.job.slices())));
      Set<UUID> held = new HashSet<>();
      for (JobQueue.Held h : jobs.heartbeat(settings.owner(), progress, settings.lease())) {
        held.add(h.id());
        Running r = running.get(h.id());
        if (h.cancelRequested() && r != null) {
          scheduler.cancel(r.job);
        }
      }
      for (JobQueue.Progress p : progress) {
        if (!held.contains(p.id())) {
          // The lease is lost (reclaimed, or the job ended elsewhere): stop running it here.
          Running r = running.remove(p.id());
          if (r != null) {
            scheduler.cancel(r.job);
          }
        }
      }
    } catch (StorageException e) {
      // Retried at the next heartbeat.
    }
  }

  private void reclaim() {
    try {
      jobs.reclaimExpired();
    } catch (StorageException e) {
      // Retried at the next round.
    }
  }

  private void enforceWallClock() {
    Instant now = clock.instant();
    running.forEach(
        (id, r) -> {
          if (!now.isBefore(r.deadline)) {
            scheduler.timeOut(r.job);
          }
        });
  }

  private void refreshTenants() {
    try {
      for (Tenant t : tenants.list()) {
        remember(t);
      }
    } catch (StorageException e) {
      // Weights and quotas stay as last read until the next refresh.
    }
  }

  /**
   * Reads tenant {@code tenantId} again now (its weight and quotas changed through this instance),
   * rather than at the next refresh.
   */
  public void refreshTenant(long tenantId) {
    tenants.find(tenantId).ifPresent(this::remember);
  }

  private void remember(Tenant t) {
    Tenant before = tenantCache.put(t.id(), t);
    if (before == null || before.weight() != t.weight() || !before.name().equals(t.name())) {
      scheduler.setWeight(t.name(), t.weight());
    }
  }

  private Optional<Tenant> tenant(long id) {
    Tenant t = tenantCache.get(id);
    if (t != null) {
      return Optional.of(t);
    }
    Optional<Tenant> read = tenants.find(id);
    read.ifPresent(this::remember);
    return read;
  }

  private void start(JobRecord record) {
    UUID id = record.id();
    Tenant tenant = tenant(record.tenantId()).orElse(null);
    JobSpec spec;
    try {
      if (tenant == null) {
        throw new IllegalStateException("tenant " + record.tenantId() + " is gone");
      }
      spec = spec(record, tenant.name(), quotas(tenant.quotas()));
    } catch (LinkException e) {
      recorder.add(id, JobOutcome.failed(Failure.of(FailureKind.LINK, e.getMessage())));
      return;
    } catch (WasmException e) {
      recorder.add(id, JobOutcome.failed(Failure.of(FailureKind.INSTANTIATION, e.getMessage())));
      return;
    } catch (IllegalStateException e) {
      // Its tenant or module is gone: the service's state, not the program.
      recorder.add(id, JobOutcome.failed(Failure.of(FailureKind.INTERNAL, e.getMessage())));
      return;
    } catch (RuntimeException e) {
      // Whatever else preparing one job throws fails that job, not the claimer.
      recorder.add(id, JobOutcome.failed(Failure.of(FailureKind.INTERNAL, "internal error: " + e)));
      return;
    }
    Instant first = record.startedAt() == null ? clock.instant() : record.startedAt();
    Instant deadline = first.plus(settings.limits().wallClock());
    Duration waited = Duration.between(record.submittedAt(), clock.instant());
    Job job = scheduler.submit(spec, waited.isNegative() ? Duration.ZERO : waited);
    Running r = new Running(job, deadline);
    running.put(id, r);
    r.settled = job.result().whenComplete((result, error) -> ended(id, r, result, error));
  }

  private void ended(UUID id, Running r, JobResult result, Throwable error) {
    if (!running.remove(id, r)) {
      return;
    }
    if (r.releasing && result != null && result.status() == JobStatus.CANCELLED) {
      toRelease.add(new JobQueue.Progress(id, result.fuelConsumed(), result.slices()));
      return;
    }
    recorder.add(
        id,
        result == null
            ? JobOutcome.failed(Failure.of(FailureKind.INTERNAL, "internal error: " + error))
            : outcome(result));
  }

  private JobSpec spec(JobRecord r, String tenantName, EffectiveQuotas q) {
    ModuleHash hash = ModuleHash.ofDigest(r.moduleHash());
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
    // argv[0] is the module's id, as a shell would put the program's name there.
    List<String> argv = new ArrayList<>();
    argv.add(hash.hex());
    argv.addAll(r.wasiArgs());
    // A program at its output cap stops (exit 120) rather than flooding on unheard.
    WasiConfig wasi =
        new WasiConfig(
            argv,
            r.wasiEnv(),
            r.stdin() == null ? new byte[0] : r.stdin(),
            q.maxOutputBytes(),
            q.maxOutputBytes(),
            true,
            false,
            0);
    return new JobSpec(
        tenantName,
        pre,
        r.entryFunction(),
        r.arguments().bits(),
        wasi,
        r.fuelLimit(),
        r.priority(),
        q.storeLimits(StoreLimits.DEFAULT));
  }

  private static JobOutcome outcome(JobResult r) {
    return new JobOutcome(
        r.status(),
        r.results(),
        r.exitCode(),
        r.failure(),
        r.stdout(),
        r.stderr(),
        r.stdoutTruncated(),
        r.stderrTruncated(),
        r.fuelConsumed(),
        r.slices());
  }

  /**
   * Shuts down gracefully: stops claiming, stops the running jobs at their next quantum (waiting at
   * most {@code grace}), records the outcomes of jobs that ended meanwhile, and gives the leases of
   * the stopped ones back, so that they are QUEUED again for any instance at once (they start
   * over). A job that did not stop within {@code grace} keeps its lease until it expires, so two
   * instances never run it together. Does not close the {@link Scheduler}.
   */
  public void shutdown(Duration grace) {
    if (closing) {
      return;
    }
    closing = true;
    long deadline = System.nanoTime() + grace.toNanos();
    claimer.interrupt();
    loops.shutdown();
    try {
      claimer.join(Math.max(1, grace.toMillis()));
      loops.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
      List<CompletableFuture<JobResult>> stopping = new ArrayList<>();
      for (Running r : running.values()) {
        r.releasing = true;
        scheduler.cancel(r.job);
        stopping.add(r.settled == null ? r.job.result() : r.settled);
      }
      CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
          .get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException | ExecutionException e) {
      // Jobs still running keep their leases until they expire.
    }
    try {
      jobs.release(settings.owner(), List.copyOf(toRelease));
    } catch (StorageException e) {
      // The leases expire instead and the jobs are reclaimed then.
    }
    recorder.close(Duration.ofNanos(Math.max(remaining(deadline), 1_000_000_000L)));
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /**
   * Stops at once as if the process died, for tests of recovery: nothing more is claimed, renewed,
   * recorded or released; this instance's jobs stop locally and keep their leases until expiry.
   */
  void halt() {
    closing = true;
    claimer.interrupt();
    loops.shutdownNow();
    for (UUID id : List.copyOf(running.keySet())) {
      Running r = running.remove(id);
      if (r != null) {
        scheduler.cancel(r.job);
      }
    }
    recorder.close(Duration.ZERO);
  }

  /** Shuts down with a grace of ten seconds. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }
}
