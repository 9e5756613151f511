package io.timeslice.wasm;

/**
 * An exception tag's type (exception handling): the values an exception of the tag carries.
 *
 * @param type a function type of the tag's parameters and no results
 */
public record TagType(FuncType type) implements ExternType {}
