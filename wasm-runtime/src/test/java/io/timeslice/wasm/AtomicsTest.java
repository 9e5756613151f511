package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Threads and atomics run by one agent (docs/proposals.md): read-modify-writes return the old
 * value, narrow ones zero-extended; a compare-exchange compares the expected value wrapped to its
 * width; a misaligned access traps "unaligned atomic" before its bounds are checked; a wait returns
 * "not-equal" (1) or at once "timed-out" (2), and traps on an unshared memory; notify wakes nobody
 * (0); shared memories import and export only as shared ones. In every mode, with and without fuel
 * and optimisations, and compiled (each atomic op running its interpreter handler).
 */
class AtomicsTest {
  static Stream<Config> configs() {
    Config base = Config.defaults();
    return Stream.of(
        base,
        base.withConsumeFuel(true),
        base.withCompilationMode(CompilationMode.LAZY),
        base.withCompilationMode(CompilationMode.LAZY_TRANSLATION),
        base.withOptimizations(false),
        base.toBuilder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build());
  }

  private static final String MODULE =
      """
      (module
        (memory (export "mem") 1 1 shared)
        (memory $plain 1 1)
        (func (export "fill") (param i64) (i64.store (i32.const 0) (local.get 0)))
        (func (export "peek") (result i64) (i64.load (i32.const 0)))
        (func (export "add8") (param i32 i32) (result i32)
          (i32.atomic.rmw8.add_u (local.get 0) (local.get 1)))
        (func (export "sub16") (param i32 i64) (result i64)
          (i64.atomic.rmw16.sub_u (local.get 0) (local.get 1)))
        (func (export "and32") (param i32 i64) (result i64)
          (i64.atomic.rmw32.and_u (local.get 0) (local.get 1)))
        (func (export "or") (param i32 i32) (result i32)
          (i32.atomic.rmw.or (local.get 0) (local.get 1)))
        (func (export "xor64") (param i32 i64) (result i64)
          (i64.atomic.rmw.xor (local.get 0) (local.get 1)))
        (func (export "xchg8") (param i32 i64) (result i64)
          (i64.atomic.rmw8.xchg_u (local.get 0) (local.get 1)))
        (func (export "load") (param i32) (result i32) (i32.atomic.load offset=4 (local.get 0)))
        (func (export "load8") (param i32) (result i32) (i32.atomic.load8_u (local.get 0)))
        (func (export "store16") (param i32 i32) (i32.atomic.store16 (local.get 0) (local.get 1)))
        (func (export "cas8") (param i32 i32 i32) (result i32)
          (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
        (func (export "cas32") (param i32 i64 i64) (result i64)
          (i64.atomic.rmw32.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
        (func (export "cas") (param i32 i32 i32) (result i32)
          (i32.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
        (func (export "wait32") (param i32 i32 i64) (result i32)
          (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
        (func (export "wait64") (param i32 i64 i64) (result i32)
          (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
        (func (export "notify") (param i32 i32) (result i32)
          (memory.atomic.notify (local.get 0) (local.get 1)))
        (func (export "waitPlain") (param i32) (result i32)
          (memory.atomic.wait32 $plain (local.get 0) (i32.const 0) (i64.const 0)))
        (func (export "notifyPlain") (param i32) (result i32)
          (memory.atomic.notify $plain (local.get 0) (i32.const 1)))
        (func (export "casPlain") (param i32 i32) (result i32)
          (i32.atomic.store $plain (i32.const 8) (i32.const 5))
          (atomic.fence)
          (i32.atomic.rmw.cmpxchg $plain (i32.const 8) (local.get 0) (local.get 1))
          (i32.add (i32.atomic.load $plain (i32.const 8))))
        ;; A spin lock taken and released n times, its counter bumped inside: a loop of atomics.
        (func (export "spin") (param $n i32) (result i32)
          (loop $again
            (block $taken
              (br_if $taken (i32.eqz (i32.atomic.rmw.cmpxchg (i32.const 64) (i32.const 0) (i32.const 1))))
              (unreachable))
            (drop (i32.atomic.rmw.add (i32.const 68) (i32.const 1)))
            (atomic.fence)
            (i32.atomic.store (i32.const 64) (i32.const 0))
            (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
          (i32.atomic.load (i32.const 68))))
      """;

  private record Run(Store<Void> store, Instance instance, Module module) {
    long[] call(String name, long... args) {
      return instance.func(name).call(store, args);
    }

    TrapCode trap(String name, long... args) {
      return MemoriesTest.trap(() -> instance.func(name).call(store, args));
    }
  }

