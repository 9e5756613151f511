package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import java.util.Arrays;

/**
 * The operand stack of the function being translated: it holds <i>where</i> values are, not the
 * values — a local (so {@code local.get} emits nothing), a constant (so small constants become
 * immediates or pool cells), or a temporary. Every stack height {@code h} owns its frame cells,
 * after the locals' and those of the heights below it (a v128 takes two cells, other values one): a
 * temporary at height h is always there. So the results of a block, the arguments of a branch and
 * the arguments of a call have fixed, known slots, and merging control flow needs no register
 * allocation. Parallel arrays indexed by height, grown as needed: pushing allocates nothing.
 *
 * <p>It also puts values where instructions need them: {@link #slotFor} gives an operand's slot (a
 * pool cell for a constant), {@link #materialize} moves a value into its own slot.
 */
final class OperandStack {
  /** The value is a local's: {@link #where} is the local's first cell. */
  static final int LOCAL = 0;

  /** The value is a temporary: {@link #where} is its slot, its own or (briefly) the one above. */
  static final int TEMP = 1;

  /** The value is a constant: {@link #bits} (and {@link #bitsHigh} for a v128) hold it. */
  static final int CONST = 2;

  static final int V128 = 0x7b;

  private final IrWriter w;
  private final ConstantPool pool;
  private final Fusion fusion;

  // Per height: what kind of place holds the value, and which.
  int[] kind = new int[32];
  int[] where = new int[32];
  long[] bits = new long[32];

  /** A v128 constant's bytes 8-15 ({@link #bits} holds bytes 0-7). */
  private long[] bitsHigh = new long[32];

  int[] type = new int[32];

  /** The first cell of height h, counted from the first temporary cell; one entry past the top. */
  private int[] cellAt = new int[33];

  private int height;

  /** The first temporary cell: the cells before it are the locals'. */
  private int firstCell;

  /** The most temporary cells in use at once, a callee's arguments included. */
  private int maxCells;

  OperandStack(IrWriter w, ConstantPool pool, Fusion fusion) {
    this.w = w;
    this.pool = pool;
    this.fusion = fusion;
  }

  /** Empties the stack for a function whose temporaries begin at cell {@code firstCell}. */
  void reset(int firstCell) {
    this.firstCell = firstCell;
    height = 0;
    maxCells = 0;
  }

  /** The cells a value of type code {@code t} takes: two for a v128, else one. */
  static int cells(int t) {
    return t == V128 ? 2 : 1;
  }

  static int cells(int[] types) {
    int n = 0;
    for (int t : types) {
      n += cells(t);
    }
    return n;
  }

  int height() {
    return height;
  }

  /** Drops the top {@code n} operands (their instruction has read their slots). */
  void pop(int n) {
    height -= n;
  }

  /** Drops the operands from height {@code h} up. */
  void truncate(int h) {
    height = h;
  }

  /** The most temporary cells in use at once. */
  int maxCells() {
    return maxCells;
  }

  /** Makes the frame cover {@code cells} cells after the height {@code h}'s first one. */
  void cover(int h, int cells) {
    maxCells = Math.max(maxCells, cellAt[h] + cells);
  }

  private void ensure(int n) {
    if (n > kind.length) {
      int size = Math.max(n, kind.length * 2);
      kind = Arrays.copyOf(kind, size);
      where = Arrays.copyOf(where, size);
      bits = Arrays.copyOf(bits, size);
      bitsHigh = Arrays.copyOf(bitsHigh, size);
      type = Arrays.copyOf(type, size);
      cellAt = Arrays.copyOf(cellAt, size + 1);
    }
  }

  void push(int k, int w0, long b, int t) {
    ensure(height + 1);
    kind[height] = k;
    where[height] = w0;
    bits[height] = b;
    type[height] = t;
    cellAt[height + 1] = cellAt[height] + cells(t);
    height++;
    maxCells = Math.max(maxCells, cellAt[height]);
  }

  /** Pushes a temporary of type code {@code t} in its own slot. */
  void pushTemp(int t) {
    push(TEMP, slotOf(height), 0, t);
  }

  /** Pushes a v128 constant. */
  void pushV128(long low, long high) {
    push(CONST, 0, low, V128);
    bitsHigh[height - 1] = high;
  }

  /** The first cell of the value at height {@code h} (or of the next value, at the top). */
  int slotOf(int h) {
    return firstCell + cellAt[h];
  }

  /** Whether the value at height {@code h} is a temporary in its own slot. */
  boolean ownTemp(int h) {
    return kind[h] == TEMP && where[h] == slotOf(h);
  }

