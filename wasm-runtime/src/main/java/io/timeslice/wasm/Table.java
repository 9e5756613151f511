package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.TableInstance;
import io.timeslice.wasm.internal.module.LinkType;

/**
 * A table of a {@link Store}, exported by an instance or created by the host. Elements are
 * references as raw bits: store-local ids, 0 being null. Indices out of bounds throw the trap "out
 * of bounds table access".
 */
public final class Table implements Extern {
  private final Store<?> store;
  private final TableInstance table;

  Table(Store<?> store, TableInstance table) {
    this.store = store;
    this.table = table;
  }

  /**
   * A new table of {@code type} in {@code store} with every element {@code init}, for a linker to
   * define.
   *
   * @throws ResourceLimitException when its minimum exceeds the store's limit
   */
  public static Table create(Store<?> store, TableType type, long init) {
    store.checkRef(init, type.element(), type.ref());
    int cap = store.limits().tableElements();
    Limits limits = type.limits();
    if (limits.min() > cap) {
      throw new ResourceLimitException(
          "a table of " + limits.min() + " elements exceeds the limit of " + cap + " elements");
    }
    int max = (int) (limits.hasMax() ? Math.min(limits.max(), cap) : cap);
    TableInstance t = new TableInstance(type.element().code(), 0, limits.max(), max);
    t.grow((int) limits.min(), store.refs().object(init));
    t.setRef(type.ref());
    t.linkType = LinkType.ofPublic(type.element(), type.ref());
    return new Table(store, t);
  }

  /** The type, with the current size as its minimum. */
  @Override
  public TableType type() {
    return new TableType(
        ValType.ofCode(table.elemType()),
        new Limits(table.size(), table.declaredMax()),
        table.ref());
  }

  /** The current number of elements. */
  public int size() {
    return table.size();
  }

  /** The element at {@code index}. */
  public long get(int index) {
    check(index);
    return store.refs().idOf(table.get(index));
  }

  /** Sets the element at {@code index} to the reference {@code ref}. */
  public void set(int index, long ref) {
    check(index);
    store.checkRef(ref, ValType.ofCode(table.elemType()), table.ref());
    table.set(index, store.refs().object(ref));
  }

  /** Grows by {@code delta} elements set to {@code init}; returns the old size, or -1. */
  public int grow(int delta, long init) {
    store.checkRef(init, ValType.ofCode(table.elemType()), table.ref());
    return table.grow(delta, store.refs().object(init));
  }

  private void check(int index) {
    if (index < 0 || index >= table.size()) {
      throw new Trap(TrapCode.TABLE_OUT_OF_BOUNDS, "host access at " + index);
    }
  }

  Store<?> store() {
    return store;
  }

  TableInstance table() {
    return table;
  }
}
