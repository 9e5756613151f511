package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import java.util.Arrays;

/**
 * The control stack of the function being translated: per open block (the function's own frame is
 * frame 0), its kind, where its values begin on the operand stack, its parameter and result types,
 * and its label — a loop's start, or the forward branches waiting for the block's end — plus an
 * {@code if}'s jump to its else arm and a try's number in {@link TryBlocks}. Parallel arrays
 * indexed by frame, grown as blocks nest, so that translating allocates nothing per block.
 */
final class ControlStack {
  static final int BLOCK = 0x02;
  static final int LOOP = 0x03;
  static final int IF = 0x04;
  static final int ELSE = 0x05;

  // Exception handling: a try block in its body, and in a catch or catch_all arm.
  static final int TRY = 0x06;
  static final int CATCH = 0x07;

  /** A try_table (WebAssembly 3.0): a block whose body is a try, its catches branches. */
  static final int TRY_TABLE = 0x1f;

  private final IrWriter w;

  int[] kind = new int[16];

  /** The operand stack height where the block's values begin. */
  int[] base = new int[16];

  int[] params = new int[16];
  int[] results = new int[16];
  int[][] paramTypes = new int[16][];
  int[][] resultTypes = new int[16][];

  /** A loop's label: where its body starts. */
  int[] loopStart = new int[16];

  /** An if's branch to its else arm (or its end), to patch; -1 once patched. */
  int[] elseJump = new int[16];

  /** A try frame's number in {@link TryBlocks}. */
  int[] tryId = new int[16];

  /** Per frame, the forward branches to its label: pairs of branch position and table entry. */
  private int[][] pending = new int[16][];

  private int[] pendingCount = new int[16];

  private int depth;

  ControlStack(IrWriter w) {
    this.w = w;
  }

  /** The number of open blocks; the innermost is {@code depth() - 1}. */
  int depth() {
    return depth;
  }

  void clear() {
    depth = 0;
  }

  /** Closes the innermost block. */
  void pop() {
    depth--;
  }

  /** Opens a block of kind {@code k} whose parameters are the top values below {@code height}. */
  void push(int k, int height, int[] paramTypes, int[] resultTypes) {
    if (depth == kind.length) {
      grow(depth * 2);
    }
    kind[depth] = k;
    base[depth] = height - paramTypes.length;
    params[depth] = paramTypes.length;
    results[depth] = resultTypes.length;
    this.paramTypes[depth] = paramTypes;
    this.resultTypes[depth] = resultTypes;
    loopStart[depth] = -1;
    elseJump[depth] = -1;
    pendingCount[depth] = 0;
    if (pending[depth] == null) {
      pending[depth] = new int[8];
    }
    depth++;
  }

  private void grow(int n) {
    kind = Arrays.copyOf(kind, n);
    base = Arrays.copyOf(base, n);
    params = Arrays.copyOf(params, n);
    results = Arrays.copyOf(results, n);
    paramTypes = Arrays.copyOf(paramTypes, n);
    resultTypes = Arrays.copyOf(resultTypes, n);
    loopStart = Arrays.copyOf(loopStart, n);
    elseJump = Arrays.copyOf(elseJump, n);
    tryId = Arrays.copyOf(tryId, n);
    pending = Arrays.copyOf(pending, n);
    pendingCount = Arrays.copyOf(pendingCount, n);
  }

  /** The number of values a branch to {@code frame} carries. */
  int labelArity(int frame) {
    return kind[frame] == LOOP ? params[frame] : results[frame];
  }

  /** The types of the values a branch to {@code frame} carries. */
  int[] labelTypes(int frame) {
    return kind[frame] == LOOP ? paramTypes[frame] : resultTypes[frame];
  }

  /** Makes the branch at {@code at} (table entry {@code index}) go to {@code frame}'s label. */
  void target(int frame, int at, int index) {
    if (kind[frame] == LOOP) {
      w.patchJump(at, index, loopStart[frame]);
      return;
    }
    int n = pendingCount[frame];
    if (n + 2 > pending[frame].length) {
      pending[frame] = Arrays.copyOf(pending[frame], n * 2 + 2);
    }
    pending[frame][n] = at;
    pending[frame][n + 1] = index;
    pendingCount[frame] = n + 2;
  }

  /** Resolves the forward branches to {@code frame}'s label, which is here. */
  void pinLabel(int frame) {
    int here = w.position();
    int[] branches = pending[frame];
    for (int i = 0; i < pendingCount[frame]; i += 2) {
      w.patchJump(branches[i], branches[i + 1], here);
    }
    pendingCount[frame] = 0;
  }

  /**
   * The try whose body holds the block {@code frame} or is it: the first try frame from it outward
   * that is still in its body (a catch arm's exceptions go to the tries around its try), or {@link
   * TryBlocks#CALLER}.
   */
  int tryAround(int frame) {
    for (int f = frame; f >= 0; f--) {
      if (kind[f] == TRY || kind[f] == TRY_TABLE) {
        return tryId[f];
      }
    }
    return TryBlocks.CALLER;
  }
}
