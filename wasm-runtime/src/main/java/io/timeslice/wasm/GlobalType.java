package io.timeslice.wasm;

/**
 * A global's type.
 *
 * @param type its value type
 * @param mutable whether {@code global.set} may change it
 */
public record GlobalType(ValType type, boolean mutable) implements ExternType {}
