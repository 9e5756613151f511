package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import java.util.Arrays;

/**
 * Runs IR without recursing on the Java stack: Wasm calls push a frame onto primitive arrays, and
 * the callee's frame begins at the caller's argument cells. Call depth and value-stack size are
 * bounded; exceeding either is the trap "call stack exhausted", whatever the thread's stack size.
 * One executor runs one call at a time and may be reused for the next.
 */
public final class Executor {
  /** A {@code frame} op's status: go on with the (possibly new) current function. */
  static final int CONTINUE = 0;

  /** The outermost function returned; its results are in the first cells of the stack. */
  static final int DONE = 1;

  /** A trap; {@link #trapCode} says which. */
  static final int TRAPPED = 2;

  private static final int INITIAL_STACK_CELLS = 1024;
  private static final int INITIAL_FRAMES = 64;

  // The current function's state, loaded into locals by Dispatch.run.
  int[] code;
  int pc;
  int fp;
  long[] stack;
  byte[] memory;
  CompiledFunction func;

  // The frames of the callers: who called, where to go back to, and their frame pointer.
  private CompiledFunction[] frameFunc = new CompiledFunction[INITIAL_FRAMES];
  private int[] frameReturnPc = new int[INITIAL_FRAMES];
  private int[] frameFp = new int[INITIAL_FRAMES];
  private int depth;

  private final int maxDepth;
  private final int maxStackCells;

  private int trapCode;
  private CompiledFunction trapFunc;
  private int trapPc;

  /** An executor allowing {@code maxDepth} nested Wasm calls and {@code maxStackCells} cells. */
  public Executor(int maxDepth, int maxStackCells) {
    if (maxDepth < 1 || maxStackCells < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxDepth = maxDepth;
    this.maxStackCells = maxStackCells;
    this.stack = new long[Math.min(INITIAL_STACK_CELLS, maxStackCells)];
  }

  /**
   * Calls {@code f} with arguments as raw bits and returns its results as raw bits.
   *
   * @throws Trap when the call traps
   */
  public long[] invoke(CompiledFunction f, long... args) {
    if (args.length != f.numParams) {
      throw new IllegalArgumentException(
          f.name + " takes " + f.numParams + " arguments, not " + args.length);
    }
    depth = 0;
    func = null;
    fp = 0;
    pc = 0;
    if (f.frameSize > stack.length && !growStack(f.frameSize)) {
      throw new Trap(TrapCode.CALL_STACK_EXHAUSTED, "in function " + f.name);
    }
    System.arraycopy(args, 0, stack, 0, args.length);
    int status = enter(f, 0, 0);
    if (status == CONTINUE) {
      status = Dispatch.run(this);
    }
    if (status == TRAPPED) {
      throw new Trap(TrapCode.ofNumber(trapCode), where());
    }
    return Arrays.copyOf(stack, f.numResults);
  }

  private String where() {
    return trapFunc == null ? "" : "in function " + trapFunc.name + " at IR pc " + trapPc;
  }

  /** Records a trap at {@code atPc} of the current function; returns {@link #TRAPPED}. */
  int trap(int code, int atPc) {
    trapCode = code;
    trapFunc = func;
    trapPc = atPc;
    return TRAPPED;
  }

  /**
   * Pushes the current function as a caller returning to {@code returnPc} and makes {@code callee}
   * current with its frame at {@code newFp}.
   */
  int enter(CompiledFunction callee, int newFp, int returnPc) {
    if (depth == maxDepth) {
      return trap(TrapCode.CALL_STACK_EXHAUSTED.number(), pc);
    }
    int end = newFp + callee.frameSize;
    if (end > stack.length && !growStack(end)) {
      return trap(TrapCode.CALL_STACK_EXHAUSTED.number(), pc);
    }
    if (depth == frameFunc.length) {
      int n = Math.min(depth * 2, maxDepth);
      frameFunc = Arrays.copyOf(frameFunc, n);
      frameReturnPc = Arrays.copyOf(frameReturnPc, n);
      frameFp = Arrays.copyOf(frameFp, n);
    }
    frameFunc[depth] = func;
    frameReturnPc[depth] = returnPc;
    frameFp[depth] = fp;
    depth++;
    long[] st = stack;
    Arrays.fill(st, newFp + callee.numParams, newFp + callee.numLocals, 0L);
    long[] constants = callee.constants;
    System.arraycopy(constants, 0, st, newFp + callee.numLocals, constants.length);
    func = callee;
    code = callee.code;
    pc = 0;
    fp = newFp;
    memory = callee.instance.memoryBytes();
    return CONTINUE;
  }

  /** Pops the current frame after its results were written to its first cells. */
  int leave() {
    depth--;
    CompiledFunction caller = frameFunc[depth];
    frameFunc[depth] = null;
    if (caller == null) {
      return DONE;
    }
    func = caller;
    code = caller.code;
    pc = frameReturnPc[depth];
    fp = frameFp[depth];
    memory = caller.instance.memoryBytes();
    return CONTINUE;
  }

  private boolean growStack(int needed) {
    if (needed > maxStackCells) {
      return false;
    }
    int n = (int) Math.min(Math.max((long) stack.length * 2, needed), maxStackCells);
    stack = Arrays.copyOf(stack, n);
    return true;
  }
}
