package io.timeslice.client;

import java.time.Instant;

/**
 * One state change of a job, from its event stream.
 *
 * @param eventId the stream's event id (increasing; resumes a stream as {@code Last-Event-ID})
 * @param id the job's id
 * @param status the status it entered
 * @param at when
 */
public record JobEvent(long eventId, String id, JobStatus status, Instant at) {}
