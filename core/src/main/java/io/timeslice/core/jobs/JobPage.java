package io.timeslice.core.jobs;

import java.util.List;

/**
 * A page of {@code GET /jobs}, newest first.
 *
 * @param jobs the jobs
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record JobPage(List<JobView> jobs, String nextCursor) {}
