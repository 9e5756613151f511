package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tail calls ({@code embedding/tailcall.wat}): a chain of a million {@code return_call}s runs in
 * constant frame memory (a store allowing 4 frames and 64 stack cells) on a 512 KiB thread stack,
 * in every configuration, with the same fuel sliced or not; a tail call of a host function returns
 * its results, also after a yield.
 */
class TailCallTest {
  private static final FuncType DOUBLE = new FuncType(List.of(ValType.I64), List.of(ValType.I64));
  private static final int DEPTH = 1_000_000;

  static Stream<Config> configs() {
    return Stream.of(
        Config.defaults(),
        Config.defaults().withConsumeFuel(true),
        Config.defaults().withCompilationMode(CompilationMode.LAZY),
        Config.defaults().withOptimizations(false));
  }

  private static byte[] module() throws IOException {
    try (InputStream in = TailCallTest.class.getResourceAsStream("/embedding/tailcall.wasm")) {
      return in.readAllBytes();
    }
  }

  /** An instance in a store of 4 frames and 64 cells, whose host function yields on -1. */
  private static Instance instantiate(Store<Void> store) throws IOException {
    Engine engine = store.engine();
    Linker<Void> linker =
        new Linker<Void>(engine)
            .func(
                "host",
                "double",
                DOUBLE,
                (caller, args) ->
                    args[0] == 0 ? caller.yield("asked to") : new long[] {args[0] * 2});
    return linker.instantiate(store, Module.compile(engine, module()));
  }

  private static Store<Void> store(Config config) {
    Store<Void> store = new Store<>(new Engine(config), null, StoreLimits.DEFAULT.withStack(4, 64));
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    return store;
  }

  private static long fib(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long next = a + b;
      a = b;
      b = next;
    }
    return a;
  }

  /** Runs {@code task} on a thread with a 512 KiB stack and returns its result. */
  static long[] onSmallStack(java.util.concurrent.Callable<long[]> task) throws Exception {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                outcome.set(task.call());
              } catch (Exception | Error e) {
                outcome.set(e);
              }
            },
            "small-stack",
            512 * 1024);
    t.start();
    t.join();
    if (outcome.get() instanceof Throwable e) {
      throw new AssertionError("the call failed", e);
    }
    return (long[]) outcome.get();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aMillionTailCallsRunInConstantFrameMemory(Config config) throws Exception {
    Store<Void> store = store(config);
    Instance instance = instantiate(store);
    assertThat(onSmallStack(() -> instance.func("fib").call(store, DEPTH)))
        .containsExactly(fib(DEPTH));
    assertThat(onSmallStack(() -> instance.func("fib_indirect").call(store, DEPTH)))
        .containsExactly(fib(DEPTH));
    assertThat(instance.func("even").call(store, DEPTH + 1)).containsExactly(0);
    assertThat(instance.func("even").call(store, DEPTH)).containsExactly(1);
    // The v128 argument moves as two cells at every step.
    long lanes01 = DEPTH & 0xffff_ffffL | (long) (2 * DEPTH) << 32;
    long lanes23 = 3L * DEPTH & 0xffff_ffffL | (long) (4 * DEPTH) << 32;
    assertThat(instance.func("vsum").call(store, DEPTH, 0, 0)).containsExactly(lanes01, lanes23);
  }

  @Test
  void aTailCallChainIsMeteredAlikeSlicedOrNot() throws IOException {
    Config config = Config.defaults().withConsumeFuel(true);
    Store<Void> whole = store(config);
    instantiate(whole).func("fib").call(whole, 10_000);
    long fuel = whole.fuelConsumed();
    // Per step: the entry block (local.get, i64.eqz, if) and the else arm up to the tail call (8);
    // then fib's own four instructions, and the last step's entry block, then arm and ends.
    assertThat(fuel).isEqualTo(10_000L * 11 + 4 + 3 + 3);
    for (Config variant : slicedVariants(config)) {
      Store<Void> sliced = store(variant);
      Instance instance = instantiate(sliced);
      long before = sliced.fuelConsumed();
      int[] slices = new int[1];
      assertThat(sliced(sliced, instance.func("fib"), 7, slices, 10_000))
          .containsExactly(fib(10_000));
      assertThat(sliced.fuelConsumed() - before).isEqualTo(fuel);
      assertThat(slices[0]).isGreaterThan(1_000);
    }
  }

  /** {@code config} as is, unoptimised and lazy: where sliced fuel must equal unsliced. */
  static List<Config> slicedVariants(Config config) {
    return List.of(
        config, config.withOptimizations(false), config.withCompilationMode(CompilationMode.LAZY));
  }

  /**
   * Calls {@code func} with {@code args} in slices of {@code fuel} (or what a charge needs), and
   * returns its results; {@code slices[0]} counts the slices.
   */
  static long[] sliced(Store<?> store, Func func, long fuel, int[] slices, long... args) {
    store.setFuel(fuel);
    ResumableCall call = func.callResumable(store, args);
    slices[0] = 1;
    while (call instanceof ResumableCall.OutOfFuel out) {
      store.setFuel(Math.max(fuel, out.requiredFuel()));
      call = out.resume(store);
      slices[0]++;
    }
    return ((ResumableCall.Finished) call).results();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aTailCallOfAHostFunctionReturnsItsResults(Config config) throws IOException {
    Store<Void> store = store(config);
    Instance instance = instantiate(store);
    assertThat(instance.func("to_host").call(store, 20)).containsExactly(42);
    assertThat(instance.func("nested").call(store, 21)).containsExactly(42);
    ResumableCall call = instance.func("to_host").callResumable(store, -1);
    assertThat(call).isInstanceOf(ResumableCall.HostYield.class);
    assertThat(
            ((ResumableCall.Finished) ((ResumableCall.HostYield) call).resume(store, 7)).results())
        .containsExactly(7);
  }

  @Test
  void withoutTheProposalTheOpcodesAreMalformed() throws IOException {
    Engine wasm2 = new Engine(Config.builder().tailCall(false).build());
    assertThatThrownBy(() -> Module.compile(wasm2, module()))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("illegal opcode 12");
  }
}
