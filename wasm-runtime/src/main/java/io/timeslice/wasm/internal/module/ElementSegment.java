package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.RefType;
import io.timeslice.wasm.ValType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An element segment.
 *
 * @param mode active, passive or declarative
 * @param table the table of an active segment
 * @param tableOffset the offset expression of an active segment, else null
 * @param type the segment's reference type
 * @param ref its typed-reference details, or null when {@code type} says all
 * @param items the element expressions ({@code ref.func} for function-index segments)
 * @param offset the segment's byte offset in the module
 */
public record ElementSegment(
    Mode mode,
    int table,
    ConstExpr tableOffset,
    ValType type,
    @Nullable RefType ref,
    List<ConstExpr> items,
    int offset) {
  /** How a segment is used. */
  public enum Mode {
    /** Copied into a table at instantiation. */
    ACTIVE,
    /** Available to {@code table.init}. */
    PASSIVE,
    /** Only declares function references for {@code ref.func}. */
    DECLARATIVE
  }
}
