package io.timeslice.wasm.internal.translate;

import static io.timeslice.wasm.internal.translate.OperandStack.CONST;
import static io.timeslice.wasm.internal.translate.OperandStack.LOCAL;

import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import java.util.Arrays;

/**
 * The {@link Translator}'s branches and returns: a branch moves the values its label carries into
 * the label's slots (those of the target block's base, docs/ir.md) unless they are there, and
 * jumps; a conditional branch that must move values jumps over the moves; a {@code br_table} entry
 * that must move values goes through a trampoline; a branch to the function's frame is a return,
 * which moves the results to the frame's first cells.
 */
final class Branches {
  private final IrWriter w;
  private final OperandStack s;
  private final ControlStack control;
  private final Fusion fusion;
  private final Locals locals;
  private final boolean optimize;

  /** The results of the function: how many values, and their types. */
  private int numResults;

  private int[] resultTypes = new int[0];

  Branches(
      IrWriter w,
      OperandStack stack,
      ControlStack control,
      Fusion fusion,
      Locals locals,
      boolean optimize) {
    this.w = w;
    this.s = stack;
    this.control = control;
    this.fusion = fusion;
    this.locals = locals;
    this.optimize = optimize;
  }

  /** Starts a function with results of {@code types}. */
  void begin(int[] types) {
    resultTypes = types;
    numResults = types.length;
  }

  /** The number of values a branch to {@code frame} carries: frame 0's are the results. */
  private int arity(int frame) {
    return frame == 0 ? numResults : control.labelArity(frame);
  }

  /** Copies the top values, {@code frame}'s results, into their slots after the block. */
  void copyResults(int frame) {
    s.copyToBase(control.base[frame], control.resultTypes[frame], control.results[frame]);
  }

  /** Copies the top values, those of a branch to {@code frame}, into its label slots. */
  private void copyToLabel(int frame, int arity) {
    s.copyToBase(control.base[frame], control.labelTypes(frame), arity);
  }

  /** {@code br} to {@code frame}: the code after it is dead. */
  void br(int frame) {
    if (frame == 0) {
      retKeeping();
    } else {
      copyToLabel(frame, arity(frame));
      control.target(frame, fusion.jump(), 0);
    }
  }

  /**
   * {@code br_if} to {@code frame} on the condition in {@code cond} (popped), which the comparison
   * at {@code fusedAt} may have produced ({@code condKind}: how the stack held it).
   */
  void brIf(int frame, int cond, int condKind, int fusedAt) {
    int arity = arity(frame);
    if (frame == 0) {
      int skipAt = fusion.jumpIf(false, cond, condKind, fusedAt);
      retKeeping();
      w.patchJump(skipAt, 0, w.position());
    } else if (arity == 0 || s.inPlace(control.base[frame], control.labelTypes(frame), arity)) {
      control.target(frame, fusion.jumpIf(true, cond, condKind, fusedAt), 0);
    } else {
      int skipAt = fusion.jumpIf(false, cond, condKind, fusedAt);
      copyToLabel(frame, arity);
      control.target(frame, fusion.jump(), 0);
      w.patchJump(skipAt, 0, w.position());
    }
  }

  /** {@code br_table} on the index in slot {@code index} (popped): the code after it is dead. */
  void brTable(int index, int[] depths, int defaultDepth) {
    int at = w.brt(Op.BR_TABLE, index, new int[depths.length + 1]);
    for (int i = 0; i <= depths.length; i++) {
      int relative = i < depths.length ? depths[i] : defaultDepth;
      int frame = control.depth() - 1 - relative;
      int arity = arity(frame);
      if (frame != 0 && s.inPlace(control.base[frame], control.labelTypes(frame), arity)) {
        control.target(frame, at, i);
        continue;
      }
      // A trampoline: move the values, then go.
      w.patchJump(at, i, w.position());
      br(frame);
    }
  }

  /**
   * Returns the top {@code numResults} values, the code after being dead. A single result that the
   * instruction at {@code last} just produced is written by it straight into the frame's first
   * cells, where results go, so the return copies nothing. Those cells must be locals' (the
   * constant pool's placement moves every other slot).
   */
  void ret(int last) {
    int top = s.height() - 1;
    if (optimize
        && numResults == 1
        && locals.cells() >= OperandStack.cells(resultTypes[0])
        && last >= 0
        && s.ownTemp(top)
        && last + Op.format(w.word(last) & 0xffff).length(null, last) == w.position()) {
      w.setResultSlot(last, 0);
      w.n(Op.RETURN);
      return;
    }
    retKeeping();
  }

  /** Returns the top {@code numResults} values without changing the translator's s. */
  private void retKeeping() {
    if (numResults == 0) {
      w.n(Op.RETURN);
      return;
    }
    int height = s.height();
    int top = height - 1;
    if (numResults == 1 && s.kind[top] != CONST) {
      if (optimize && s.kind[top] == LOCAL && s.where[top] == 0) {
        w.n(Op.RETURN); // local 0 is the frame's first cell, where the result goes
      } else {
        w.rn(Op.RETURN_SPAN, 0, s.where[top], OperandStack.cells(s.type[top]));
      }
      return;
    }
    int[] savedKind = Arrays.copyOfRange(s.kind, height - numResults, height);
    int[] savedWhere = Arrays.copyOfRange(s.where, height - numResults, height);
    s.materializeFrom(height - numResults);
    w.rn(Op.RETURN_SPAN, 0, s.slotOf(height - numResults), OperandStack.cells(resultTypes));
    System.arraycopy(savedKind, 0, s.kind, height - numResults, numResults);
    System.arraycopy(savedWhere, 0, s.where, height - numResults, numResults);
  }
}
