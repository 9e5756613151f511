package io.timeslice.wasm;

/**
 * A linear memory's type.
 *
 * @param limits its size limits, in 64 KiB pages
 */
public record MemoryType(Limits limits) implements ExternType {}
