package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.GlobalCell;
import io.timeslice.wasm.internal.module.LinkType;

/**
 * A global of a {@link Store}, exported by an instance or created by the host; raw bits. A v128
 * global is read and written as two longs, bytes 0-7 and 8-15 ({@link #getV128}, {@link #setV128}).
 */
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
    if (type.type() == ValType.V128) {
      throw new IllegalArgumentException("a v128 global is created with createV128");
    }
    if (type.type().isReference()) {
      store.checkRef(value, type.type(), type.ref());
    }
    GlobalCell cell = new GlobalCell(value);
    cell.linkType = LinkType.ofPublic(type.type(), type.ref());
    return new Global(store, cell, type);
  }

  /** A new v128 global holding bytes 0-7 {@code low} and 8-15 {@code high}. */
  public static Global createV128(Store<?> store, GlobalType type, long low, long high) {
    if (type.type() != ValType.V128) {
      throw new IllegalArgumentException("not a v128 global: " + type.type());
    }
    return new Global(store, new GlobalCell(low, high), type);
  }

  @Override
  public GlobalType type() {
    return type;
  }

  /**
   * The value's raw bits.
   *
   * @throws IllegalStateException when the global is a v128 (use {@link #getV128})
   */
  public long get() {
    requireScalar();
    long bits = cell.get();
    return type.type() == ValType.I32 || type.type() == ValType.F32 ? bits & 0xffff_ffffL : bits;
  }

  /**
   * Sets the value's raw bits.
   *
   * @throws IllegalStateException when the global is immutable or a v128 (use {@link #setV128})
   */
  public void set(long value) {
    requireScalar();
    requireMutable();
    if (type.type().isReference()) {
      store.checkRef(value, type.type(), type.ref());
    }
    cell.set(value);
  }

  /**
   * A v128 global's value: bytes 0-7, then bytes 8-15.
   *
   * @throws IllegalStateException when the global is not a v128
   */
  public long[] getV128() {
    requireV128();
    return new long[] {cell.get(), cell.high()};
  }

  /**
   * Sets a v128 global's value: bytes 0-7 {@code low}, bytes 8-15 {@code high}.
   *
   * @throws IllegalStateException when the global is immutable or not a v128
   */
  public void setV128(long low, long high) {
    requireV128();
    requireMutable();
    cell.set(low, high);
  }

  private void requireScalar() {
    if (type.type() == ValType.V128) {
      throw new IllegalStateException("a v128 global: use getV128 and setV128");
    }
  }

  private void requireV128() {
    if (type.type() != ValType.V128) {
      throw new IllegalStateException("not a v128 global: " + type.type());
    }
  }

  private void requireMutable() {
    if (!type.mutable()) {
      throw new IllegalStateException("the global is immutable");
    }
  }

  Store<?> store() {
    return store;
  }

  GlobalCell cell() {
    return cell;
  }
}
