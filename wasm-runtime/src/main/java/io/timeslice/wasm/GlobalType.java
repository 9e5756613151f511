package io.timeslice.wasm;

import org.jspecify.annotations.Nullable;

/**
 * A global's type.
 *
 * @param type its value type
 * @param mutable whether {@code global.set} may change it
 * @param ref typed function references' details of a reference type, or null when {@code type} says
 *     all ({@link RefType})
 */
public record GlobalType(ValType type, boolean mutable, @Nullable RefType ref)
    implements ExternType {
  /** A global type without typed-reference details. */
  public GlobalType(ValType type, boolean mutable) {
    this(type, mutable, null);
  }
}
