package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.RefType;
import io.timeslice.wasm.internal.module.LinkType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A table of references: {@link CompiledFunction}s in funcref tables, extern handles in externref
 * tables; {@code null} is null. It grows up to {@link #maxSize()}, already the lesser of the
 * declared maximum and the store's limit.
 */
public final class TableInstance {
  Object[] elements;
  private final int elemType;
  private final long declaredMax;
  private final int maxSize;

  /** The element type a module importing the table checks, as {@link GlobalCell#linkType}. */
  public @Nullable LinkType linkType;

  /** A funcref table of {@code size} null entries that cannot grow (for tests). */
  public TableInstance(int size) {
    this(0x70, size, size, size);
  }

  /**
   * A table of {@code elemType} (0x70 funcref, 0x6f externref) with {@code size} null entries,
   * declared maximum {@code declaredMax} (-1 when none) and growable to {@code maxSize}.
   */
  public TableInstance(int elemType, int size, long declaredMax, int maxSize) {
    if (size < 0 || size > maxSize) {
      throw new IllegalArgumentException("bad table limits " + size + ".." + maxSize);
    }
    this.elements = new Object[size];
    this.elemType = elemType;
    this.declaredMax = declaredMax;
    this.maxSize = maxSize;
  }

  /** The entry at {@code index}, which the caller has bounds-checked. */
  public Object get(int index) {
    return elements[index];
  }

  /** Sets the entry at {@code index}, which the caller has bounds-checked. */
  public void set(int index, Object value) {
    elements[index] = value;
  }

  /** The number of entries. */
  public int size() {
    return elements.length;
  }

  /** The element type's binary code: 0x70 funcref, 0x6f externref. */
  public int elemType() {
    return elemType;
  }

  /** Typed function references' details of the element type, or null ({@link RefType}). */
  private @Nullable RefType ref;

  public @Nullable RefType ref() {
    return ref;
  }

  /** Records the element type's typed-reference details, for the table's {@code TableType}. */
  public void setRef(@Nullable RefType ref) {
    this.ref = ref;
  }

  /** The declared maximum, or -1 when there is none. */
  public long declaredMax() {
    return declaredMax;
  }

  /** The size the table may grow to. */
  public int maxSize() {
    return maxSize;
  }

  /**
   * Grows by {@code delta} entries (an unsigned value) set to {@code init}; returns the old size,
   * or -1 when the table would exceed its maximum.
   */
  public int grow(int delta, Object init) {
    int old = elements.length;
    if (Integer.compareUnsigned(delta, maxSize - old) > 0) {
      return -1;
    }
    if (delta != 0) {
      elements = Arrays.copyOf(elements, old + delta);
      Arrays.fill(elements, old, old + delta, init);
    }
    return old;
  }
}
