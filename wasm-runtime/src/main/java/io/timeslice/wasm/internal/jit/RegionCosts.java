package io.timeslice.wasm.internal.jit;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What each instruction of a function costs in a region method of its own ({@link Regions}): the
 * bytes of bytecode it became and the cells it reads or writes, measured by generating the function
 * once without stack maps (the bytecode offsets come from a line number per IR pc).
 */
final class RegionCosts {
  /** Marks a written cell in {@link #cells}. */
  static final int WRITE = 1 << 16;

  /** The pcs where instructions start, from the body start on, ascending. */
  final int[] pcs;

  /** The pc after the last instruction. */
  final int end;

  /** Per instruction: the bytes of bytecode it became. */
  final int[] bytes;

  /**
   * Per instruction: the cells it touches, each {@code cell}, or {@code cell | WRITE} if written.
   */
  final int[][] cells;

  private int current = -1;
  private int[] pending = new int[8];
  private int pendingCount;

  RegionCosts(int[] pcs, int end, int[] bytes, int[][] cells) {
    this.pcs = pcs;
    this.end = end;
    this.bytes = bytes;
    this.cells = cells;
  }

  /** Costs to be measured for the instructions of {@code scan} from {@code bodyStart} on. */
  static RegionCosts of(IrScan scan, int bodyStart) {
    int[] pcs = scan.starts.stream().filter(pc -> pc >= bodyStart).toArray();
    int[][] cells = new int[pcs.length][];
    Arrays.fill(cells, new int[0]);
    return new RegionCosts(pcs, scan.code.length, new int[pcs.length], cells);
  }

  /** The index of the instruction at {@code pc}, or -1 when no instruction starts there. */
  int indexOf(int pc) {
    int i = Arrays.binarySearch(pcs, pc);
    return i < 0 ? -1 : i;
  }

  /** The pc where instruction {@code i}'s region would end: the next one's start. */
  int endOf(int i) {
    return i + 1 < pcs.length ? pcs[i + 1] : end;
  }

  /** From now on, cells touched are the instruction at {@code pc}'s. */
  void at(int pc) {
    flush();
    current = indexOf(pc);
  }

  /** The current instruction touches cell {@code s}. */
  void cell(int s, boolean write) {
    if (current < 0) {
      return;
    }
    if (pendingCount == pending.length) {
      pending = Arrays.copyOf(pending, 2 * pendingCount);
    }
    pending[pendingCount++] = write ? s | WRITE : s;
  }

  /** Adds {@code n} bytes of bytecode to the instruction at {@code pc}. */
  void addBytes(int pc, int n) {
    int i = indexOf(pc);
    if (i >= 0) {
      bytes[i] += n;
    }
  }

  /** Forgets what was measured of instructions {@code [from, to)}, to measure them again. */
  void clear(int from, int to) {
    flush();
    current = -1;
    for (int i = from; i < to; i++) {
      bytes[i] = 0;
      cells[i] = new int[0];
    }
  }

  /** Records the cells of the current instruction. */
  void flush() {
    if (current >= 0 && pendingCount > 0) {
      int[] old = cells[current];
      int[] merged = Arrays.copyOf(old, old.length + pendingCount);
      System.arraycopy(pending, 0, merged, old.length, pendingCount);
      cells[current] = merged;
    }
    pendingCount = 0;
  }

  /** The cells instructions {@code [from, to)} touch, and into {@code written} those they write. */
  BitSet cellsOf(int from, int to, BitSet written) {
    BitSet touched = new BitSet();
    for (int i = from; i < to; i++) {
      for (int w : cells[i]) {
        touched.set(w & (WRITE - 1));
        if ((w & WRITE) != 0) {
          written.set(w & (WRITE - 1));
        }
      }
    }
    return touched;
  }
}
