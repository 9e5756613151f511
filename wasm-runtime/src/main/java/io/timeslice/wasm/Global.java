package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.GlobalCell;

/** A global of a {@link Store}, exported by an instance or created by the host; raw bits. */
public final class Global implements Extern {
  private final Store<?> store;
  private final GlobalCell cell;
  private final GlobalType type;

  Global(Store<?> store, GlobalCell cell, GlobalType type) {
    this.store = store;
    this.cell = cell;
    this.type = type;
  }

  /** A new global of {@code type} holding {@code value}, for a linker to define. */
  public static Global create(Store<?> store, GlobalType type, long value) {
    if (type.type().isReference()) {
      store.checkRef(value);
    }
    return new Global(store, new GlobalCell(value), type);
  }

  @Override
  public GlobalType type() {
    return type;
  }

  /** The value's raw bits. */
  public long get() {
    long bits = cell.get();
    return type.type() == ValType.I32 || type.type() == ValType.F32 ? bits & 0xffff_ffffL : bits;
  }

  /**
   * Sets the value's raw bits.
   *
   * @throws IllegalStateException when the global is immutable
   */
  public void set(long value) {
    if (!type.mutable()) {
      throw new IllegalStateException("the global is immutable");
    }
    if (type.type().isReference()) {
      store.checkRef(value);
    }
    cell.set(value);
  }

  Store<?> store() {
    return store;
  }

  GlobalCell cell() {
    return cell;
  }
}
