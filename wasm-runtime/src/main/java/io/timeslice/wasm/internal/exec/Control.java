package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.ir.Op;

/**
 * Hand-written handlers of the data-movement and control ops (kinds {@code pc} and {@code frame} in
 * ops.isa). Like the generated ones, {@code pc} handlers take the code, the pc of the op's first
 * word (which they read again: the interpreter loop has it in a register already), the value stack,
 * the frame pointer and the executor, and return the next pc (negative: a trap code). {@code frame}
 * handlers take the executor, the pc and the frame pointer, switch the executor's current function,
 * and return an {@link Executor} status.
 */
final class Control {
  private Control() {}

  static int copy(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + (c[pc] >>> 16)] = st[fp + c[pc + 1]];
    return pc + 2;
  }

  static int copy2(int[] c, int pc, long[] st, int fp, Executor x) {
    int as = c[pc + 1];
    st[fp + (c[pc] >>> 16)] = st[fp + (as & 0xffff)];
    st[fp + (as >>> 16)] = st[fp + c[pc + 2]];
    return pc + 3;
  }

  static int copy4(int[] c, int pc, long[] st, int fp, Executor x) {
    int as = c[pc + 1];
    int bt = c[pc + 2];
    int cu = c[pc + 3];
    st[fp + (c[pc] >>> 16)] = st[fp + (as & 0xffff)];
    st[fp + (as >>> 16)] = st[fp + (bt & 0xffff)];
    st[fp + (bt >>> 16)] = st[fp + (cu & 0xffff)];
    st[fp + (cu >>> 16)] = st[fp + c[pc + 4]];
    return pc + 5;
  }

  static int copySpan(int[] c, int pc, long[] st, int fp, Executor x) {
    int an = c[pc + 1];
    System.arraycopy(st, fp + (an & 0xffff), st, fp + (c[pc] >>> 16), an >>> 16);
    return pc + 2;
  }

  static int const32(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + (c[pc] >>> 16)] = c[pc + 1];
    return pc + 2;
  }

  static int const64(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + (c[pc] >>> 16)] = (c[pc + 1] & 0xffff_ffffL) | (long) c[pc + 2] << 32;
    return pc + 3;
  }

  static int select(int[] c, int pc, long[] st, int fp, Executor x) {
    int ab = c[pc + 1];
    st[fp + (c[pc] >>> 16)] =
        (int) st[fp + c[pc + 2]] != 0 ? st[fp + (ab & 0xffff)] : st[fp + (ab >>> 16)];
    return pc + 3;
  }

  static int selectI32Eq(int[] c, int pc, long[] st, int fp, Executor x) {
    int xy = c[pc + 2];
    return choose(c, pc, st, fp, (int) st[fp + (xy & 0xffff)] == (int) st[fp + (xy >>> 16)]);
  }

  static int selectI32LtS(int[] c, int pc, long[] st, int fp, Executor x) {
    int xy = c[pc + 2];
    return choose(c, pc, st, fp, (int) st[fp + (xy & 0xffff)] < (int) st[fp + (xy >>> 16)]);
  }

  static int selectI32LtU(int[] c, int pc, long[] st, int fp, Executor x) {
    int xy = c[pc + 2];
    int a = (int) st[fp + (xy & 0xffff)];
    return choose(c, pc, st, fp, Integer.compareUnsigned(a, (int) st[fp + (xy >>> 16)]) < 0);
  }

  /** The end of the fused selects: r = a when the comparison holds, else b. */
  private static int choose(int[] c, int pc, long[] st, int fp, boolean holds) {
    int ab = c[pc + 1];
    st[fp + (c[pc] >>> 16)] = holds ? st[fp + (ab & 0xffff)] : st[fp + (ab >>> 16)];
    return pc + 3;
  }

  /**
   * A taken branch by {@code offset}. When its target is a block's charge ({@code consume_fuel}),
   * the branch pays it and lands after it, saving the charge a dispatch; a backward branch without
   * one (fuel off) takes a pending interrupt, since every loop iteration ends in one. A charge that
   * cannot be paid, or an interrupt, suspends the call at the target, where resuming goes on: the
   * charge then runs as if reached normally, and the branch itself is not repeated (a fused
   * add-and-branch must not add twice).
   */
  static int jump(int[] c, int pc, int offset, int fp, Executor x) {
    int target = pc + offset;
    if ((c[target] & 0xffff) == Op.CONSUME_FUEL) {
      if (pay(x, fp, c[target + 1])) {
        return target + 2;
      }
    } else if (offset > 0 || !x.backEdge(fp)) {
      return target;
    }
    x.suspendPc = target;
    return -Executor.SUSPEND_AT_TARGET_CODE;
  }

  static int br(int[] c, int pc, long[] st, int fp, Executor x) {
    return jump(c, pc, c[pc + 1], fp, x);
  }

  static int brNez(int[] c, int pc, long[] st, int fp, Executor x) {
    return (int) st[fp + (c[pc] >>> 16)] != 0 ? jump(c, pc, c[pc + 1], fp, x) : pc + 2;
  }

  static int brEqz(int[] c, int pc, long[] st, int fp, Executor x) {
    return (int) st[fp + (c[pc] >>> 16)] == 0 ? jump(c, pc, c[pc + 1], fp, x) : pc + 2;
  }

  static int brTable(int[] c, int pc, long[] st, int fp, Executor x) {
    int n = c[pc + 1];
    int index = (int) st[fp + (c[pc] >>> 16)];
    // The index is unsigned: anything at or beyond n takes the default, the last entry.
    return jump(c, pc, c[pc + 2 + (Integer.compareUnsigned(index, n) < 0 ? index : n)], fp, x);
  }

  static int globalGet(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + (c[pc] >>> 16)] = x.func.instance.globals[c[pc + 1]].value;
    return pc + 2;
  }

  static int globalSet(int[] c, int pc, long[] st, int fp, Executor x) {
    x.func.instance.globals[c[pc + 1]].value = st[fp + (c[pc] >>> 16)];
    return pc + 2;
  }

  /**
   * A wide local (docs/ir.md): its cell, at a negative offset from the frame pointer, to slot r.
   */
  static int localGetWide(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + (c[pc] >>> 16)] = st[fp + c[pc + 1]];
    return pc + 2;
  }

  static int localSetWide(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + c[pc + 1]] = st[fp + (c[pc] >>> 16)];
    return pc + 2;
  }

  static int localGetWideV128(int[] c, int pc, long[] st, int fp, Executor x) {
    int r = fp + (c[pc] >>> 16);
    int a = fp + c[pc + 1];
    st[r] = st[a];
    st[r + 1] = st[a + 1];
    return pc + 2;
  }

  static int localSetWideV128(int[] c, int pc, long[] st, int fp, Executor x) {
    int r = fp + c[pc + 1];
    int a = fp + (c[pc] >>> 16);
    st[r] = st[a];
    st[r + 1] = st[a + 1];
    return pc + 2;
  }

  static int memorySize(int[] c, int pc, long[] st, int fp, Executor x) {
    int index = c[pc + 1];
    byte[] mem = index == 0 ? x.memory : x.func.instance.memories[index].bytes;
    st[fp + (c[pc] >>> 16)] = mem.length / LinearMemory.PAGE_SIZE;
    return pc + 2;
  }

  /** Runs the access after this op on memory {@code x}; returns what it returns. */
  static int memorySelect(int[] c, int pc, long[] st, int fp, Executor x) {
    byte[] mem = x.func.instance.memories[c[pc + 1]].bytes;
    return Dispatch.memory(c, pc + 2, st, fp, mem);
  }

  /**
   * A memory64 address: slot a plus the 64-bit offset, unsigned and without wrapping, into slot r
   * as a 32-bit address. A sum of 2^32 or more, or one that overflows 64 bits, is beyond any memory
   * (a {@code byte[]} holds less than 2^31 bytes): a trap, as the access would be.
   */
  static int address64(int[] c, int pc, long[] st, int fp, Executor x) {
    long a = st[fp + c[pc + 1]];
    long offset = (c[pc + 2] & 0xffff_ffffL) | (long) c[pc + 3] << 32;
    long ea = a + offset;
    if (Long.compareUnsigned(ea, a) < 0 || Long.compareUnsigned(ea, 0xffff_ffffL) > 0) {
      return -TrapCode.MEMORY_OUT_OF_BOUNDS.number();
    }
    st[fp + (c[pc] >>> 16)] = ea;
    return pc + 4;
  }

  static int trap(int[] c, int pc, long[] st, int fp, Executor x) {
    return -(c[pc] >>> 16);
  }

  static int consumeFuel(int[] c, int pc, long[] st, int fp, Executor x) {
    return pay(x, fp, c[pc + 1]) ? pc + 2 : -Executor.SUSPEND_CODE;
  }

  static int consumeFuelDyn(int[] c, int pc, long[] st, int fp, Executor x) {
    long count = st[fp + (c[pc] >>> 16)] & 0xffff_ffffL;
    return pay(x, fp, FuelCosts.surcharge(c[pc + 1], count)) ? pc + 2 : -Executor.SUSPEND_CODE;
  }

  /**
   * Deducts {@code amount}, or suspends (also on a pending interrupt): all or nothing, so nothing
   * is deducted and resuming retries the same charge. Below the executor's fuel mark (0 unless
   * functions are tiered) the slow path also samples where time goes.
   */
  static boolean pay(Executor x, int fp, long amount) {
    if (x.takeInterrupt(fp)) {
      return false;
    }
    long rest = x.fuel - amount;
    if (rest < x.fuelMark) {
      return x.payBelowMark(fp, amount);
    }
    x.fuel = rest;
    return true;
  }

  static int checkInterrupt(int[] c, int pc, long[] st, int fp, Executor x) {
    return x.takeInterrupt(fp) ? -Executor.SUSPEND_CODE : pc + 1;
  }

  static int memoryGrow(Executor x, int pc, int fp) {
    int[] c = x.func.code;
    long[] st = x.stack;
    LinearMemory memory = x.func.instance.memory;
    st[fp + (c[pc] >>> 16)] = memory.grow((int) st[fp + c[pc + 1]]);
    x.memory = memory.bytes;
    x.pc = pc + 2;
    x.fp = fp;
    return Executor.CONTINUE;
  }

  static int call(Executor x, int pc, int fp) {
    int[] c = x.func.code;
    x.pc = pc;
    x.fp = fp;
    return x.enter(x.func.instance.functions[c[pc + 1]], fp + (c[pc] >>> 16), pc + 2);
  }

  static int callIndirect(Executor x, int pc, int fp) {
    x.pc = pc;
    x.fp = fp;
    CompiledFunction callee = indirectCallee(x, pc, fp);
    return callee == null
        ? Executor.TRAPPED
        : x.enter(callee, fp + (x.func.code[pc] >>> 16), pc + 3);
  }

  /**
   * The function a {@code call_indirect} or {@code return_call_indirect} at {@code pc} calls, or
   * null after recording its trap (undefined or uninitialized element, type mismatch).
   */
  private static CompiledFunction indirectCallee(Executor x, int pc, int fp) {
    int[] c = x.func.code;
    int at = c[pc + 1];
    TableInstance table = x.func.instance.tables[at >>> 16];
    int index = (int) x.stack[fp + (at & 0xffff)];
    int trap;
    if (Integer.compareUnsigned(index, table.elements.length) >= 0) {
      trap = TrapCode.UNDEFINED_ELEMENT.number();
    } else if (!(table.elements[index] instanceof CompiledFunction callee)) {
      trap = TrapCode.UNINITIALIZED_ELEMENT.number();
    } else {
      if (callee.hasType(x.func.instance, c[pc + 2])) {
        return callee;
      }
      trap = TrapCode.INDIRECT_CALL_TYPE_MISMATCH.number();
    }
    x.trap(trap, pc);
    return null;
  }

  static int returnCall(Executor x, int pc, int fp) {
    int[] c = x.func.code;
    x.pc = pc;
    x.fp = fp;
    return x.tailEnter(x.func.instance.functions[c[pc + 1]], fp + (c[pc] >>> 16), pc + 2);
  }

  static int callRef(Executor x, int pc, int fp) {
    x.pc = pc;
    x.fp = fp;
    CompiledFunction callee = referencedCallee(x, pc, fp);
    return callee == null
        ? Executor.TRAPPED
        : x.enter(callee, fp + (x.func.code[pc] >>> 16), pc + 2);
  }

  static int returnCallRef(Executor x, int pc, int fp) {
    x.pc = pc;
    x.fp = fp;
    CompiledFunction callee = referencedCallee(x, pc, fp);
    return callee == null
        ? Executor.TRAPPED
        : x.tailEnter(callee, fp + (x.func.code[pc] >>> 16), pc + 2);
  }

  /**
   * The function a {@code call_ref} or {@code return_call_ref} at {@code pc} calls, or null after
   * recording the trap of a null reference; validation proved its type.
   */
  private static CompiledFunction referencedCallee(Executor x, int pc, int fp) {
    CompiledFunction callee = x.func.instance.refs.function(x.stack[fp + x.func.code[pc + 1]]);
    if (callee == null) {
      x.trap(TrapCode.NULL_FUNCTION_REFERENCE.number(), pc);
    }
    return callee;
  }

  /** {@code ref.as_non_null}: the reference unchanged, or the trap "null reference". */
  static int refAsNonNull(int[] c, int pc, long[] st, int fp, Executor x) {
    long ref = st[fp + c[pc + 1]];
    if (ref == 0) {
      return -TrapCode.NULL_REFERENCE.number();
    }
    st[fp + (c[pc] >>> 16)] = ref;
    return pc + 2;
  }

  static int returnCallIndirect(Executor x, int pc, int fp) {
    x.pc = pc;
    x.fp = fp;
    CompiledFunction callee = indirectCallee(x, pc, fp);
    return callee == null
        ? Executor.TRAPPED
        : x.tailEnter(callee, fp + (x.func.code[pc] >>> 16), pc + 3);
  }

  /** The try table is data after the code: running it is an engine bug. */
  static int handlers(int[] c, int pc, long[] st, int fp, Executor x) {
    return -TrapCode.INVALID_IR.number();
  }

  static int throwOp(Executor x, int pc, int fp) {
    int[] c = x.func.code;
    TagInstance tag = x.func.instance.tags[c[pc + 1]];
    int from = fp + (c[pc] >>> 16);
    long[] payload = java.util.Arrays.copyOfRange(x.stack, from, from + tag.type().paramCells());
    return x.throwException(new Thrown(tag, payload), pc, fp);
  }

  /** {@code rethrow} and {@code throw_ref}: a null reference is only possible for the latter. */
  static int rethrow(Executor x, int pc, int fp) {
    long id = x.stack[fp + (x.func.code[pc] >>> 16)];
    if (id == 0) {
      x.pc = pc;
      x.fp = fp;
      return x.trap(TrapCode.NULL_EXCEPTION_REFERENCE.number(), pc);
    }
    return x.throwException((Thrown) x.func.instance.refs.object(id), pc, fp);
  }

  static int returnOp(Executor x, int pc, int fp) {
    return x.leave();
  }

  static int returnSpan(Executor x, int pc, int fp) {
    CompiledFunction f = x.func;
    int[] c = f.code;
    int an = c[pc + 1];
    long[] st = x.stack;
    // The results go to the frame's first cells, below the frame pointer when it has wide locals.
    int to = fp - f.fpShift + (c[pc] >>> 16);
    if (an >>> 16 == 1) {
      st[to] = st[fp + (an & 0xffff)]; // the common single result: no arraycopy
    } else {
      System.arraycopy(st, fp + (an & 0xffff), st, to, an >>> 16);
    }
    return x.leave();
  }
}
