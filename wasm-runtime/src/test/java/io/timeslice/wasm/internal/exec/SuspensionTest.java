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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fuel charges, interruption and host yields suspend a call that resumes where it stopped. */
class SuspensionTest {
  private static final FuncType I32_TO_I32 = new FuncType(List.of(I32), List.of(I32));
  private static final FuncType NOTHING = new FuncType(List.of(), List.of());
  private static final int ENTRY_FUEL = 3;
  private static final int LOOP_FUEL = 5;
  private static final int EXIT_FUEL = 1;

  /** sum(n) = 0 + 1 + … + (n-1) as i64, with a fuel charge at entry, loop header and exit. */
  private static CompiledFunction meteredSum() {
    IrWriter w = new IrWriter();
    w.i(Op.CONSUME_FUEL, ENTRY_FUEL);
    w.ri32(Op.CONST32, 1, 0);
    w.ri32(Op.CONST32, 2, 0);
    int loop = w.i(Op.CONSUME_FUEL, LOOP_FUEL);
    int exit = w.abj(Op.BR_I32_GE_S, 1, 0, 0);
    w.ra(Op.I64_EXTEND_I32_S, 3, 1);
    w.rab(Op.I64_ADD, 2, 2, 3);
    w.rai(Op.I32_ADD_IMM, 1, 1, 1);
    w.patchJump(w.j(Op.BR, 0), 0, loop);
    w.patchJump(exit, 0, w.position());
    w.i(Op.CONSUME_FUEL, EXIT_FUEL);
    w.rn(Op.RETURN_SPAN, 0, 2, 1);
    CompiledFunction f =
        new CompiledFunction(
            "sum",
            new FuncType(List.of(I32), List.of(I64)),
            1,
            1,
            1,
            new long[0],
            4,
            w.toArray(),
            0);
    f.bind(
        new InstanceContext(
            new FuncType[0], new CompiledFunction[] {f}, new GlobalCell[0], null, null));
    return f;
  }

  private static long fuelOf(int n) {
    return ENTRY_FUEL + (long) LOOP_FUEL * (n + 1) + EXIT_FUEL;
  }

  @Test
  void runsToCompletionWithExactlyEnoughFuel() {
    Executor x = new Executor(10, 64);
    x.setFuel(fuelOf(100));
    assertThat(x.invoke(meteredSum(), 100)).containsExactly(4950);
    assertThat(x.fuel()).isZero();
  }

