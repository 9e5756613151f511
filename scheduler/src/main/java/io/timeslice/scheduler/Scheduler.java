package io.timeslice.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.timeslice.scheduler.fair.FairQueue;
import io.timeslice.storage.Failure;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobStatus;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.LinkException;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.wasi.Sleep;
import io.timeslice.wasm.wasi.WasiContext;
import io.timeslice.wasm.wasi.WasiExit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many tenants' jobs on a few worker threads by time-slicing: a worker takes the next job from
 * the {@link FairQueue}, runs it for one fuel quantum as a resumable call, charges the fuel to the
 * tenant and puts the job back; a job that sleeps is parked on a timer, one that yields goes back
 * at once. No thread waits for a job. The engine must meter fuel.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final Engine engine;
  private final SchedulerConfig config;
  private final FairQueue<Job> queue;
  private final SchedulerMetrics metrics;
  private final JobCheckpoints checkpoints;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean closed;

  /** Starts the workers. */
  public Scheduler(Engine engine, SchedulerConfig config, MeterRegistry registry) {
    if (!engine.config().consumeFuel()) {
      throw new IllegalArgumentException("the scheduler needs an engine that meters fuel");
    }
    this.engine = engine;
    this.config = config;
    this.queue = new FairQueue<>(config.quantum());
    this.metrics = new SchedulerMetrics(registry);
    this.checkpoints = new JobCheckpoints(metrics);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("timeslice-timer").unstarted(r));
    for (int i = 0; i < config.workers(); i++) {
      Thread t = Thread.ofPlatform().daemon().name("timeslice-worker-" + i).unstarted(this::work);
      workers.add(t);
      t.start();
    }
  }

  /** Sets a tenant's weight: its share of fuel relative to other tenants with work. */
  public void setWeight(String tenant, int weight) {
    queue.setWeight(tenant, weight);
  }

  /** Queues a job, counting it as submitted. */
  public Job submit(JobSpec spec) {
    metrics.submitted(spec.tenant());
    return submit(spec, Duration.ZERO);
  }

  /**
   * Queues a job accepted elsewhere (a durable submit, counted there with {@link #accepted}) that
   * has waited {@code waited} already: its queue wait and duration are measured from then.
   */
  public Job submit(JobSpec spec, Duration waited) {
    return submit(spec, waited, null);
  }

  /**
   * Queues a job as {@link #submit(JobSpec, Duration)} does, checkpointed as {@code checkpointing}
   * says (null: never), and going on from its checkpoint when it has one.
   */
  public Job submit(JobSpec spec, Duration waited, Checkpointing checkpointing) {
    return submit(spec, waited, checkpointing, null);
  }

  /**
   * Queues a job as {@link #submit(JobSpec, Duration, Checkpointing)} does, observed as {@code
   * trace} says (null: untraced, named in logs by its scheduler id).
   */
  public Job submit(JobSpec spec, Duration waited, Checkpointing checkpointing, JobTrace trace) {
    if (closed) {
      throw new IllegalStateException("the scheduler is closed");
    }
    if (spec.program().module().engine() != engine) {
      throw new IllegalArgumentException("the program was compiled for another engine");
    }
    long id = ids.incrementAndGet();
    Job job =
        new Job(
            id,
            spec,
            System.nanoTime() - waited.toNanos(),
            checkpointing,
            trace == null ? JobTrace.untraced(Long.toString(id)) : trace);
    metrics.queued(spec.tenant(), queue, q -> queue.depth(spec.tenant()));
    queue.add(spec.tenant(), job, spec.priority());
    return job;
  }

  /** Counts a job of {@code tenant} accepted (timeslice.jobs.submitted) before it is queued. */
  public void accepted(String tenant) {
    metrics.submitted(tenant);
  }

  /**
   * Cancels a job: a queued one ends when a worker reaches it, a running one within its current
   * slice, a sleeping one at once. Returns false when the job had already ended.
   */
  public boolean cancel(Job job) {
    return stop(job, JobStatus.CANCELLED);
  }

  /**
   * Stops a job for a graceful shutdown, as fast as {@link #cancel} would and ending as CANCELLED,
   * but checkpointed as it stops when it is checkpointed at all (its call suspended by fuel or the
   * stop itself), so that another instance goes on from there. False when it had ended.
   */
  public boolean drain(Job job) {
    job.checkpointOnStop = true;
    return stop(job, JobStatus.CANCELLED);
  }

  /** Ends a job as TIMED_OUT, as fast as {@link #cancel} would; false when it had ended. */
  public boolean timeOut(Job job) {
    return stop(job, JobStatus.TIMED_OUT);
  }

  private boolean stop(Job job, JobStatus outcome) {
    if (!job.requestStop(outcome)) {
      return job.stopAs() != null && !job.status().isFinal();
    }
    Store<WasiContext> store = job.store;
    if (store != null) {
      store.interrupt();
    }
    ScheduledFuture<?> sleeping = job.parked;
    if (sleeping != null && sleeping.cancel(false)) {
      requeue(job);
    }
    return true;
  }

  private void work() {
    while (!closed) {
      Job job;
      try {
        job = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (job != null) {
        metrics.busy.incrementAndGet();
        long used = 0;
        job.trace.enterSlice(job.slices);
        try {
          used = runSlice(job);
        } catch (RuntimeException bug) {
          log.error("job failed in the scheduler", bug);
          fail(job, Failure.of(FailureKind.INTERNAL, "internal error: " + bug));
        } finally {
          JobTrace.leftWorker();
          // Settles the quantum reserved when the job was picked, whatever happened. The fuel is
          // a local: once re-queued, the job may already be running on another worker.
          queue.charge(job.spec().tenant(), used);
          metrics.busy.decrementAndGet();
        }
      }
    }
  }

  /** Runs one slice of {@code job}; returns the fuel it consumed (0 when none ran). */
  private long runSlice(Job job) {
    JobSpec spec = job.spec();
    if (job.stopAs() != null) {
      if (job.store != null) {
        checkpoints.onStop(job, job.store, job.suspended);
      }
      fail(job, stopped(job.stopAs()));
      return 0;
    }
    if (job.store == null) {
      if (!start(job)) {
        return 0;
      }
      if (job.suspended instanceof ResumableCall.HostYield y && y.reason() instanceof Sleep sleep) {
        // Restored from a checkpoint taken in a sleep: it sleeps (again, wholly) before going on.
        park(job, sleep);
        return 0;
      }
    }
    Store<WasiContext> store = job.store;
    long before = store.fuelConsumed();
    long remaining = spec.fuelLimit() - before;
    long grant = Math.min(config.quantum(), remaining);
    if (job.requiredFuel > grant) {
      if (job.requiredFuel > remaining) {
        fail(job, exhausted(spec));
        return 0;
      }
      // An oversized block still makes progress: the grant covers it.
      grant = job.requiredFuel;
    }
    store.setFuel(grant);
    ResumableCall next;
    try {
      next =
          switch (job.suspended) {
            case null -> job.func.callResumable(store, spec.args());
            case ResumableCall.OutOfFuel o -> o.resume(store);
            case ResumableCall.Interrupted i -> i.resume(store);
            case ResumableCall.HostYield y -> y.resume(store, 0);
          };
    } catch (WasiExit exit) {
      long used = account(job, store, before);
      int code = exit.exitCode();
      String why =
          exit.reason() == WasiExit.Reason.OUTPUT_LIMIT
              ? exit.getMessage()
              : "exited with code " + code;
      finish(job, null, code, code == 0 ? null : Failure.of(FailureKind.EXIT, why));
      return used;
    } catch (Trap trap) {
      long used = account(job, store, before);
      fail(job, trap(trap));
      return used;
    } catch (WasmException e) {
      // Code translated on its first call (the lazy modes) can still be refused: a property of
      // the module, found as it is made runnable.
      long used = account(job, store, before);
      fail(job, Failure.of(FailureKind.INSTANTIATION, e.getMessage()));
      return used;
    }
    long used = account(job, store, before);
    job.suspended = null;
    job.requiredFuel = 0;
    switch (next) {
      case ResumableCall.Finished f -> {
        boolean command = job.spec().entry() == null;
        finish(job, command ? null : f.results(), command ? 0 : null, null);
      }
      case ResumableCall.OutOfFuel o -> {
        job.suspended = o;
        job.requiredFuel = o.requiredFuel();
        if (store.fuelConsumed() >= spec.fuelLimit()
            || o.requiredFuel() > spec.fuelLimit() - store.fuelConsumed()) {
          o.abandon(store);
          fail(job, exhausted(spec));
        } else {
          long nextGrant = Math.min(config.quantum(), spec.fuelLimit() - store.fuelConsumed());
          checkpoints.afterSlice(job, store, o, Math.max(nextGrant, o.requiredFuel()));
          requeue(job);
        }
      }
      case ResumableCall.Interrupted i -> {
        job.suspended = i;
        if (job.stopAs() != null) {
          checkpoints.onStop(job, store, i);
          i.abandon(store);
          fail(job, stopped(job.stopAs()));
        } else {
          requeue(job);
        }
      }
      case ResumableCall.HostYield y -> {
        job.suspended = y;
        if (y.reason() instanceof Sleep sleep) {
          park(job, sleep);
        } else {
          requeue(job);
        }
      }
    }
    return used;
  }

  /** Parks a sleeping job on the timer, which puts it back in the run queue when it wakes. */
  private void park(Job job, Sleep sleep) {
    job.trace.leave();
    job.parked = timer.schedule(() -> requeue(job), sleep.nanos(), TimeUnit.NANOSECONDS);
    if (job.stopAs() != null && job.parked.cancel(false)) {
      // Stopped while being parked: stop() may have missed the timer.
      requeue(job);
    }
  }

  /** Creates the job's store and instance; false when that failed and the job is over. */
  private boolean start(Job job) {
    JobSpec spec = job.spec();
    job.setStatus(JobStatus.RUNNING);
    metrics.started(spec.tenant(), System.nanoTime() - job.submittedNanos);
    Store<WasiContext> store = newStore(spec);
    if (checkpoints.restore(job, store)) {
      job.store = store;
      return true;
    }
    if (job.checkpointing != null && job.checkpointing.resumeFrom() != null) {
      // The refused restore spoiled the store: the job starts over in a fresh one.
      store = newStore(spec);
    }
    try {
      // Instantiation runs the module's start function (not resumable): it gets the first quantum,
      // and its fuel counts toward the job's like any other.
      store.setFuel(Math.min(config.quantum(), spec.fuelLimit()));
      long begin = System.nanoTime();
      Instance instance = spec.program().instantiate(store);
      metrics.instantiated(System.nanoTime() - begin);
      job.func = instance.func(spec.entry() == null ? "_start" : spec.entry());
    } catch (Trap trap) {
      // The start function trapped: a trap like any other, only earlier.
      fail(job, trap(trap));
      return false;
    } catch (LinkException e) {
      fail(job, Failure.of(FailureKind.LINK, e.getMessage()));
      return false;
    } catch (WasmException | IllegalArgumentException e) {
      fail(job, Failure.of(FailureKind.INSTANTIATION, e.getMessage()));
      return false;
    }
    job.store = store;
    checkpoints.started(job, store);
    return true;
  }

  private Store<WasiContext> newStore(JobSpec spec) {
    return new Store<>(
        engine,
        new WasiContext(spec.wasi()),
        spec.limits() == null ? config.limits() : spec.limits());
  }

  private long account(Job job, Store<WasiContext> store, long before) {
    long used = store.fuelConsumed() - before;
    job.slices++;
    job.progress(store.fuelConsumed(), job.slices);
    job.trace.sliceRan(used);
    metrics.slice(job.spec().tenant(), used);
    return used;
  }

  private void requeue(Job job) {
    job.trace.leave();
    if (!closed) {
      queue.add(job.spec().tenant(), job, job.spec().priority());
    }
  }

  private static Failure trap(Trap trap) {
    return Failure.trap(trap.code().name(), trap.getMessage());
  }

  private static Failure exhausted(JobSpec spec) {
    return Failure.of(
        FailureKind.EXHAUSTED, "the fuel limit of " + spec.fuelLimit() + " was reached");
  }

  private static Failure stopped(JobStatus as) {
    return as == JobStatus.TIMED_OUT
        ? Failure.of(FailureKind.TIMEOUT, "the wall-clock limit was reached")
        : Failure.of(FailureKind.CANCELLED, "cancelled while running");
  }

  private void fail(Job job, Failure failure) {
    finish(job, null, null, failure);
  }

  /** Ends the job: it succeeded when {@code failure} is null, else as the failure's kind says. */
  private void finish(Job job, long[] results, Integer exit, Failure failure) {
    JobStatus status = failure == null ? JobStatus.SUCCEEDED : failure.kind().status();
    job.setStatus(status);
    Store<WasiContext> store = job.store;
    WasiContext wasi = store == null ? null : store.data();
    job.result()
        .complete(
            new JobResult(
                status,
                results,
                exit,
                failure,
                wasi == null ? new byte[0] : wasi.stdout(),
                wasi == null ? new byte[0] : wasi.stderr(),
                store == null ? 0 : store.fuelConsumed(),
                job.slices,
                wasi != null && wasi.stdoutTruncated(),
                wasi != null && wasi.stderrTruncated()));
    metrics.completed(job.spec().tenant(), status, System.nanoTime() - job.submittedNanos);
    long fuel = store == null ? 0 : store.fuelConsumed();
    log.debug("job ended {} after {} slices and {} fuel", status, job.slices, fuel);
    job.trace.finished(
        status,
        job.slices,
        fuel,
        failure == null ? null : failure.kind() + ": " + failure.message());
    job.store = null;
    job.suspended = null;
  }

  /** Stops the workers; jobs still queued or parked stay unfinished. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    timer.shutdownNow();
    for (Thread t : workers) {
      t.join();
    }
  }
}
