package io.timeslice.wasm;

/**
 * A table's type.
 *
 * @param element the reference type of its elements
 * @param limits its size limits, in elements
 */
public record TableType(ValType element, Limits limits) implements ExternType {}
