package io.timeslice.scheduler.durable;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.timeslice.scheduler.JobTrace;
import io.timeslice.storage.JobRecord;

/**
 * The observations of a claimed job: {@code timeslice.job.claim} (preparing it to run on this
 * instance) continues the trace of the request that submitted it, read from the trace context
 * stored with the job, so that the trace goes on across the queue and whichever replica claims it;
 * {@code timeslice.job.run} follows under it until the job ends.
 */
final class JobObservations {
  private JobObservations() {}

  /** The claim of {@code job} of {@code tenant}, not started. */
  static Observation claim(ObservationRegistry registry, JobRecord job, String tenant) {
    ReceiverContext<JobRecord> context =
        new ReceiverContext<>(
            (carrier, key) -> key.equals("traceparent") ? carrier.traceParent() : null);
    context.setCarrier(job);
    return Observation.createNotStarted("timeslice.job.claim", () -> context, registry)
        .contextualName("claim job")
        .lowCardinalityKeyValue("tenant", tenant == null ? "unknown" : tenant)
        .highCardinalityKeyValue("job.id", job.id().toString())
        .highCardinalityKeyValue("job.attempt", Integer.toString(job.attempts()));
  }

  /**
   * The run of {@code job} under {@code claim}, started; the scheduler stops it at the job's end.
   */
  static JobTrace run(
      ObservationRegistry registry, Observation claim, JobRecord job, String tenant) {
    Observation run =
        Observation.createNotStarted("timeslice.job.run", registry)
            .contextualName("run job")
            .parentObservation(claim)
            .lowCardinalityKeyValue("tenant", tenant == null ? "unknown" : tenant)
            .highCardinalityKeyValue("job.id", job.id().toString())
            .start();
    return JobTrace.of(job.id().toString(), run, registry);
  }
}
