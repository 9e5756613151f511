package io.timeslice.wasm.internal.jit;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.CompiledSupport;
import io.timeslice.wasm.internal.exec.CompiledTrap;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.FunctionTier;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.JitCode;
import java.lang.invoke.MethodHandle;

/**
 * The rare paths of compiled code, called from the generated classes: traps, suspensions, calls the
 * code cannot make directly, and the ops it leaves to the interpreter's handlers. Public because
 * the generated classes are hidden classes of this package's loader, but not nestmates.
 */
public final class JitRuntime {
  private JitRuntime() {}

  /** The trap {@code code} (a {@link TrapCode} number) at IR pc {@code pc} (-1: unknown). */
  public static CompiledTrap trap(InstanceContext inst, int func, int code, int pc) {
    return new CompiledTrap(code, inst.functions[func], pc);
  }

  /** An out-of-bounds memory access at an unknown pc of function {@code func}. */
  public static CompiledTrap outOfBounds(InstanceContext inst, int func) {
    return trap(inst, func, TrapCode.MEMORY_OUT_OF_BOUNDS.number(), -1);
  }

  /** A call that would pass the call depth or value stack limit: the interpreter's trap. */
  public static CompiledTrap stackExhausted(InstanceContext inst, int func) {
    return trap(inst, func, TrapCode.CALL_STACK_EXHAUSTED.number(), 0);
  }

  /**
   * Records a compiled frame of function {@code func} that has written its cells to the executor's
   * spill buffer: those below {@code limit} go to the value stack at {@code fp}, with the constant
   * pool. It is suspended at its own pc {@code site} (&ge; 0), or, for {@code ~site} (&lt; 0), in a
   * call that returns to pc {@code ~site}.
   */
  public static void suspend(
      Executor x, InstanceContext inst, int func, int fp, int level, int site, int limit) {
    CompiledFunction self = inst.functions[func];
    CompiledSupport.writeSpilledCells(x, self, fp, limit);
    if (site >= 0) {
      x.suspendedAt(self, site, fp, level);
    } else {
      x.suspendedInCall(self, ~site, fp, level);
    }
  }

  /**
   * The spill buffer of a region method of a function of {@code frameSize} cells suspending: filled
   * with the frame's cells on the value stack at {@code fp}, over which the region writes the cells
   * it holds.
   */
  public static long[] regionSpillBuffer(Executor x, int fp, int frameSize) {
    long[] buffer = x.spillBuffer(frameSize);
    System.arraycopy(x.cells(fp + frameSize), fp, buffer, 0, frameSize);
    return buffer;
  }

  /**
   * Makes the frame of split function {@code func} at {@code fp}, its arguments in its first cells,
   * what the interpreter's entry makes of it, for its region methods to load their cells from.
   */
  public static void prepareFrame(Executor x, InstanceContext inst, int func, int fp) {
    CompiledSupport.prepareFrame(x, inst.functions[func], fp);
  }

  /**
   * The entry of function {@code func} cannot be paid ({@code charge}, 0 with metering off) or an
   * interrupt is pending: its frame (arguments already in the cells) suspends at pc 0, prepared as
   * the interpreter prepares a frame it enters.
   */
  public static void suspendAtEntry(
      Executor x, InstanceContext inst, int func, int fp, int level, long charge) {
    if (x.interruptPending()) {
      x.compiledInterrupted();
    } else {
      x.compiledOutOfFuel(charge);
    }
    CompiledFunction self = inst.functions[func];
    CompiledSupport.prepareFrame(x, self, fp);
    x.suspendedAt(self, 0, fp, level);
  }

  /**
   * Calls function {@code func} of {@code inst} for function {@code caller} through the
   * interpreter, its arguments already in the cells from {@code fp}: an import, a host function, a
   * function not compiled, or a compiled one with no Java stack budget left.
   */
  public static long callInterpreted(
      Executor x, InstanceContext inst, int caller, int func, int fp, int level, int budget) {
    return x.callFromCompiled(inst.functions[caller], inst.functions[func], fp, level, budget);
  }

  /**
   * {@link #callInterpreted} with the arguments given: the first target of a call site whose callee
   * is not compiled yet (bound to the callee's index and collected by a method handle adapter).
   */
  public static long callInterpretedArgs(
      Executor x, InstanceContext inst, int fp, int level, int budget, int func, long[] args) {
    long[] cells = x.cells(fp + args.length);
    System.arraycopy(args, 0, cells, fp, args.length);
    // A defined function, never a host function: the caller only matters to host functions.
    CompiledFunction callee = inst.functions[func];
    return x.callFromCompiled(callee, callee, fp, level, budget);
  }

  /** The checked entry of {@code callee}'s compiled code, or null when it has none. */
  public static MethodHandle entryOf(CompiledFunction callee) {
    FunctionTier t = callee.tier();
    JitCode c = t == null ? null : t.code();
    return c == null ? null : c.entry;
  }

  /**
   * The function {@code call_indirect} at pc {@code pc} of function {@code func} calls: table
   * {@code table} at {@code index}, which must have type {@code type}.
   */
  public static CompiledFunction indirect(
      InstanceContext inst, int func, int table, long index, int type, int pc) {
    CompiledFunction callee = CompiledSupport.indirectCallee(inst, table, (int) index, type);
    if (callee == null) {
      throw trap(inst, func, CompiledSupport.indirectTrapCode(inst, table, (int) index, type), pc);
    }
    return callee;
  }

  /**
   * Runs the op at pc {@code pc} of function {@code func} with the interpreter's handler, its
   * inputs already in the cells from {@code fp} (its result goes there too): table, reference and
   * bulk memory ops.
   */
  public static void interpretOp(Executor x, InstanceContext inst, int func, int fp, int pc) {
    int code = CompiledSupport.runColdOp(x, inst.functions[func], fp, pc);
    if (code != 0) {
      throw trap(inst, func, code, pc);
    }
  }

  /** {@code memory.grow} of memory 0 by {@code delta} pages: the old size, or -1. */
  public static int memoryGrow(InstanceContext inst, int delta) {
    return inst.memory.grow(delta);
  }

  /** The resume method was entered at a pc that is not a resume pc: a compiler bug. */
  public static IllegalStateException badResumePc(int pc) {
    return new IllegalStateException("compiled code cannot resume at IR pc " + pc);
  }

  // Writes of a compiled frame's cells, several per call to keep the spill code small.

  public static void put1(long[] cells, int at, long a) {
    cells[at] = a;
  }

  public static void put2(long[] cells, int at, long a, long b) {
    cells[at] = a;
    cells[at + 1] = b;
  }

  public static void put4(long[] cells, int at, long a, long b, long c, long d) {
    cells[at] = a;
    cells[at + 1] = b;
    cells[at + 2] = c;
    cells[at + 3] = d;
  }

  public static void put8(
      long[] cells, int at, long a, long b, long c, long d, long e, long f, long g, long h) {
    cells[at] = a;
    cells[at + 1] = b;
    cells[at + 2] = c;
    cells[at + 3] = d;
    cells[at + 4] = e;
    cells[at + 5] = f;
    cells[at + 6] = g;
    cells[at + 7] = h;
  }
}
