package io.timeslice.client;

import java.util.List;

/**
 * A page of jobs, newest first.
 *
 * @param jobs the jobs
 * @param nextCursor the cursor of the next page; null on the last page
 */
public record JobPage(List<Job> jobs, String nextCursor) {}
