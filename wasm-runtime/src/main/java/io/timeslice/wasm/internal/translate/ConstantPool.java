package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The constant pool of the function being translated (docs/ir.md): each distinct constant operand
 * gets a frame cell, filled when the function is entered, so that no instruction loads it. While
 * the function is translated, pool slots are placeholders counting down from the top of the 16-bit
 * slot range; {@link #place} maps them between the locals and the temporaries when it ends. A
 * function whose own slots reach the placeholder range is translated again without a pool.
 */
final class ConstantPool {
  private static final int PLACEHOLDER_TOP = 0xffff;

  /** The most cells a pool takes; a constant beyond it is loaded by an instruction. */
  private static final int MAX = 0x1000;

  /** A v128 constant, as a key of its two pool cells. */
  private record V128(long low, long high) {}

  private long[] values = new long[16];
  private int size;
  private final Map<Long, Integer> index = new HashMap<>();
  private final Map<V128, Integer> indexV128 = new HashMap<>();

  /** Whether constants go to the pool (optimised, and not translating a function again). */
  private boolean enabled;

  ConstantPool(boolean enabled) {
    this.enabled = enabled;
  }

  /** Empties the pool for the next function. */
  void reset() {
    size = 0;
    index.clear();
    indexV128.clear();
  }

  void enable(boolean on) {
    enabled = on;
  }

  /** Whether a constant of {@code cells} cells can go to the pool. */
  boolean hasRoom(int cells) {
    return enabled && size + cells <= MAX;
  }

  /** The cells in use. */
  int size() {
    return size;
  }

  /** The constants, one per cell, in the order of their cells. */
  long[] values() {
    return Arrays.copyOf(values, size);
  }

  /** The placeholder slot of {@code value}; {@link #place} moves it after the locals. */
  int slot(long value) {
    Integer at = index.get(value);
    if (at == null) {
      at = size;
      add(value);
      index.put(value, at);
    }
    return PLACEHOLDER_TOP - at;
  }

  /**
   * The placeholder slot of a v128 constant's first cell; its second cell is the pool's next, so
   * that after {@link #place} the two are adjacent, as a v128 operand's cells must be.
   */
  int slot(long low, long high) {
    V128 key = new V128(low, high);
    Integer at = indexV128.get(key);
    if (at == null) {
      at = size;
      add(low);
      add(high);
      indexV128.put(key, at);
    }
    return PLACEHOLDER_TOP - at;
  }

  private void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** Whether a function of {@code ownSlots} slots collides with the placeholders in use. */
  boolean collides(int ownSlots) {
    return size > 0 && ownSlots > PLACEHOLDER_TOP - MAX;
  }

  /**
   * Maps the placeholders to the cells after the {@code locals} cells and moves the temporaries up
   * by {@code shift} cells to make room: a callee's frame begins at a temporary, so anything above
   * the temporaries would be overwritten by calls.
   */
  void place(IrWriter w, int locals, int shift) {
    int placeholderFloor = PLACEHOLDER_TOP - size;
    w.remapSlots(
        s -> s > placeholderFloor ? locals + (PLACEHOLDER_TOP - s) : s >= locals ? s + shift : s);
  }
}
