package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fuel metering (docs/fuel.md), resumable calls and interruption, through the public API. */
class FuelTest {
  private static final Engine FUELED = new Engine(Config.defaults().withConsumeFuel(true));
  private static final FuncType PAUSE = new FuncType(List.of(ValType.I32), List.of(ValType.I32));

  private static Module module(Engine engine) throws IOException {
    try (InputStream in = FuelTest.class.getResourceAsStream("/embedding/fuel.wasm")) {
      return Module.compile(engine, in.readAllBytes());
    }
  }

  private static Instance instantiate(Store<Void> store) throws IOException {
    Linker<Void> linker =
        new Linker<Void>(store.engine())
            .func("host", "pause", PAUSE, (caller, args) -> caller.yield("pause " + args[0]));
    return linker.instantiate(store, module(store.engine()));
  }

  private static long cost(String export, long... args) throws IOException {
    Store<Void> store = new Store<>(FUELED, null);
    store.setFuel(1_000_000);
    instantiate(store).func(export).call(store, args);
    return store.fuelConsumed();
  }

  @Test
  void costsFollowTheScheduleExactly() throws IOException {
    // Every Wasm instruction costs 1, `end` included; see docs/fuel.md for the block rules.
    assertThat(cost("add1", 1)).isEqualTo(4);
    // 5 instructions plus 1 per 64 bytes filled, rounded up.
    assertThat(cost("fill", 0)).isEqualTo(5);
    assertThat(cost("fill", 64)).isEqualTo(6);
    assertThat(cost("fill", 65)).isEqualTo(7);
    // The loop header is a charge point: 9 per iteration, 1 before, 2 after.
    assertThat(cost("loop", 1)).isEqualTo(12);
    assertThat(cost("loop", 10)).isEqualTo(93);
  }

  @Test
  void anEndlessLoopRunsOutOfFuel() throws IOException {
    Store<Void> store = new Store<>(FUELED, null);
    store.setFuel(10_000);
    Func spin = instantiate(store).func("spin");
    assertThatThrownBy(() -> spin.call(store))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.OUT_OF_FUEL));
    assertThat(store.getFuel()).isLessThan(10);
  }

  @Test
  void aResumableCallSuspendsBeforeTheBlockItCannotPayAndResumes() throws IOException {
    Store<Void> store = new Store<>(FUELED, null);
    store.setFuel(20);
    ResumableCall call = instantiate(store).func("loop").callResumable(store, 10);
    // 1 + 9 + 9 = 19 paid; the third iteration needs 9 and only 1 is left: nothing is deducted.
    assertThat(call).isInstanceOf(ResumableCall.OutOfFuel.class);
    assertThat(((ResumableCall.OutOfFuel) call).requiredFuel()).isEqualTo(9);
    assertThat(store.fuelConsumed()).isEqualTo(19);
    store.setFuel(1_000);
    ResumableCall done = ((ResumableCall.OutOfFuel) call).resume(store);
    assertThat(done).isInstanceOf(ResumableCall.Finished.class);
    assertThat(((ResumableCall.Finished) done).results()).containsExactly(10);
    assertThat(store.fuelConsumed()).isEqualTo(93);
    assertThatThrownBy(() -> ((ResumableCall.OutOfFuel) call).resume(store))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void hostYieldsSuspendTheCallAndResumeWithTheHostResults() throws IOException {
    Store<Void> store = new Store<>(new Engine(), null);
    ResumableCall call = instantiate(store).func("yield_twice").callResumable(store, 5);
    assertThat(call).isInstanceOf(ResumableCall.HostYield.class);
    assertThat(((ResumableCall.HostYield) call).reason()).isEqualTo("pause 5");
    ResumableCall second = ((ResumableCall.HostYield) call).resume(store, 40);
    assertThat(((ResumableCall.HostYield) second).reason()).isEqualTo("pause 100");
    ResumableCall done = ((ResumableCall.HostYield) second).resume(store, 2);
    assertThat(((ResumableCall.Finished) done).results()).containsExactly(42);
  }

  @Test
  void aSuspendedCallCanBeAbandonedAndTheStoreReused() throws IOException {
    Store<Void> store = new Store<>(FUELED, null);
    store.setFuel(5);
    Instance instance = instantiate(store);
    ResumableCall call = instance.func("loop").callResumable(store, 100);
    assertThatThrownBy(() -> instance.func("add1").call(store, 1))
        .isInstanceOf(IllegalStateException.class);
    ((ResumableCall.Suspended) call).abandon(store);
    store.setFuel(100);
    assertThat(instance.func("add1").call(store, 1)).containsExactly(2);
  }

  @Test
  void anotherThreadInterruptsAnEndlessLoopWithFuelOff() throws Exception {
    interruptsSpin(new Store<>(new Engine(), null));
  }

  @Test
  void anotherThreadInterruptsAnEndlessLoopWithFuelOn() throws Exception {
    Store<Void> store = new Store<>(FUELED, null);
    store.setFuel(Long.MAX_VALUE);
    interruptsSpin(store);
  }

  private static void interruptsSpin(Store<Void> store) throws Exception {
    Func spin = instantiate(store).func("spin");
    CountDownLatch started = new CountDownLatch(1);
    Thread interrupter =
        new Thread(
            () -> {
              try {
                started.await(10, TimeUnit.SECONDS);
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              store.interrupt();
            });
    interrupter.start();
    started.countDown();
    ResumableCall call = spin.callResumable(store);
    interrupter.join();
    assertThat(call).isInstanceOf(ResumableCall.Interrupted.class);
    // Resuming goes on spinning until the next interrupt; a plain call reports the trap.
    ((ResumableCall.Suspended) call).abandon(store);
    Thread again = new Thread(store::interrupt);
    again.start();
    again.join();
    assertThatThrownBy(() -> spin.call(store))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.INTERRUPTED));
  }

  @Test
  void setFuelNeedsMetering() {
    Store<Void> store = new Store<>(new Engine(), null);
    assertThatThrownBy(() -> store.setFuel(1)).isInstanceOf(IllegalStateException.class);
  }
}
