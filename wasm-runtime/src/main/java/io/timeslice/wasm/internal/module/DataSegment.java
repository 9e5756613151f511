package io.timeslice.wasm.internal.module;

/**
 * A data segment: its bytes are {@code module[start, start + length)}.
 *
 * @param active whether it is copied into a memory at instantiation (else passive)
 * @param memory the memory of an active segment
 * @param memoryOffset the offset expression of an active segment, else null
 * @param start where its bytes begin in the module
 * @param length how many bytes
 */
public record DataSegment(
    boolean active, int memory, ConstExpr memoryOffset, int start, int length) {}
