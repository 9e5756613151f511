package io.timeslice.wasm.wasi;

/**
 * What a WASI program changed of its {@link WasiContext}, for a checkpoint: how much stdin it read,
 * which standard descriptors it closed, what it wrote so far (capped, with the truncation flags),
 * how many longs the seeded generator gave, and the virtual clocks' state (time slept, clock
 * reads). The configuration (arguments, environment, stdin, caps, seed) is not in it: the context
 * it is restored into is made from the same configuration.
 *
 * @param stdinPosition the bytes of stdin read
 * @param closed whether descriptors 0, 1 and 2 are closed
 * @param stdout stdout so far
 * @param stdoutTruncated whether stdout reached its cap
 * @param stderr stderr so far
 * @param stderrTruncated whether stderr reached its cap
 * @param randomLongs the longs drawn from the seeded generator (deterministic mode)
 * @param sleptNanos the virtual time slept
 * @param clockReads the clock reads (the virtual clock without fuel)
 */
public record WasiState(
    int stdinPosition,
    boolean[] closed,
    byte[] stdout,
    boolean stdoutTruncated,
    byte[] stderr,
    boolean stderrTruncated,
    long randomLongs,
    long sleptNanos,
    long clockReads) {}
