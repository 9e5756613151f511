package io.timeslice.core.jobs;

import java.time.Instant;

/**
 * A tenant's jobs that ended in one minute, as {@code GET /jobs/stats} shows them.
 *
 * @param minute the minute's start
 * @param jobs how many ended in it
 * @param fuel the fuel they consumed, together
 * @param latencyP50Millis the median time from submission to end
 * @param latencyP95Millis the 95th percentile of that time
 * @param latencyMaxMillis the longest
 */
public record ActivityMinute(
    Instant minute,
    long jobs,
    long fuel,
    long latencyP50Millis,
    long latencyP95Millis,
    long latencyMaxMillis) {}
