package io.timeslice.core.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.timeslice.storage.JobStatus;
import java.time.Instant;

/**
 * A job's state change, as its event stream sends it.
 *
 * @param eventId the event's id, increasing (the stream's event id, for {@code Last-Event-ID})
 * @param id the job's id
 * @param status the status it entered
 * @param at when
 * @param traceId the trace the job belongs to (that of the request that submitted it), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEventView(
    @JsonIgnore long eventId, String id, JobStatus status, Instant at, String traceId) {
  /** Whether this is the job's last change: its final state. */
  @JsonIgnore
  public boolean isLast() {
    return status.isFinal();
  }
}
