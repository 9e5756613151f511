package io.timeslice.wasm.internal.jit;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import java.util.BitSet;

/**
 * Where a generated method keeps a function's frame: every cell the IR names is a {@code long} JVM
 * local holding the same raw bits (constant-pool cells are never written, so their reads become
 * constants and they take no local), next to a few locals of the compiled code's own. All of them
 * are assigned before the first instruction, so every pc sees the same local types: one spill block
 * and one resume prologue serve every suspension point.
 *
 * <p>The method's leading parameters are {@code (Executor x, InstanceContext inst, int fp, int
 * level, int budget)}; the body method then takes the function's parameters as {@code long}s, which
 * are its first cells, and the resume method takes {@code int pc}.
 */
final class FrameLayout {
  static final int X = 0;
  static final int INST = 1;
  static final int FP = 2;
  static final int LEVEL = 3;
  static final int BUDGET = 4;

  final int params;
  final int locals;
  final int poolSize;
  final int frameSize;
  private final CompiledFunction f;

  /** The first cell's local: right after the leading parameters (and the resume pc). */
  private final int base;

  // Locals of the compiled code's own, after the parameters' cells.
  final int fuel;
  final int need;
  final int site;
  final int trapCode;
  final int tmp;
  final int mem;
  final int cells;
  final int callee;
  final int handle;
  final int limit;
  private final int[] globalLocal;

  /** The local of each cell; -1 for a pool cell, or a cell a region method does not touch. */
  private final int[] cellLocal;

  /** The number of JVM local slots the method uses. */
  final int maxLocals;

  FrameLayout(CompiledFunction f, BitSet globals, boolean resume) {
    this(f, globals, resume, null);
  }

  /**
   * The layout of a region method ({@link Regions}): entered at a pc like the resume method, with
   * locals for the cells of {@code regionCells} only, so that a small method of a large function
   * has a small frame.
   */
  static FrameLayout region(CompiledFunction f, BitSet globals, BitSet regionCells) {
    return new FrameLayout(f, globals, true, regionCells);
  }

  private FrameLayout(CompiledFunction f, BitSet globals, boolean resume, BitSet only) {
    this.f = f;
    this.params = f.numParams();
    this.locals = f.numLocals();
    this.poolSize = f.constantCount();
    this.frameSize = f.frameSize();
    this.base = resume ? BUDGET + 2 : BUDGET + 1;
    // The body method's parameters are its first cells; a region method takes none of them.
    int next = base + (only == null ? 2 * params : 0);
    fuel = next;
    need = next + 2;
    site = next + 4;
    trapCode = next + 5;
    tmp = next + 6;
    mem = next + 7;
    cells = next + 8;
    callee = next + 9;
    handle = next + 10;
    limit = next + 11;
    next += 12;
    globalLocal = new int[globals.isEmpty() ? 0 : globals.length()];
    for (int g = globals.nextSetBit(0); g >= 0; g = globals.nextSetBit(g + 1)) {
      globalLocal[g] = next++;
    }
    cellLocal = new int[frameSize];
    for (int s = 0; s < frameSize; s++) {
      if (isPool(s) || only != null && !only.get(s)) {
        cellLocal[s] = -1;
      } else if (only == null && s < params) {
        cellLocal[s] = base + 2 * s;
      } else {
        cellLocal[s] = next;
        next += 2;
      }
    }
    maxLocals = next;
  }

  /** The resume method's {@code pc} parameter. */
  int resumePc() {
    return base - 1;
  }

  /** Whether cell {@code s} is a constant of the pool. */
  boolean isPool(int s) {
    return s >= locals && s < locals + poolSize;
  }

  /** The raw bits of pool cell {@code s}. */
  long poolValue(int s) {
    return f.constant(s - locals);
  }

  /** The {@code long} local holding cell {@code s}, which is not a pool cell. */
  int local(int s) {
    int local = s >= 0 && s < frameSize ? cellLocal[s] : -1;
    if (local < 0) {
      throw new IllegalArgumentException("cell " + s + " has no local");
    }
    return local;
  }

  /** The local caching global {@code g}'s cell. */
  int global(int g) {
    return globalLocal[g];
  }
}
