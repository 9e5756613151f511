package io.timeslice.wasm.wasi;

/**
 * The reason of a {@link io.timeslice.wasm.ResumableCall.HostYield} when a program sleeps in {@code
 * poll_oneoff} (outside deterministic mode): the scheduler parks the job for {@code nanos} and
 * resumes it with the host function's result, 0, without holding a thread.
 *
 * @param nanos how long the program asked to sleep
 */
public record Sleep(long nanos) {}
