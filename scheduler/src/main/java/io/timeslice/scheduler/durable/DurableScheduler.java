package io.timeslice.scheduler.durable;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.timeslice.cache.ModuleCache;
import io.timeslice.scheduler.Checkpointing;
import io.timeslice.scheduler.Job;
import io.timeslice.scheduler.JobResult;
import io.timeslice.scheduler.JobTrace;
import io.timeslice.scheduler.Scheduler;
import io.timeslice.storage.CheckpointRepository;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * The scheduler made durable: jobs are submitted to PostgreSQL (committed before the caller hears
 * back) within the tenant's quotas, claimed by this instance under a lease in batches ({@link
 * Claimer}), prepared ({@link JobPreparer}) and run by the in-memory {@link Scheduler} with the
 * tenant's weight and limits, and their outcomes recorded only while this instance still holds the
 * lease ({@link OutcomeRecorder}). Leases are renewed with progress and remote cancels, expired
 * ones reclaimed, wall-clock limits enforced ({@link LeaseKeeper}); a graceful shutdown, or a load
 * shed for the jobs beyond what the instance keeps, gives the leases back ({@link Drain}). Every
 * failure a loop survives is reported ({@link ErrorReporter}). A job runs at least once. With
 * checkpoints on, a running job is checkpointed periodically and as a graceful shutdown stops it
 * ({@link CheckpointPolicy}, {@link JobCheckpointSink}), and the next instance to claim it goes on
 * from its checkpoint; without one (or when it is refused), it starts over.
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
   * @param checkpoints the checkpoint defaults tenants' settings override
   */
  public record Settings(
      String owner,
      int claimBatch,
      Duration lease,
      Duration poll,
      Limits limits,
      CheckpointPolicy checkpoints) {
    /** Checks the values. */
    public Settings {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(checkpoints, "checkpoints");
      if (claimBatch < 1 || lease.toMillis() < 3 || poll.toMillis() < 1) {
        throw new IllegalArgumentException("claim batch, lease and poll must be positive");
      }
    }

    /** Settings with the default checkpoint policy. */
    public Settings(String owner, int claimBatch, Duration lease, Duration poll, Limits limits) {
      this(owner, claimBatch, lease, poll, limits, CheckpointPolicy.defaults());
    }

    /** Settings with the default limits. */
    public Settings(String owner, int claimBatch, Duration lease, Duration poll) {
      this(owner, claimBatch, lease, poll, Limits.defaults());
    }

    /** These settings with another checkpoint policy. */
    public Settings withCheckpoints(CheckpointPolicy policy) {
      return new Settings(owner, claimBatch, lease, poll, limits, policy);
    }

    /**
     * 64 jobs held, 30 s leases, a 1 s poll (submits and finished jobs wake the claimer, and so do
     * other instances' submits through {@link #jobsQueued}), the default limits.
     */
    public static Settings defaults(String owner) {
      return new Settings(owner, 64, Duration.ofSeconds(30), Duration.ofSeconds(1));
    }
  }

  /** What a full queue's submitter is told to wait. */
  static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(1);

  private static final Duration TENANT_REFRESH = Duration.ofSeconds(2);

  private final Scheduler scheduler;
  private final JobQueue jobs;
  private final Settings settings;
  private final Clock clock;
  private final ErrorReporter errors;
  private final RunningJobs running = new RunningJobs();
  private final TenantDirectory tenants;
  private final JobPreparer preparer;
  private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();
  private final OutcomeRecorder recorder;
  private final LeaseKeeper leases;
  private final Drain drain;
  private final Claimer claimer;
  private final ScheduledExecutorService loops;
  private final CheckpointRepository checkpoints;
  private final MeterRegistry registry;
  private final CheckpointGate checkpointGate;
  private final ObservationRegistry observations;
  private volatile boolean closing;

  /** Starts claiming, renewing, reclaiming and recording; running jobs are not checkpointed. */
  public DurableScheduler(
      Engine engine,
      Scheduler scheduler,
      JobQueue jobs,
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleCache cache,
      Settings settings,
      Clock clock,
      MeterRegistry registry) {
    this(engine, scheduler, jobs, modules, tenants, cache, null, settings, clock, registry);
  }

  /**
   * Starts claiming, renewing, reclaiming and recording; running jobs are checkpointed to {@code
   * checkpoints} (null: never) as the settings' {@link CheckpointPolicy} and their tenants say, and
   * a claimed job with a checkpoint goes on from it.
   */
  public DurableScheduler(
      Engine engine,
      Scheduler scheduler,
      JobQueue jobs,
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleCache cache,
      CheckpointRepository checkpoints,
      Settings settings,
      Clock clock,
      MeterRegistry registry) {
    this(
        engine,
        scheduler,
        jobs,
        modules,
        tenants,
        cache,
        checkpoints,
        settings,
        clock,
        registry,
        ObservationRegistry.NOOP);
  }

  /**
   * Starts as the constructor above does, and observes each claimed job in {@code observations}
   * (its claim, its run, its slices: {@link JobObservations}), continuing the submitter's trace.
   */
  public DurableScheduler(
      Engine engine,
      Scheduler scheduler,
      JobQueue jobs,
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleCache cache,
      CheckpointRepository checkpoints,
      Settings settings,
      Clock clock,
      MeterRegistry registry,
      ObservationRegistry observations) {
    this.observations = observations;
    this.checkpoints = checkpoints;
    this.registry = registry;
    this.checkpointGate = new CheckpointGate(clock);
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.settings = settings;
    this.clock = clock;
    this.errors = new ErrorReporter(registry, clock);
    this.tenants = new TenantDirectory(tenants, scheduler);
    this.preparer = new JobPreparer(engine, cache, modules);
    this.recorder = new OutcomeRecorder(jobs, settings.owner(), this::recorded, errors);
    this.leases =
        new LeaseKeeper(jobs, running, scheduler, settings.owner(), settings.lease(), clock);
    this.drain = new Drain(running, scheduler, jobs, settings.owner());
    this.claimer =
        new Claimer(
            jobs,
            running,
            this::start,
            new Claimer.Settings(
                settings.owner(),
                settings.claimBatch(),
                settings.lease(),
                settings.limits().maxRunningJobs(),
                settings.poll()),
            errors);
    errors.guarded(ErrorReporter.Kind.TENANTS, this.tenants::refresh).run();
    this.loops =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("timeslice-leases").unstarted(r));
    long poll = settings.poll().toMillis();
    long beat = leases.heartbeatInterval().toMillis();
    every(beat, ErrorReporter.Kind.HEARTBEAT, leases::heartbeat);
    // Reclaiming matches nothing while every instance is alive; once a second bounds the delay
    // before a dead instance's jobs run again to its lease plus a second.
    every(Math.max(poll, 1000), ErrorReporter.Kind.RECLAIM, leases::reclaim);
    every(poll, ErrorReporter.Kind.UNEXPECTED, leases::enforceWallClock);
    every(TENANT_REFRESH.toMillis(), ErrorReporter.Kind.TENANTS, this.tenants::refresh);
    claimer.start();
  }

  private void every(long millis, ErrorReporter.Kind kind, Runnable task) {
    loops.scheduleWithFixedDelay(errors.guarded(kind, task), millis, millis, TimeUnit.MILLISECONDS);
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
    return tenants.find(tenantId).map(t -> quotas(t.quotas()));
  }

  /**
   * Reads tenant {@code tenantId} again now (its weight and quotas changed through this instance),
   * rather than at the next refresh.
   */
  public void refreshTenant(long tenantId) {
    tenants.refresh(tenantId);
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
        tenants
            .find(job.tenantId())
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
      claimer.wake();
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
    RunningJobs.Running r = running.get(jobId);
    if (status.filter(JobStatus.RUNNING::equals).isPresent() && r != null) {
      scheduler.cancel(r.job);
    }
    return status;
  }

  /** Jobs were queued (a notification from another instance): claim now, not at the next poll. */
  public void jobsQueued() {
    claimer.wake();
  }

  /**
   * A cancel of job {@code jobId} was asked for on some instance (a notification): stopped within a
   * quantum if it runs here, rather than at the next heartbeat.
   */
  public void cancelRequested(UUID jobId) {
    RunningJobs.Running r = running.get(jobId);
    if (r != null) {
      scheduler.cancel(r.job);
    }
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
        errors.failed(ErrorReporter.Kind.LISTENER, e);
      }
    }
    claimer.wake();
  }

  /**
   * Prepares and runs a claimed job, or records why it cannot run; observed as its claim, with the
   * job's id in the logging context.
   */
  private void start(JobRecord record) {
    UUID id = record.id();
    Optional<Tenant> tenant = tenants.find(record.tenantId());
    String tenantName = tenant.map(Tenant::name).orElse(null);
    Observation claim = JobObservations.claim(observations, record, tenantName).start();
    MDC.put(JobTrace.MDC_KEY, id.toString());
    try (Observation.Scope scope = claim.openScope()) {
      JobPreparer.Preparation prepared =
          preparer.prepare(record, tenantName, quotas(tenant.map(Tenant::quotas).orElse(null)));
      switch (prepared) {
        case JobPreparer.Preparation.Failed f -> {
          claim.highCardinalityKeyValue("failure", f.failure().message());
          recorder.add(id, JobOutcome.failed(f.failure()));
        }
        case JobPreparer.Preparation.Ready ready -> {
          Instant first = record.startedAt() == null ? clock.instant() : record.startedAt();
          Instant deadline = first.plus(settings.limits().wallClock());
          Duration waited = Duration.between(record.submittedAt(), clock.instant());
          Job job =
              scheduler.submit(
                  ready.spec(),
                  waited.isNegative() ? Duration.ZERO : waited,
                  checkpointing(id, tenant.orElse(null)),
                  JobObservations.run(observations, claim, record, tenantName));
          RunningJobs.Running r = new RunningJobs.Running(id, job, deadline);
          running.add(r);
          r.settled = job.result().whenComplete((result, error) -> ended(r, result, error));
        }
      }
    } finally {
      MDC.remove(JobTrace.MDC_KEY);
      claim.stop();
    }
  }

  /** How job {@code id} of {@code tenant} is checkpointed, with its checkpoint; null: never. */
  private Checkpointing checkpointing(UUID id, Tenant tenant) {
    if (checkpoints == null) {
      return null;
    }
    CheckpointPolicy policy =
        settings.checkpoints().effective(tenant == null ? null : tenant.checkpoints());
    byte[] stored = null;
    try {
      stored = checkpoints.load(id).map(CheckpointRepository.Stored::bytes).orElse(null);
    } catch (StorageException e) {
      // Without its checkpoint the job starts over: at least once, as before checkpoints.
      errors.failed(ErrorReporter.Kind.CHECKPOINT, e);
    }
    return new Checkpointing(
        stored,
        policy.interval(),
        policy.maxFuelLost(),
        clock,
        new JobCheckpointSink(
            checkpoints,
            id,
            settings.owner(),
            policy.maxTenantBytes(),
            registry,
            errors,
            checkpointGate));
  }

  private void ended(RunningJobs.Running r, JobResult result, Throwable error) {
    if (!running.remove(r) || drain.takes(r, result)) {
      return;
    }
    recorder.add(
        r.id,
        result == null
            ? JobOutcome.failed(Failure.of(FailureKind.INTERNAL, "internal error: " + error))
            : outcome(result));
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
   * most {@code grace}) and checkpoints them as they stop (when checkpoints are on and the call can
   * be), records the outcomes of jobs that ended meanwhile, and gives the leases of the stopped
   * ones back, so that they are QUEUED again for any instance at once, which goes on from the
   * checkpoint (or starts over without one). Does not close the {@link Scheduler}.
   */
  public void shutdown(Duration grace) {
    if (closing) {
      return;
    }
    closing = true;
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      claimer.stop(grace);
      loops.shutdown();
      loops.awaitTermination(Drain.remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
      drain.stopAll(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    errors.guarded(ErrorReporter.Kind.RELEASE, drain::releaseLeases).run();
    Duration left = Drain.remaining(deadline);
    recorder.close(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
  }

  /**
   * Sheds load: from now on this instance holds at most {@code keep} jobs (null: as many as its
   * claim batch, shedding no more), and the running jobs beyond that are stopped at their next
   * quantum, checkpointed where they stopped (as at a graceful shutdown) and their leases given
   * back, so that another instance claims them at once and goes on from the checkpoint. Waits at
   * most {@code grace} for them to stop; one that does not keeps running here. Returns how many
   * jobs were given back.
   */
  public int shed(Integer keep, Duration grace) {
    if (keep != null && keep < 0) {
      throw new IllegalArgumentException("keep must not be negative");
    }
    claimer.cap(keep == null ? Integer.MAX_VALUE : keep);
    List<RunningJobs.Running> held = List.copyOf(running.all());
    if (keep == null || held.size() <= keep || closing) {
      return 0;
    }
    try {
      drain.stop(held.subList(keep, held.size()), System.nanoTime() + grace.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return drain.releaseLeases();
  }

  /**
   * Stops at once as if the process died, for tests of recovery: nothing more is claimed, renewed,
   * recorded or released; this instance's jobs stop locally and keep their leases until expiry.
   */
  void halt() {
    closing = true;
    try {
      claimer.stop(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loops.shutdownNow();
    for (RunningJobs.Running r : running.all()) {
      if (running.remove(r)) {
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
