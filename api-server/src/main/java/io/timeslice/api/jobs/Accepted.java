package io.timeslice.api.jobs;

/**
 * The answer to {@code POST /jobs} and {@code POST /jobs/{id}/cancel}.
 *
 * @param id the job's id
 * @param status its status now
 */
public record Accepted(String id, String status) {}
