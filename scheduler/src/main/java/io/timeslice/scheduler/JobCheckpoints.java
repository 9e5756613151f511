package io.timeslice.scheduler;

import io.timeslice.wasm.Checkpoint;
import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.wasi.WasiContext;
import java.time.Duration;

/**
 * The scheduler's checkpoints of running jobs (docs/checkpoint.md): a job resumed from its
 * checkpoint when it starts, checkpointed between slices when its interval is up, and when a
 * graceful shutdown stops it. A job whose call cannot be checkpointed (a host yield pending, a
 * refusal) is left to start over, as before checkpoints.
 */
final class JobCheckpoints {
  private final SchedulerMetrics metrics;

  JobCheckpoints(SchedulerMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Restores {@code job}'s checkpoint into {@code store}, fresh: true when the job goes on from it
   * (its call suspended in the job), false when it has none or it was refused (the store is spoiled
   * then: the job starts over in another).
   */
  boolean restore(Job job, Store<WasiContext> store) {
    Checkpointing c = job.checkpointing;
    if (c == null || c.resumeFrom() == null) {
      return false;
    }
    long begin = System.nanoTime();
    Checkpoint.Restored restored;
    try {
      restored = Checkpoint.restore(c.resumeFrom(), store, job.spec().program(), store.data());
    } catch (CheckpointException e) {
      metrics.checkpointRefused(e.reason());
      c.sink().refused(e);
      return false;
    }
    metrics.restored(System.nanoTime() - begin);
    job.suspended = restored.call();
    job.requiredFuel = restored.call() instanceof ResumableCall.OutOfFuel o ? o.requiredFuel() : 0;
    job.lastCheckpointAt = c.clock().instant();
    job.lastCheckpointFuel = store.fuelConsumed();
    c.sink().resumed(store.fuelConsumed());
    return true;
  }

  /** Notes that {@code job} started from its beginning: its checkpoint interval starts now. */
  void started(Job job, Store<WasiContext> store) {
    if (job.checkpointing != null) {
      job.lastCheckpointAt = job.checkpointing.clock().instant();
      job.lastCheckpointFuel = store.fuelConsumed();
    }
  }

  /**
   * After a slice that left {@code job} suspended in {@code call}: checkpoints it when its interval
   * is up, or when a next slice of {@code nextGrant} fuel could take it past the most fuel a crash
   * may cost.
   */
  void afterSlice(Job job, Store<WasiContext> store, ResumableCall.Suspended call, long nextGrant) {
    Checkpointing c = job.checkpointing;
    if (c == null || !job.checkpointable) {
      return;
    }
    long sinceFuel = store.fuelConsumed() - job.lastCheckpointFuel;
    Duration sinceTime = Duration.between(job.lastCheckpointAt, c.clock().instant());
    if (sinceFuel + nextGrant > c.maxFuelLost() || sinceTime.compareTo(c.interval()) >= 0) {
      write(job, store, call);
    }
  }

  /** {@code job} stops for a graceful shutdown, suspended in {@code call}: it is checkpointed. */
  void onStop(Job job, Store<WasiContext> store, ResumableCall.Suspended call) {
    if (job.checkpointing != null && job.checkpointOnStop && job.checkpointable && call != null) {
      write(job, store, call);
    }
  }

  private void write(Job job, Store<WasiContext> store, ResumableCall.Suspended call) {
    long begin = System.nanoTime();
    byte[] bytes;
    try {
      bytes = Checkpoint.write(store, job.spec().program().module(), call, store.data());
    } catch (CheckpointException e) {
      // A host yield is passing; anything else will not change: stop trying for this job.
      if (!(call instanceof ResumableCall.HostYield)) {
        job.checkpointable = false;
      }
      metrics.checkpointRefused(e.reason());
      return;
    }
    boolean kept = job.checkpointing.sink().save(bytes, store.fuelConsumed());
    metrics.checkpointed(bytes.length, System.nanoTime() - begin, kept);
    if (kept) {
      job.lastCheckpointAt = job.checkpointing.clock().instant();
      job.lastCheckpointFuel = store.fuelConsumed();
    }
  }
}
