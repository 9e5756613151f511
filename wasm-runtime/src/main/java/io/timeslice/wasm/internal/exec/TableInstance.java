package io.timeslice.wasm.internal.exec;

/** A table of references: {@link CompiledFunction}s for funcref tables; {@code null} is null. */
public final class TableInstance {
  Object[] elements;

  /** A table of {@code size} null entries. */
  public TableInstance(int size) {
    this.elements = new Object[size];
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
}
