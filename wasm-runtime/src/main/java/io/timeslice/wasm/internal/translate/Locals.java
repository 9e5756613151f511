package io.timeslice.wasm.internal.translate;

/**
 * The locals of the function being translated, parameters included: where each begins in the frame
 * and its type. They take the frame's first cells, a v128 two; the constant pool and the operand
 * stack's temporaries follow them. In a function whose frame passes the 16-bit slots they are
 * <em>wide</em> (docs/ir.md, "Wide locals"): the frame pointer is past them, the slots address the
 * pool and the temporaries alone, and a local's cell is a negative offset that only the wide-local
 * ops take.
 */
final class Locals {
  private int[] cell = new int[16];
  private int[] type = new int[0];
  private int cells;
  private boolean wide;

  /** Lays out the locals of types {@code localTypes} (parameters first), wide or in slots. */
  void reset(int[] localTypes, boolean wide) {
    if (localTypes.length > cell.length) {
      cell = new int[localTypes.length];
    }
    type = localTypes;
    this.wide = wide;
    int next = 0;
    for (int i = 0; i < localTypes.length; i++) {
      cell[i] = next;
      next += OperandStack.cells(localTypes[i]);
    }
    cells = next;
    if (wide) {
      for (int i = 0; i < localTypes.length; i++) {
        cell[i] -= next;
      }
    }
  }

  /** The first cell of local {@code index}: a slot, or a negative offset when wide. */
  int cell(int index) {
    return cell[index];
  }

  /** The type code of local {@code index}. */
  int type(int index) {
    return type[index];
  }

  /** Whether the locals are wide. */
  boolean wide() {
    return wide;
  }

  /** The slots the locals take: the first slot after them (none when wide). */
  int cells() {
    return wide ? 0 : cells;
  }

  /** The cells the locals take, wide or not. */
  int allCells() {
    return cells;
  }
}
