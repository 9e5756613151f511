package io.timeslice.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A state transition of a job.
 *
 * @param id the event's id, increasing
 * @param jobId the job
 * @param status the status it entered
 * @param detailJson what else is known (the lease owner, a release), as JSON, or null
 * @param at when
 * @param traceId the id of the trace the job belongs to, or null
 */
public record JobEvent(
    long id, UUID jobId, JobStatus status, String detailJson, Instant at, String traceId) {}
