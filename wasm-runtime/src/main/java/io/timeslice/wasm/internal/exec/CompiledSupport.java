package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * What the compiled tier ({@code internal.jit}) needs of the interpreter's internals: frames in the
 * interpreter's form, {@code call_indirect}'s checks, and the handlers of the ops it does not
 * compile. Kept apart so that the interpreter's own classes stay package-private.
 */
public final class CompiledSupport {
  private CompiledSupport() {}

  /** Writes {@code f}'s constant pool into its frame's cells at {@code fp}. */
  public static void writeConstants(Executor x, CompiledFunction f, int fp) {
    int at = fp + f.numLocals;
    long[] cells = x.cells(at + f.constants.length);
    System.arraycopy(f.constants, 0, cells, at, f.constants.length);
  }

  /**
   * Writes the cells of {@code f}'s frame that its compiled code put in the spill buffer, those
   * below {@code limit}, to the value stack at {@code fp}; the constant pool with them.
   */
  public static void writeSpilledCells(Executor x, CompiledFunction f, int fp, int limit) {
    long[] cells = x.cells(fp + limit);
    System.arraycopy(x.spillBuffer(f.frameSize), 0, cells, fp, Math.min(limit, f.numLocals));
    int tail = f.numLocals + f.constants.length;
    if (limit > tail) {
      System.arraycopy(x.spillBuffer(f.frameSize), tail, cells, fp + tail, limit - tail);
    }
    writeConstants(x, f, fp);
  }

  /**
   * Makes the frame at {@code fp}, whose arguments are in place, what {@link Executor#enter} makes
   * of it: the other locals zeroed, the constant pool copied in.
   */
  public static void prepareFrame(Executor x, CompiledFunction f, int fp) {
    long[] cells = x.cells(fp + f.frameSize);
    for (int i = fp + f.numParams; i < fp + f.numLocals; i++) {
      cells[i] = 0L;
    }
    writeConstants(x, f, fp);
  }

  /**
   * The function table {@code table} holds at {@code index} if it has type {@code type} of {@code
   * inst}; null when {@code call_indirect} traps ({@link #indirectTrapCode} says how).
   */
  public static CompiledFunction indirectCallee(
      InstanceContext inst, int table, int index, int type) {
    Object[] elements = inst.tables[table].elements;
    if (Integer.compareUnsigned(index, elements.length) >= 0
        || !(elements[index] instanceof CompiledFunction callee)) {
      return null;
    }
    return callee.hasType(inst, type) ? callee : null;
  }

  /** The trap of a {@code call_indirect} for which {@link #indirectCallee} found nothing. */
  public static int indirectTrapCode(InstanceContext inst, int table, int index, int type) {
    Object[] elements = inst.tables[table].elements;
    if (Integer.compareUnsigned(index, elements.length) >= 0) {
      return TrapCode.UNDEFINED_ELEMENT.number();
    }
    if (!(elements[index] instanceof CompiledFunction)) {
      return TrapCode.UNINITIALIZED_ELEMENT.number();
    }
    return TrapCode.INDIRECT_CALL_TYPE_MISMATCH.number();
  }

  /**
   * Runs the cold op at {@code pc} of {@code f} with its interpreter handler on the frame at {@code
   * fp}, whose input cells compiled code has written; returns 0, or the op's trap code.
   */
  public static int runColdOp(Executor x, CompiledFunction f, int fp, int pc) {
    CompiledFunction saved = x.func;
    x.func = f;
    x.memory = f.instance.memoryBytes();
    try {
      int next = Dispatch.cold(f.code, pc, x.cells(fp + f.frameSize), fp, x.memory, x);
      return next < 0 ? -next : 0;
    } finally {
      x.func = saved;
    }
  }
}
