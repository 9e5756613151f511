package io.timeslice.scheduler;

import io.timeslice.wasm.CheckpointException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How one job is checkpointed while it runs (docs/checkpoint.md), and the checkpoint it starts
 * from. A job is checkpointed at the end of a slice once {@code interval} has passed on {@code
 * clock} since its last checkpoint (or its start), or before the next slice could take it more than
 * {@code maxFuelLost} past it, so that a crash never costs more than that much fuel run twice; and
 * when a graceful shutdown stops it ({@link Scheduler#drain}).
 *
 * @param resumeFrom the checkpoint to go on from, or null to start from the beginning
 * @param interval the run time between two checkpoints
 * @param maxFuelLost the most fuel run since the last checkpoint
 * @param clock the clock the interval is measured on
 * @param sink where checkpoints go
 */
public record Checkpointing(
    byte[] resumeFrom, Duration interval, long maxFuelLost, Clock clock, Sink sink) {

  /** Checks the values. */
  public Checkpointing {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sink, "sink");
    if (interval.isNegative() || interval.isZero() || maxFuelLost < 1) {
      throw new IllegalArgumentException("the checkpoint intervals must be positive");
    }
  }

  /** Where one job's checkpoints go, and what it hears of its restore. */
  public interface Sink {
    /**
     * Keeps {@code checkpoint}, written when the job had consumed {@code fuelConsumed}, in place of
     * the previous one; false when it was not kept (over the tenant's quota, the lease lost).
     */
    boolean save(byte[] checkpoint, long fuelConsumed);

    /** The job went on from its checkpoint, written at {@code fuelConsumed}. */
    void resumed(long fuelConsumed);

    /** The checkpoint to go on from was refused: the job starts from the beginning. */
    void refused(CheckpointException reason);
  }
}