  /**
   * Makes the value at height {@code h} the temporary in its own slot, which an instruction just
   * wrote (a converted address or count).
   */
  void ownSlot(int h) {
    kind[h] = TEMP;
    where[h] = slotOf(h);
  }

  void swap(int x, int y) {
    int k = kind[x];
    int s = where[x];
    long b = bits[x];
    int t = type[x];
    kind[x] = kind[y];
    where[x] = where[y];
    bits[x] = bits[y];
    type[x] = type[y];
    kind[y] = k;
    where[y] = s;
    bits[y] = b;
    type[y] = t;
  }

  /**
   * The slot holding the value at height {@code h}: a constant is read from the function's constant
   * pool (copied into the frame on entry), so no instruction loads it; without room in the pool it
   * is materialized.
   */
  int slotFor(int h) {
    if (kind[h] != CONST) {
      return where[h];
    }
    if (!pool.hasRoom(cells(type[h]))) {
      return materialize(h);
    }
    return cells(type[h]) == 2 ? pool.slot(bits[h], bitsHigh[h]) : pool.slot(bits[h]);
  }

  /** Puts the value at height {@code h} into its own slot; returns that slot. */
  int materialize(int h) {
    int slot = slotOf(h);
    switch (kind[h]) {
      case LOCAL -> copyValue(slot, where[h], type[h]);
      case CONST -> constantValue(slot, h);
      default -> {
        return slot;
      }
    }
    kind[h] = TEMP;
    where[h] = slot;
    return slot;
  }

  /** Materializes the values from height {@code from} to the top. */
  void materializeFrom(int from) {
    for (int h = from; h < height; h++) {
      materialize(h);
    }
  }

  /** Copies a value of type {@code t} from {@code src} to {@code dest}: a v128 is two cells. */
  void copyValue(int dest, int src, int t) {
    fusion.copy(dest, src);
    if (cells(t) == 2) {
      fusion.copy(dest + 1, src + 1);
    }
  }

  /** Writes the constant at height {@code h} to {@code slot}: a v128 is two cells. */
  void constantValue(int slot, int h) {
    constant(slot, bits[h]);
    if (cells(type[h]) == 2) {
      constant(slot + 1, bitsHigh[h]);
    }
  }

  private void constant(int slot, long value) {
    if (value == (int) value) {
      w.ri32(Op.CONST32, slot, (int) value);
    } else {
      w.ri64(Op.CONST64, slot, value);
    }
  }

  /** Copies the values that are still references to {@code local} into their own slots. */
  void preserveLocal(int local) {
    for (int h = 0; h < height; h++) {
      if (kind[h] == LOCAL && where[h] == local) {
        materialize(h);
      }
    }
  }

  /** Whether a value below height {@code below} is a reference to {@code local}. */
  boolean referencesLocal(int local, int below) {
    for (int h = 0; h < below; h++) {
      if (kind[h] == LOCAL && where[h] == local) {
        return true;
      }
    }
    return false;
  }

  /**
   * The slot of value {@code i} of {@code types} placed at height {@code base} (a label's values or
   * a block's results): the cells from the base on, laid out by the types (the stack above the base
   * may hold other values when a branch leaves).
   */
  private int baseSlot(int base, int[] types, int i) {
    int slot = slotOf(base);
    for (int j = 0; j < i; j++) {
      slot += cells(types[j]);
    }
    return slot;
  }

  /**
   * Whether the top {@code arity} values already sit in the slots of {@code types} at {@code base}.
   */
  boolean inPlace(int base, int[] types, int arity) {
    for (int i = 0; i < arity; i++) {
      int h = height - arity + i;
      if (kind[h] != TEMP || where[h] != baseSlot(base, types, i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Copies the top {@code arity} values, of {@code types}, to the slots of those types at height
   * {@code base}, lowest cell first: each value's slot is at or above its destination (the values
   * are of those types), so no copy overwrites a cell that a later one reads.
   */
  void copyToBase(int base, int[] types, int arity) {
    for (int i = 0; i < arity; i++) {
      int h = height - arity + i;
      int dest = baseSlot(base, types, i);
      switch (kind[h]) {
        case CONST -> constantValue(dest, h);
        case LOCAL -> copyValue(dest, where[h], type[h]);
        default -> {
          if (where[h] != dest) {
            copyValue(dest, where[h], type[h]);
          }
        }
      }
    }
  }

  /** Replaces the values from height {@code base} up by temporaries of {@code types} there. */
  void replaceFrom(int base, int[] types) {
    height = base;
    for (int t : types) {
      pushTemp(t);
    }
  }
}
