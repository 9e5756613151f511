package io.timeslice.wasm.internal.exec;

import static io.timeslice.wasm.ValType.I32;
import static io.timeslice.wasm.ValType.I64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter on hand-assembled IR: calls, branches, memory, traps and the stack limits. */
class InterpreterTest {
  private static final FuncType I32_TO_I64 = new FuncType(List.of(I32), List.of(I64));
  private static final FuncType I32_TO_I32 = new FuncType(List.of(I32), List.of(I32));
  private static final FuncType I32_I32_TO_I32 = new FuncType(List.of(I32, I32), List.of(I32));
  private static final FuncType I32_I32_TO_I64 = new FuncType(List.of(I32, I32), List.of(I64));
  private static final FuncType I32_TO_I32_I32 = new FuncType(List.of(I32), List.of(I32, I32));
  private static final FuncType I64_TO_I64 = new FuncType(List.of(I64), List.of(I64));

  /** The instances' type section: call_indirect names a type by its index here. */
  private static final FuncType[] TYPES = {I32_TO_I64, I32_TO_I32};

  /** fib(n: i32) -> i64, recursively: two calls whose frames start at the caller's temps. */
  private static CompiledFunction fib() {
    IrWriter w = new IrWriter();
    int toBase = w.aij(Op.BR_I32_LT_S_IMM, 0, 2, 0);
    w.rai(Op.I32_SUB_IMM, 1, 0, 1);
    w.rx(Op.CALL, 1, 0);
    w.rai(Op.I32_SUB_IMM, 2, 0, 2);
    w.rx(Op.CALL, 2, 0);
    w.rab(Op.I64_ADD, 1, 1, 2);
    w.rn(Op.RETURN_SPAN, 0, 1, 1);
    w.patchJump(toBase, 0, w.position());
    w.ra(Op.I64_EXTEND_I32_S, 1, 0);
    w.rn(Op.RETURN_SPAN, 0, 1, 1);
    return new CompiledFunction("fib", I32_TO_I64, 1, 1, 1, new long[0], 3, w.toArray(), 0);
  }

  private static InstanceContext instance(LinearMemory memory, CompiledFunction... functions) {
    InstanceContext context =
        new InstanceContext(TYPES, functions, new GlobalCell[0], memory, new TableInstance[0]);
    for (CompiledFunction f : functions) {
      f.bind(context);
    }
    return context;
  }

  @Test
  void recursiveCallsReturnThroughOverlappingFrames() {
    CompiledFunction fib = fib();
    instance(null, fib);
    Executor executor = new Executor(1000, 1 << 16);
    assertThat(executor.invoke(fib, 0)).containsExactly(0);
    assertThat(executor.invoke(fib, 1)).containsExactly(1);
    assertThat(executor.invoke(fib, 20)).containsExactly(6765);
    // The executor is reusable after a call.
    assertThat(executor.invoke(fib, 25)).containsExactly(75025);
  }

