package io.timeslice.storage.archfixture;

import io.timeslice.scheduler.JobResult;

/** Breaks the module direction on purpose: storage is below the scheduler. */
public final class StorageCallingTheScheduler {
  private StorageCallingTheScheduler() {}

  /** Reads a scheduler type. */
  public static Object status(JobResult result) {
    return result.status();
  }
}
