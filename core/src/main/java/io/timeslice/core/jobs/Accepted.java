package io.timeslice.core.jobs;

import io.timeslice.storage.JobStatus;

/**
 * The answer to {@code POST /jobs} and {@code POST /jobs/{id}/cancel}.
 *
 * @param id the job's id
 * @param status its status now
 */
public record Accepted(String id, JobStatus status) {}
