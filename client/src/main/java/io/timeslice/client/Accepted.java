package io.timeslice.client;

/**
 * The answer to a submit or a cancel: the job and its status at that moment.
 *
 * @param id the job's id
 * @param status its status
 */
public record Accepted(String id, JobStatus status) {}