  @Test
  void outOfFuelIsAllOrNothingAndResumable() {
    Executor x = new Executor(10, 64);
    x.setFuel(ENTRY_FUEL + LOOP_FUEL + 2);
    assertThat(x.start(meteredSum(), 100)).isEqualTo(Executor.SUSPENDED);
    assertThat(x.suspension()).isEqualTo(Executor.Suspension.OUT_OF_FUEL);
    assertThat(x.requiredFuel()).isEqualTo(LOOP_FUEL);
    // The second loop block needs 5 and 2 were left: nothing was deducted.
    assertThat(x.fuel()).isEqualTo(2);
    x.setFuel(1_000_000);
    assertThat(x.resume()).isEqualTo(Executor.DONE);
    assertThat(x.results()).containsExactly(4950);
    assertThat(x.fuel()).isEqualTo(1_000_000 - (fuelOf(100) - ENTRY_FUEL - LOOP_FUEL));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 1_000, 1_000_000})
  void slicedRunsGiveTheSameResultsAndFuelAsOneRun(int slice) {
    Executor x = new Executor(10, 64);
    long granted = slice;
    int slices = 1;
    x.setFuel(slice);
    int status = x.start(meteredSum(), 1000);
    while (status == Executor.SUSPENDED) {
      assertThat(x.suspension()).isEqualTo(Executor.Suspension.OUT_OF_FUEL);
      // A grant always covers the block that is waiting, so every slice makes progress.
      long grant = Math.max(slice, x.requiredFuel());
      x.setFuel(x.fuel() + grant);
      granted += grant;
      slices++;
      status = x.resume();
    }
    assertThat(x.results()).containsExactly(499_500);
    assertThat(granted - x.fuel()).isEqualTo(fuelOf(1000));
    assertThat(slices).isGreaterThanOrEqualTo((int) (fuelOf(1000) / Math.max(slice, LOOP_FUEL)));
  }

  @Test
  void nonResumableCallTrapsWhenFuelRunsOut() {
    Executor x = new Executor(10, 64);
    x.setFuel(10);
    assertThatThrownBy(() -> x.invoke(meteredSum(), 100))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.OUT_OF_FUEL));
    // The executor is usable again afterwards.
    x.setFuel(fuelOf(3));
    assertThat(x.invoke(meteredSum(), 3)).containsExactly(3);
  }

  /** spin() loops forever, checking for interruption at its loop header. */
  private static CompiledFunction spin() {
    IrWriter w = new IrWriter();
    int loop = w.n(Op.CHECK_INTERRUPT);
    w.rai(Op.I32_ADD_IMM, 0, 0, 1);
    w.patchJump(w.j(Op.BR, 0), 0, loop);
    CompiledFunction f =
        new CompiledFunction(
            "spin", new FuncType(List.of(), List.of()), 0, 1, 0, new long[0], 1, w.toArray(), 0);
    f.bind(
        new InstanceContext(
            new FuncType[0], new CompiledFunction[] {f}, new GlobalCell[0], null, null));
    return f;
  }

  @Test
  void anotherThreadInterruptsAnInfiniteLoopWhichResumesElsewhere() throws Exception {
    Executor x = new Executor(10, 64);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Integer> run =
          CompletableFuture.supplyAsync(() -> x.start(spin()), threads);
      x.interrupt();
      assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Executor.SUSPENDED);
      assertThat(x.suspension()).isEqualTo(Executor.Suspension.INTERRUPTED);
      long counted = x.stack[0];

      // Resumed on another thread, it goes on counting from where it stopped.
      CompletableFuture<Integer> again = CompletableFuture.supplyAsync(x::resume, threads);
      x.interrupt();
      assertThat(again.get(30, TimeUnit.SECONDS)).isEqualTo(Executor.SUSPENDED);
      assertThat((int) x.stack[0]).isGreaterThanOrEqualTo((int) counted);
      x.abandon();
      assertThat(x.suspension()).isEqualTo(Executor.Suspension.NONE);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void hostFunctionsReturnOrYieldTheirResults() {
    // host double(x) = 2x, or a yield when x is negative; wasm f(x) = double(x) + 1
    CompiledFunction twice =
        CompiledFunction.host(
            "double",
            I32_TO_I32,
            (executor, stack, base) -> {
              if ((int) stack[base] < 0) {
                return HostCode.YIELD;
              }
              stack[base] = 2L * (int) stack[base];
              return HostCode.RETURN;
            });
    IrWriter w = new IrWriter();
    w.ra(Op.COPY, 1, 0);
    w.rx(Op.CALL, 1, 0);
    w.rai(Op.I32_ADD_IMM, 1, 1, 1);
    w.rn(Op.RETURN_SPAN, 0, 1, 1);
    CompiledFunction f =
        new CompiledFunction("f", I32_TO_I32, 1, 1, 1, new long[0], 2, w.toArray(), 0);
    f.bind(
        new InstanceContext(
            new FuncType[0], new CompiledFunction[] {twice, f}, new GlobalCell[0], null, null));

    Executor x = new Executor(10, 64);
    assertThat(x.invoke(f, 20)).containsExactly(41);
    assertThat(x.start(f, -5)).isEqualTo(Executor.SUSPENDED);
    assertThat(x.suspension()).isEqualTo(Executor.Suspension.HOST_YIELD);
    assertThatThrownBy(x::resume).isInstanceOf(IllegalStateException.class);
    assertThat(x.resumeFromHost(100)).isEqualTo(Executor.DONE);
    assertThat(x.results()).containsExactly(101);
  }

  @Test
  void aHostFunctionThatThrowsEndsTheCallAndLeavesTheExecutorUsable() {
    CompiledFunction failing =
        CompiledFunction.host(
            "fail",
            NOTHING,
            (executor, stack, base) -> {
              throw new Trap(TrapCode.UNREACHABLE, "in host function fail");
            });
    IrWriter w = new IrWriter();
    w.rx(Op.CALL, 0, 0);
    w.n(Op.RETURN);
    CompiledFunction f =
        new CompiledFunction("f", NOTHING, 0, 0, 0, new long[0], 1, w.toArray(), 0);
    f.bind(
        new InstanceContext(
            new FuncType[0], new CompiledFunction[] {failing, f}, new GlobalCell[0], null, null));
    Executor x = new Executor(10, 64);
    assertThatThrownBy(() -> x.invoke(f)).isInstanceOf(Trap.class).hasMessageContaining("fail");
    assertThat(x.suspension()).isEqualTo(Executor.Suspension.NONE);
    x.setFuel(fuelOf(2));
    assertThat(x.invoke(meteredSum(), 2)).containsExactly(1);
  }
}
