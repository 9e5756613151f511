package io.timeslice.scheduler.durable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.timeslice.scheduler.Checkpointing;
import io.timeslice.storage.CheckpointRepository;
import io.timeslice.storage.StorageException;
import io.timeslice.wasm.CheckpointException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed job's checkpoints in PostgreSQL: saved under this instance's lease and within the
 * tenant's quota (a checkpoint over it is skipped and counted, never a failure of the job), its
 * resume counted on the job with an event, a refused checkpoint logged with its reason and deleted
 * (the job starts over and is checkpointed afresh). A database failure skips the checkpoint (and,
 * for a while, the next ones: {@link CheckpointGate}): the previous one stays, and the job runs on.
 */
final class JobCheckpointSink implements Checkpointing.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(JobCheckpointSink.class);

  private final CheckpointRepository checkpoints;
  private final UUID job;
  private final String owner;
  private final long maxTenantBytes;
  private final MeterRegistry registry;
  private final ErrorReporter errors;
  private final CheckpointGate gate;

  JobCheckpointSink(
      CheckpointRepository checkpoints,
      UUID job,
      String owner,
      long maxTenantBytes,
      MeterRegistry registry,
      ErrorReporter errors,
      CheckpointGate gate) {
    this.checkpoints = checkpoints;
    this.job = job;
    this.owner = owner;
    this.maxTenantBytes = maxTenantBytes;
    this.registry = registry;
    this.errors = errors;
    this.gate = gate;
  }

  @Override
  public boolean save(byte[] checkpoint, long fuelConsumed) {
    if (!gate.open()) {
      skipped("storage");
      return false;
    }
    CheckpointRepository.Saved saved;
    try {
      saved = checkpoints.save(job, owner, checkpoint, fuelConsumed, maxTenantBytes);
    } catch (StorageException e) {
      gate.failed();
      errors.failed(ErrorReporter.Kind.CHECKPOINT, e);
      skipped("storage");
      return false;
    }
    gate.succeeded();
    switch (saved) {
      case SAVED -> {
        return true;
      }
      case OVER_QUOTA -> skipped("over_quota");
      case NOT_HELD -> skipped("not_held");
    }
    return false;
  }

  private void skipped(String reason) {
    Counter.builder("timeslice.checkpoints.skipped")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void resumed(long fuelConsumed) {
    LOG.info("job {} resumed from its checkpoint at fuel {}", job, fuelConsumed);
    try {
      checkpoints.markResumed(job, owner, fuelConsumed);
    } catch (StorageException e) {
      errors.failed(ErrorReporter.Kind.CHECKPOINT, e);
    }
  }

  @Override
  public void refused(CheckpointException reason) {
    LOG.warn("job {} starts over: {}", job, reason.getMessage());
    try {
      checkpoints.delete(job);
    } catch (StorageException e) {
      errors.failed(ErrorReporter.Kind.CHECKPOINT, e);
    }
  }
}
