package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.MemAccess;

/**
 * A linear memory of a {@link Store}, exported by an instance or created by the host. Accesses out
 * of bounds throw the trap "out of bounds memory access", so a host function given a bad pointer by
 * Wasm code fails the call the way a Wasm load would.
 */
public final class Memory implements Extern {
  private final Store<?> store;
  private final LinearMemory memory;

  Memory(Store<?> store, LinearMemory memory) {
    this.store = store;
    this.memory = memory;
  }

  /**
   * A new memory of {@code type} in {@code store}, for a linker to define.
   *
   * @throws ResourceLimitException when its minimum exceeds the store's limit
   * @throws IllegalArgumentException when it is shared without a maximum (threads)
   */
  public static Memory create(Store<?> store, MemoryType type) {
    if (type.shared() && !type.limits().hasMax()) {
      throw new IllegalArgumentException("a shared memory must have a maximum");
    }
    int cap = Math.min(store.limits().memoryPages(), LinearMemory.MAX_PAGES);
    Limits limits = type.limits();
    if (limits.min() > cap) {
      throw new ResourceLimitException(
          "a memory of " + limits.min() + " pages exceeds the limit of " + cap + " pages");
    }
    int max = (int) (limits.hasMax() ? Math.min(limits.max(), cap) : cap);
    return new Memory(
        store,
        new LinearMemory((int) limits.min(), max, limits.max(), type.index64(), type.shared()));
  }

  /** The type, with the current size as its minimum. */
  @Override
  public MemoryType type() {
    return new MemoryType(
        new Limits(memory.pages(), memory.declaredMax()), memory.index64(), memory.shared());
  }

  /** The current size in 64 KiB pages. */
  public int pages() {
    return memory.pages();
  }

  /** The current size in bytes. */
  public int byteSize() {
    return memory.bytes().length;
  }

  /** Grows by {@code delta} pages; returns the old size in pages, or -1 when it cannot grow. */
  public int grow(int delta) {
    return memory.grow(delta);
  }

  /** Copies {@code length} bytes from {@code offset}. */
  public byte[] read(long offset, int length) {
    check(offset, length);
    byte[] out = new byte[length];
    System.arraycopy(memory.bytes(), (int) offset, out, 0, length);
    return out;
  }

  /** Copies {@code bytes} to {@code offset}. */
  public void write(long offset, byte[] bytes) {
    check(offset, bytes.length);
    System.arraycopy(bytes, 0, memory.bytes(), (int) offset, bytes.length);
  }

  /** The little-endian 32-bit integer at {@code offset}. */
  public int readInt(long offset) {
    check(offset, 4);
    return MemAccess.i32(memory.bytes(), offset);
  }

  /** Writes the little-endian 32-bit integer {@code value} at {@code offset}. */
  public void writeInt(long offset, int value) {
    check(offset, 4);
    MemAccess.i32(memory.bytes(), offset, value);
  }

  /** The little-endian 64-bit integer at {@code offset}. */
  public long readLong(long offset) {
    check(offset, 8);
    return MemAccess.i64(memory.bytes(), offset);
  }

  /** Writes the little-endian 64-bit integer {@code value} at {@code offset}. */
  public void writeLong(long offset, long value) {
    check(offset, 8);
    MemAccess.i64(memory.bytes(), offset, value);
  }

  private void check(long offset, int length) {
    if (offset < 0 || length < 0 || offset + length > memory.bytes().length) {
      throw new Trap(
          TrapCode.MEMORY_OUT_OF_BOUNDS,
          "host access of " + length + " bytes at " + offset + " in " + byteSize() + " bytes");
    }
  }

  Store<?> store() {
    return store;
  }

  LinearMemory memory() {
    return memory;
  }
}