  private static Run instantiate(Config config) {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Module module = Module.fromText(engine, MODULE);
    return new Run(store, new Linker<Void>(engine).instantiate(store, module), module);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void readModifyWritesReturnTheOldValueZeroExtendedAndWriteTheirWidthOnly(Config config) {
    Run run = instantiate(config);
    run.call("fill", 0x8877_6655_4433_22ffL);
    assertThat(run.call("add8", 0, 2)).containsExactly(0xff);
    assertThat(run.call("peek")).containsExactly(0x8877_6655_4433_2201L);
    assertThat(run.call("sub16", 2, 0x1_0001)).containsExactly(0x4433);
    assertThat(run.call("peek")).containsExactly(0x8877_6655_4432_2201L);
    assertThat(run.call("and32", 4, 0xffff_ffff_0000_ff00L)).containsExactly(0x8877_6655L);
    assertThat(run.call("peek")).containsExactly(0x0000_6600_4432_2201L);
    assertThat(run.call("or", 0, 0x8000_0000L)).containsExactly(0x4432_2201L);
    assertThat(run.call("peek")).containsExactly(0x0000_6600_c432_2201L);
    assertThat(run.call("xor64", 0, -1)).containsExactly(0x0000_6600_c432_2201L);
    assertThat(run.call("peek")).containsExactly(0xffff_99ff_3bcd_ddfeL);
    assertThat(run.call("xchg8", 7, 0x1234)).containsExactly(0xff);
    assertThat(run.call("peek")).containsExactly(0x34ff_99ff_3bcd_ddfeL);
    // An i32 read of 4 bytes is the i32 value, sign and all.
    assertThat((int) run.call("load", 0)[0]).isEqualTo(0x34ff_99ff);
    assertThat(run.call("load8", 1)).containsExactly(0xdd);
    run.call("store16", 2, 0xabcd_0102L);
    assertThat(run.call("peek")).containsExactly(0x34ff_99ff_0102_ddfeL);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void compareExchangeComparesTheExpectedValueWrappedToItsWidth(Config config) {
    Run run = instantiate(config);
    run.call("fill", 0x0000_0001_8000_00f0L);
    // 0x1f0 wraps to 0xf0: equal, so 0xab is written; the old byte comes back zero-extended.
    assertThat(run.call("cas8", 0, 0x1f0, 0xab)).containsExactly(0xf0);
    assertThat(run.call("peek")).containsExactly(0x0000_0001_8000_00abL);
    assertThat(run.call("cas8", 0, 0xf0, 0x11)).containsExactly(0xab);
    assertThat(run.call("peek")).containsExactly(0x0000_0001_8000_00abL);
    assertThat(run.call("cas32", 4, 0x7_0000_0001L, 0x9_0000_0002L)).containsExactly(1);
    assertThat(run.call("peek")).containsExactly(0x0000_0002_8000_00abL);
    assertThat(run.call("cas32", 0, 0x8000_00abL, 0)).containsExactly(0x8000_00abL);
    assertThat(run.call("peek")).containsExactly(0x0000_0002_0000_0000L);
    assertThat(run.call("cas", 4, 3, 4)).containsExactly(2);
    assertThat(run.call("peek")).containsExactly(0x0000_0002_0000_0000L);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aMisalignedAccessTrapsBeforeItsBoundsAreChecked(Config config) {
    Run run = instantiate(config);
    assertThat(run.trap("load", 2)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    assertThat(run.trap("sub16", 3, 1)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    assertThat(run.trap("cas32", 6, 0, 0)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    assertThat(run.trap("wait64", 4, 0, 0)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    assertThat(run.trap("notify", 1, 1)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    // Past the end: aligned, out of bounds; misaligned and past the end: unaligned.
    assertThat(run.trap("load", 65_532)).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(run.trap("load", 65_534)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    assertThat(run.trap("add8", 65_536, 1)).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(run.trap("notify", -4, 0)).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(run.call("load8", 65_535)).containsExactly(0);
    assertThat(TrapCode.UNALIGNED_ATOMIC.message()).isEqualTo("unaligned atomic");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aWaitReturnsNotEqualOrTimesOutAtOnceAndNotifyWakesNobody(Config config) {
    Run run = instantiate(config);
    run.call("fill", 0x0000_0007_0000_0005L);
    assertThat(run.call("wait32", 0, 4, -1)).containsExactly(1);
    // Equal, and no timeout (-1): nobody else can notify, so it times out at once.
    assertThat(run.call("wait32", 0, 5, -1)).containsExactly(2);
    assertThat(run.call("wait32", 4, 0x1_0000_0007L, 1_000_000_000L)).containsExactly(2);
    assertThat(run.call("wait64", 0, 0x7_0000_0005L, 0)).containsExactly(2);
    assertThat(run.call("wait64", 0, 5, -1)).containsExactly(1);
    assertThat(run.call("notify", 0, -1)).containsExactly(0);
    assertThat(run.call("notify", 8, 1)).containsExactly(0);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void anUnsharedMemoryHasEveryAtomicButWait(Config config) {
    Run run = instantiate(config);
    assertThat(run.trap("waitPlain", 0)).isEqualTo(TrapCode.EXPECTED_SHARED_MEMORY);
    assertThat(TrapCode.EXPECTED_SHARED_MEMORY.message()).isEqualTo("expected shared memory");
    // The wait's own checks come first.
    assertThat(run.trap("waitPlain", 2)).isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    assertThat(run.trap("waitPlain", 65_536)).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(run.call("notifyPlain", 0)).containsExactly(0);
    assertThat(run.call("casPlain", 5, 9)).containsExactly(5 + 9);
    assertThat(run.call("casPlain", 4, 9)).containsExactly(5 + 5);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aLoopOfAtomicsComputesAndCostsTheSameEverywhere(Config config) {
    Run run = instantiate(config);
    assertThat(run.call("spin", 100)).containsExactly(100);
    if (config.consumeFuel()) {
      assertThat(run.store.fuelConsumed()).isEqualTo(spinFuel(100));
    }
  }

  /**
   * The fuel of {@code spin(n)} in the plain interpreter, by the schedule (docs/fuel.md): 1 at
   * entry ({@code loop}); per iteration 8 at the loop header ({@code block}, three constants, the
   * compare-exchange, {@code i32.eqz}, {@code br_if}, {@code unreachable}, after which the block's
   * {@code end} is dead) and 14 after the block (the add and its operands, {@code drop}, the fence,
   * the store and its operands, the countdown's five and the loop's {@code end}); then 3 (the
   * constant, the load, {@code end}). Every atomic instruction costs 1, like any instruction.
   */
  private static long spinFuel(int n) {
    Engine engine = new Engine(Config.defaults().withConsumeFuel(true));
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    new Linker<Void>(engine)
        .instantiate(store, Module.fromText(engine, MODULE))
        .func("spin")
        .call(store, n);
    long fuel = store.fuelConsumed();
    assertThat(fuel).isEqualTo(1 + 22L * n + 3);
    return fuel;
  }

  /** Sliced fuel: the same results and fuel in slices of 1, 7 and 1,000 as in one piece. */
  @ParameterizedTest
  @MethodSource("configs")
  void slicedCallsOfAtomicsConsumeTheSameFuel(Config config) {
    if (!config.consumeFuel()) {
      return;
    }
    for (long slice : new long[] {1, 7, 1_000}) {
      Run run = instantiate(config);
      run.store.setFuel(slice);
      ResumableCall call = run.instance.func("spin").callResumable(run.store, 50);
      while (call instanceof ResumableCall.OutOfFuel out) {
        run.store.setFuel(Math.max(slice, out.requiredFuel()));
        call = out.resume(run.store);
      }
      assertThat(((ResumableCall.Finished) call).results()).containsExactly(50);
      assertThat(run.store.fuelConsumed()).as("slices of %d", slice).isEqualTo(spinFuel(50));
    }
  }

  /**
   * {@code programs/wasm/threads-atomics.wasm}: clang and wasm-ld's layout of a pthread build (a
   * shared memory whose passive data a start function copies under an atomic flag, with wait and
   * notify) and a futex-style lock around atomic read-modify-writes. Its checksum is computed here
   * from the C source's loop (V8 returns the same, programs/README.md), its fuel is the same in
   * every metered configuration, and the memory it exports is shared.
   */
  @ParameterizedTest
  @MethodSource("configs")
  void aToolchainBuiltPthreadStyleModuleRunsOnOneAgent(Config config) throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Module module = Module.compile(engine, threadsProgram());
    Instance instance = new Linker<Void>(engine).instantiate(store, module);
    assertThat(instance.memory("memory").type().shared()).isTrue();
    assertThat(instance.func("run").call(store, 1_000)).containsExactly(checksum(1_000));
    if (config.consumeFuel()) {
      assertThat(store.fuelConsumed()).isEqualTo(threadsProgramFuel());
    }
  }

  private static byte[] threadsProgram() throws IOException {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", "threads-atomics.wasm"));
  }

  /** The fuel of instantiating the program and {@code run(1000)}, eager and interpreted. */
  private static long threadsProgramFuel() throws IOException {
    Engine engine = new Engine(Config.defaults().withConsumeFuel(true));
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    new Linker<Void>(engine)
        .instantiate(store, Module.compile(engine, threadsProgram()))
        .func("run")
        .call(store, 1_000);
    return store.fuelConsumed();
  }

  /** {@code run(n)} of programs/threads/atomics.c, in Java. */
  private static long checksum(int n) {
    int[] data = new int[64];
    data[0] = 1;
    data[1] = 2;
    data[2] = 3;
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += (long) i * data[i & 63];
      data[i & 63] += i;
    }
    return total + n;
  }

  @Test
  void theCompiledTierCompilesFunctionsWithAtomics() throws IOException {
    Config compiled = Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build();
    Run run = instantiate(compiled);
    assertThat(run.call("spin", 10)).containsExactly(10);
    run.call("fill", 3);
    assertThat(run.call("peek")).containsExactly(3);
    assertThat(run.module.compiledFunctions()).isEqualTo(3);
    assertThat(run.module.refusedFunctions()).isZero();

    Engine engine = new Engine(compiled);
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    Module program = Module.compile(engine, threadsProgram());
    new Linker<Void>(engine).instantiate(store, program).func("run").call(store, 1_000);
    assertThat(program.compiledFunctions()).isPositive();
    assertThat(program.refusedFunctions()).isZero();
  }

  @Test
  void sharedMemoriesImportAndExportOnlyAsSharedOnes() {
    Engine engine = new Engine();
    Store<Void> store = new Store<>(engine, null);
    Module exporter = Module.fromText(engine, MODULE);
    MemoryType shared = new MemoryType(new Limits(1, 1), false, true);
    assertThat(exporter.export("mem").orElseThrow().type()).isEqualTo(shared);
    Instance first = new Linker<Void>(engine).instantiate(store, exporter);
    assertThat(first.memory("mem").type()).isEqualTo(shared);

    Module importer =
        Module.fromText(
            engine,
            """
            (module (import "m" "mem" (memory 1 2 shared))
              (func (export "bump") (result i32) (i32.atomic.rmw.add (i32.const 68) (i32.const 5))))
            """);
    assertThat(importer.imports().get(0).type())
        .isEqualTo(new MemoryType(new Limits(1, 2), false, true));
    Linker<Void> linker = new Linker<Void>(engine).instance("m", first);
    Instance second = linker.instantiate(store, importer);
    assertThat(first.func("spin").call(store, 3)).containsExactly(3);
    // The importer adds to the exporter's counter: one memory.
    assertThat(second.func("bump").call(store)).containsExactly(3);
    assertThat(first.func("spin").call(store, 1)).containsExactly(9);

    Module unsharedImport = Module.fromText(engine, "(module (import \"m\" \"mem\" (memory 1 2)))");
    assertThatThrownBy(() -> linker.instantiate(store, unsharedImport))
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("incompatible import type");
    Memory unshared = Memory.create(store, new MemoryType(new Limits(1, 1)));
    Linker<Void> plain = new Linker<Void>(engine).define("m", "mem", unshared);
    assertThatThrownBy(() -> plain.instantiate(store, importer))
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("incompatible import type");
    Memory host = Memory.create(store, shared);
    assertThat(host.type().shared()).isTrue();
    assertThat(
            new Linker<Void>(engine)
                .define("m", "mem", host)
                .instantiate(store, importer)
                .func("bump")
                .call(store))
        .containsExactly(0);
    assertThatThrownBy(
            () -> Memory.create(store, new MemoryType(new Limits(1, Limits.NO_MAX), false, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shared memory must have a maximum");
  }

  @Test
  void atomicsOfOtherAndSixtyFourBitMemories() {
    Config config = Config.builder().memory64(true).build();
    for (Config c :
        List.of(config, config.withOptimizations(false), config.withConsumeFuel(true))) {
      Engine engine = new Engine(c);
      Store<Void> store = new Store<>(engine, null);
      if (c.consumeFuel()) {
        store.setFuel(Long.MAX_VALUE);
      }
      Instance instance =
          new Linker<Void>(engine)
              .instantiate(
                  store,
                  Module.fromText(
                      engine,
                      """
                      (module
                        (memory $a 1 1 shared)
                        (memory $b i64 1 1 shared)
                        (func (export "add") (param i64 i32) (result i32)
                          (i32.atomic.rmw.add $b offset=8 (local.get 0) (local.get 1)))
                        (func (export "get") (param i64) (result i32)
                          (i32.atomic.load $b offset=8 (local.get 0)))
                        (func (export "wait") (param i64) (result i32)
                          (memory.atomic.wait64 $b (local.get 0) (i64.const 0) (i64.const 0)))
                        (func (export "a") (result i32) (i32.atomic.load $a (i32.const 8))))
                      """));
      assertThat(instance.func("add").call(store, 4, 7)).containsExactly(0);
      assertThat(instance.func("add").call(store, 4, 7)).containsExactly(7);
      assertThat(instance.func("get").call(store, 4)).containsExactly(14);
      assertThat(instance.func("a").call(store)).containsExactly(0);
      assertThat(instance.func("wait").call(store, 0)).containsExactly(2);
      assertThat(MemoriesTest.trap(() -> instance.func("get").call(store, 1L << 32)))
          .isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
      assertThat(MemoriesTest.trap(() -> instance.func("get").call(store, 2)))
          .isEqualTo(TrapCode.UNALIGNED_ATOMIC);
    }
  }

  @Test
  void validationRequiresNaturalAlignmentAndAMaximumForSharedMemories() {
    Engine engine = new Engine();
    assertThatThrownBy(
            () ->
                Module.fromText(
                    engine,
                    "(module (memory 1 1 shared) (func (drop (i32.atomic.load align=2 (i32.const"
                        + " 0)))))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageContaining("atomic alignment must be natural");
    assertThatThrownBy(() -> Module.fromText(engine, "(module (memory 1 shared))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageContaining("shared memory must have maximum");
    assertThatThrownBy(
            () -> Module.fromText(engine, "(module (func (drop (i32.atomic.load (i32.const 0)))))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageContaining("unknown memory");
    assertThatThrownBy(
            () ->
                Module.fromText(
                    engine,
                    "(module (memory 1 1 shared) (global i32 (i32.atomic.load (i32.const 0))))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageContaining("constant expression required");
  }

  /** {@code (memory 1 1 shared)} and a function {@code i32.atomic.load} at byte offset 0x24. */
  private static final byte[] BINARY = {
    0,
    'a',
    's',
    'm',
    1,
    0,
    0,
    0, // header
    1,
    4,
    1,
    0x60,
    0,
    0, // type () -> ()
    3,
    2,
    1,
    0, // one function
    5,
    4,
    1,
    3,
    1,
    1, // memory 1 1 shared
    10,
    11,
    1,
    9,
    0,
    0x41,
    0,
    (byte) 0xfe,
    0x10,
    2,
    0,
    0x1a,
    0x0b // code
  };

  @Test
  void withThreadsOffAtomicsAndSharedMemoriesDoNotDecode() {
    Engine on = new Engine();
    Module.compile(on, BINARY);
    Engine off = new Engine(Config.builder().threads(false).build());
    assertThatThrownBy(() -> Module.compile(off, BINARY))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("integer too large");
    byte[] unshared = BINARY.clone();
    unshared[21] = 1;
    assertThatThrownBy(() -> Module.compile(off, unshared))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("illegal opcode fe")
        .hasMessageContaining("offset 31");
    byte[] badSub = BINARY.clone();
    badSub[32] = 0x4f;
    assertThatThrownBy(() -> Module.compile(on, badSub))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("illegal opcode 0xfe 79")
        .hasMessageContaining("offset 31");
    assertThatThrownBy(() -> Module.fromText(off, "(module (memory 1 1 shared))"))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("a shared memory needs the threads proposal");
    assertThatThrownBy(
            () -> Module.fromText(off, "(module (import \"m\" \"m\" (memory 1 1 shared)))"))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("a shared memory needs the threads proposal");
    assertThatThrownBy(
            () ->
                Module.fromText(
                    off, "(module (memory 1 1) (func (drop (i32.atomic.load (i32.const 0)))))"))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("i32.atomic.load needs the threads proposal");
    assertThat(off.irVersion()).doesNotContain("+threads");
    assertThat(on.irVersion()).contains("+threads");
    assertThat(Config.defaults().threads()).isTrue();
    assertThat(Config.defaults().proposal("threads")).isTrue();
    assertThat(Config.builder().proposal("threads", false).build().threads()).isFalse();
    assertThat(Config.defaults().toString()).contains("threads=true");
  }
}
