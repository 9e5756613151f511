package io.timeslice.wasm.internal.translate;

/**
 * The locals of the function being translated, parameters included: where each begins in the frame
 * and its type. They take the frame's first cells, a v128 two; the constant pool and the operand
 * stack's temporaries follow them.
 */
final class Locals {
  private int[] cell = new int[16];
  private int[] type = new int[0];
  private int cells;

  /** Lays out the locals of types {@code localTypes} (parameters first) from cell 0. */
  void reset(int[] localTypes) {
    if (localTypes.length > cell.length) {
      cell = new int[localTypes.length];
    }
    type = localTypes;
    int next = 0;
    for (int i = 0; i < localTypes.length; i++) {
      cell[i] = next;
      next += OperandStack.cells(localTypes[i]);
    }
    cells = next;
  }

  /** The first cell of local {@code index}. */
  int cell(int index) {
    return cell[index];
  }

  /** The type code of local {@code index}. */
  int type(int index) {
    return type[index];
  }

  /** The cells the locals take: the first cell after them. */
  int cells() {
    return cells;
  }
}
