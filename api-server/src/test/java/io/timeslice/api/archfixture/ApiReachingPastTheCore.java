package io.timeslice.api.archfixture;

import io.timeslice.storage.JobQueue;

/** Breaks the module direction on purpose: api-server reaches storage past the core. */
public final class ApiReachingPastTheCore {
  private ApiReachingPastTheCore() {}

  /** Cancels through the queue itself. */
  public static Object cancel(JobQueue queue) {
    return queue.cancel(1, java.util.UUID.randomUUID());
  }
}