  @Test
  void deepRecursionIsTheCallStackExhaustedTrapNotAStackOverflowError() {
    CompiledFunction fib = fib();
    instance(null, fib);
    // Depth 10 cannot compute fib(20), whose calls nest 20 deep.
    assertThatThrownBy(() -> new Executor(10, 1 << 16).invoke(fib, 20))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.CALL_STACK_EXHAUSTED))
        .hasMessageStartingWith("call stack exhausted")
        .hasMessageContaining("fib");
    // So can a value stack too small for the frames. Frames overlap their caller's argument cells,
    // so 20 nested calls of fib need only 23 cells; 22 are too few, 23 are enough.
    assertThat(new Executor(1000, 23).invoke(fib, 20)).containsExactly(6765);
    assertThatThrownBy(() -> new Executor(1000, 22).invoke(fib, 20))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.CALL_STACK_EXHAUSTED));
    // A million nested frames fit in the heap, not on the Java stack.
    CompiledFunction deep = countdown();
    instance(null, deep);
    assertThat(new Executor(2_000_000, 1 << 23).invoke(deep, 1_000_000)).containsExactly(0);
  }

  /** countdown(n) = n == 0 ? 0 : countdown(n - 1), a non-tail recursive call. */
  private static CompiledFunction countdown() {
    IrWriter w = new IrWriter();
    int toBase = w.aj(Op.BR_EQZ, 0, 0);
    w.rai(Op.I32_SUB_IMM, 1, 0, 1);
    w.rx(Op.CALL, 1, 0);
    w.rn(Op.RETURN_SPAN, 0, 1, 1);
    w.patchJump(toBase, 0, w.position());
    w.rn(Op.RETURN_SPAN, 0, 0, 1);
    return new CompiledFunction("countdown", I32_TO_I32, 1, 1, 1, new long[0], 2, w.toArray(), 0);
  }

  @Test
  void loopStoresAndLoadsLittleEndianMemory() {
    // sum(n): for i in 0..n: mem32[i*4] = i; then sum all mem32[i*4] with i64 accumulation.
    IrWriter w = new IrWriter();
    // s0 = n, s1 = i, s2 = address, s3 = acc (i64), s4 = loaded value (i64)
    w.ri32(Op.CONST32, 1, 0);
    int fill = w.position();
    int exitFill = w.abj(Op.BR_I32_GE_S, 1, 0, 0);
    w.rai(Op.I32_SHL_IMM, 2, 1, 2);
    w.abo(Op.I32_STORE, 2, 1, 0);
    w.rai(Op.I32_ADD_IMM, 1, 1, 1);
    w.patchJump(w.j(Op.BR, 0), 0, fill);
    w.patchJump(exitFill, 0, w.position());
    w.ri32(Op.CONST32, 1, 0);
    w.ri64(Op.CONST64, 3, 0L);
    int sum = w.position();
    int exitSum = w.abj(Op.BR_I32_GE_S, 1, 0, 0);
    w.rai(Op.I32_SHL_IMM, 2, 1, 2);
    w.rao(Op.I64_LOAD32_U, 4, 2, 0);
    w.rab(Op.I64_ADD, 3, 3, 4);
    w.rai(Op.I32_ADD_IMM, 1, 1, 1);
    w.patchJump(w.j(Op.BR, 0), 0, sum);
    w.patchJump(exitSum, 0, w.position());
    w.rn(Op.RETURN_SPAN, 0, 3, 1);
    CompiledFunction f =
        new CompiledFunction("sum", I32_TO_I64, 1, 1, 1, new long[0], 5, w.toArray(), 0);
    LinearMemory memory = new LinearMemory(1, 1);
    instance(memory, f);

    assertThat(new Executor(10, 1024).invoke(f, 1000)).containsExactly(499_500);
    assertThat(memory.bytes()[4 * 999]).isEqualTo((byte) 0xe7); // 999 = 0x3e7, little-endian
    assertThat(memory.bytes()[4 * 999 + 1]).isEqualTo((byte) 0x03);
    // 16,384 words fill the page exactly; one more is out of bounds.
    assertThat(new Executor(10, 1024).invoke(f, 16_384)).isNotEmpty();
    assertThatThrownBy(() -> new Executor(10, 1024).invoke(f, 16_385))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
  }

  @Test
  void boundsChecksHoldAtEveryOffsetEdge() {
    // load(addr) = i64.load offset=0xfffffff0 at addr; the effective address is 33 bits wide.
    IrWriter w = new IrWriter();
    w.rao(Op.I64_LOAD, 1, 0, 0xffff_fff0);
    w.rn(Op.RETURN_SPAN, 0, 1, 1);
    CompiledFunction f =
        new CompiledFunction("load", I32_TO_I64, 1, 1, 1, new long[0], 2, w.toArray(), 0);
    instance(new LinearMemory(1, 1), f);
    Executor executor = new Executor(10, 1024);
    // addr + 0xfffffff0 wraps in 32 bits to a small address, but Wasm does not wrap.
    for (long addr : new long[] {0x10, 0x20, 0xffff_ffffL}) {
      assertThatThrownBy(() -> executor.invoke(f, addr))
          .isInstanceOfSatisfying(
              Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
    }

    IrWriter v = new IrWriter();
    v.rao(Op.I64_LOAD, 1, 0, 0);
    v.rn(Op.RETURN_SPAN, 0, 1, 1);
    CompiledFunction g =
        new CompiledFunction("load0", I32_TO_I64, 1, 1, 1, new long[0], 2, v.toArray(), 0);
    instance(new LinearMemory(1, 1), g);
    assertThat(executor.invoke(g, 65_536 - 8)).containsExactly(0);
    for (long addr : new long[] {65_536 - 7, 65_536, -1L}) {
      assertThatThrownBy(() -> executor.invoke(g, addr)).isInstanceOf(Trap.class);
    }
  }

  @Test
  void trappingArithmeticReportsItsCode() {
    IrWriter w = new IrWriter();
    w.rab(Op.I32_DIV_S, 2, 0, 1);
    w.rn(Op.RETURN_SPAN, 0, 2, 1);
    CompiledFunction div =
        new CompiledFunction("div", I32_I32_TO_I32, 2, 2, 1, new long[0], 3, w.toArray(), 0);
    instance(null, div);
    Executor executor = new Executor(10, 1024);
    assertThat(executor.invoke(div, -7, 2)).containsExactly(-3);
    assertThatThrownBy(() -> executor.invoke(div, 1, 0))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.INTEGER_DIVIDE_BY_ZERO))
        .hasMessage("integer divide by zero (in function div at IR pc 0)");
    assertThatThrownBy(() -> executor.invoke(div, Integer.MIN_VALUE, -1))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.INTEGER_OVERFLOW));
  }

  @Test
  void indirectCallsCheckTheTableAndTheType() {
    CompiledFunction fib = fib();
    CompiledFunction countdown = countdown();
    // dispatch(i, n) = call_indirect (type i32 -> i64) table 0 [i] (n)
    IrWriter w = new IrWriter();
    w.ra(Op.COPY, 2, 1);
    w.calli(Op.CALL_INDIRECT, 2, 0, 0, 0); // TYPES[0] is i32 -> i64
    w.rn(Op.RETURN_SPAN, 0, 2, 1);
    CompiledFunction dispatch =
        new CompiledFunction("dispatch", I32_I32_TO_I64, 2, 2, 1, new long[0], 3, w.toArray(), 0);
    TableInstance table = new TableInstance(3);
    table.set(0, fib);
    table.set(1, countdown);
    InstanceContext context =
        new InstanceContext(
            TYPES,
            new CompiledFunction[] {fib, dispatch, countdown},
            new GlobalCell[0],
            null,
            new TableInstance[] {table});
    fib.bind(context);
    dispatch.bind(context);
    countdown.bind(context);

    Executor executor = new Executor(100, 4096);
    assertThat(executor.invoke(dispatch, 0, 10)).containsExactly(55);
    assertThat(trapOf(executor, dispatch, 1)).isEqualTo(TrapCode.INDIRECT_CALL_TYPE_MISMATCH);
    assertThat(trapOf(executor, dispatch, 2)).isEqualTo(TrapCode.UNINITIALIZED_ELEMENT);
    assertThat(trapOf(executor, dispatch, 3)).isEqualTo(TrapCode.UNDEFINED_ELEMENT);
    assertThat(trapOf(executor, dispatch, -1)).isEqualTo(TrapCode.UNDEFINED_ELEMENT);
  }

  private static TrapCode trapOf(Executor executor, CompiledFunction f, long index) {
    try {
      executor.invoke(f, index, 5);
    } catch (Trap t) {
      return t.code();
    }
    throw new AssertionError("no trap");
  }

  @Test
  void branchTableClampsUnsignedIndicesToTheDefault() {
    // pick(i) = [10, 20, 30][i] with default 99
    IrWriter w = new IrWriter();
    int table = w.brt(Op.BR_TABLE, 0, new int[4]);
    int[] values = {10, 20, 30, 99};
    for (int i = 0; i < values.length; i++) {
      w.patchJump(table, i, w.position());
      w.ri32(Op.CONST32, 1, values[i]);
      w.rn(Op.RETURN_SPAN, 0, 1, 1);
    }
    CompiledFunction pick =
        new CompiledFunction("pick", I32_TO_I32, 1, 1, 1, new long[0], 2, w.toArray(), 0);
    instance(null, pick);
    Executor executor = new Executor(10, 64);
    assertThat(executor.invoke(pick, 0)).containsExactly(10);
    assertThat(executor.invoke(pick, 2)).containsExactly(30);
    assertThat(executor.invoke(pick, 3)).containsExactly(99);
    assertThat(executor.invoke(pick, -1)).containsExactly(99);
  }

  @Test
  void memoryGrowsWithinItsMaximumOnly() {
    // grow(delta) = memory.grow(delta), then memory.size
    IrWriter w = new IrWriter();
    w.ra(Op.MEMORY_GROW, 1, 0);
    w.rx(Op.MEMORY_SIZE, 2, 0);
    w.rn(Op.RETURN_SPAN, 0, 1, 2);
    CompiledFunction grow =
        new CompiledFunction("grow", I32_TO_I32_I32, 1, 1, 2, new long[0], 3, w.toArray(), 0);
    instance(new LinearMemory(1, 3), grow);
    Executor executor = new Executor(10, 64);
    assertThat(executor.invoke(grow, 1)).containsExactly(1, 2);
    assertThat(executor.invoke(grow, 2)).containsExactly(-1, 2);
    assertThat(executor.invoke(grow, -1)).containsExactly(-1, 2);
    assertThat(executor.invoke(grow, 1)).containsExactly(2, 3);
  }

  @Test
  void constantsAreCopiedIntoTheFrameOnEntry() {
    // f(x) = x * 1_000_000_007: frame [x | the pool's constant | a temporary]
    IrWriter w = new IrWriter();
    w.rab(Op.I64_MUL, 2, 0, 1);
    w.rn(Op.RETURN_SPAN, 0, 2, 1);
    CompiledFunction f =
        new CompiledFunction(
            "mul", I64_TO_I64, 1, 1, 1, new long[] {1_000_000_007L}, 3, w.toArray(), 0);
    instance(null, f);
    assertThat(new Executor(10, 64).invoke(f, 3)).containsExactly(3_000_000_021L);
  }
}
