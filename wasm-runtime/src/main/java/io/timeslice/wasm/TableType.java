package io.timeslice.wasm;

import org.jspecify.annotations.Nullable;

/**
 * A table's type.
 *
 * @param element the reference type of its elements
 * @param limits its size limits, in elements
 * @param ref typed function references' details of the element type, or null when {@code element}
 *     says all ({@link RefType})
 */
public record TableType(ValType element, Limits limits, @Nullable RefType ref)
    implements ExternType {
  /** A table type without typed-reference details. */
  public TableType(ValType element, Limits limits) {
    this(element, limits, null);
  }
}
