package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled tier (docs/tiers.md) as an embedder sees it: it runs the code compiled, computes the
 * same and pays the same fuel as the interpreter, suspends and resumes on any thread, never
 * overflows the Java stack, leaves what it cannot compile to the interpreter, and its classes go
 * with their module.
 */
class CompiledTierTest {
  private static final Config COMPILED =
      Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build();

  /**
   * Compiled with methods so small that every function of more than a few blocks is split into
   * several (docs/tiers.md): region methods entered and left at every kind of point.
   */
  static final Config SPLIT = COMPILED.toBuilder().compiledMethodBytes(500).build();

  /** Every function of more than one instruction split, each instruction a region of its own. */
  private static final Config TINY_METHODS = COMPILED.toBuilder().compiledMethodBytes(1).build();

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = CompiledTierTest.class.getResourceAsStream("/embedding/" + name)) {
      return in.readAllBytes();
    }
  }

  private static byte[] bench() throws IOException {
    return Files.readAllBytes(Path.of("..", "programs", "wasm", "bench.wasm"));
  }

  private record Outcome(long[] results, long fuel, int slices) {}

  /**
   * Calls {@code workload} in slices of {@code slice} fuel, each slice resumed on a thread of
   * {@code threads} (so a suspended compiled call moves between threads).
   */
  private static Outcome sliced(
      Config config, String workload, long arg, long slice, ExecutorService threads)
      throws Exception {
    return sliced(config, bench(), workload, arg, slice, threads);
  }

  private static Outcome sliced(
      Config config, byte[] wasm, String workload, long arg, long slice, ExecutorService threads)
      throws Exception {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    Module module = Module.compile(engine, wasm);
    Func f = new Linker<Void>(engine).instantiate(store, module).func(workload);
    store.setFuel(slice);
    AtomicReference<ResumableCall> call = new AtomicReference<>(f.callResumable(store, arg));
    int slices = 1;
    while (call.get() instanceof ResumableCall.OutOfFuel out) {
      store.setFuel(Math.max(slice, out.requiredFuel()));
      Future<?> next = threads.submit(() -> call.set(out.resume(store)));
      next.get();
      slices++;
    }
    if (config.tier() != Tier.INTERPRETER_ONLY) {
      assertThat(module.compiledFunctions()).as("%s compiled", workload).isPositive();
      assertThat(module.refusedFunctions()).as("%s refused", workload).isZero();
    }
    return new Outcome(
        ((ResumableCall.Finished) call.get()).results(), store.fuelConsumed(), slices);
  }

  @ParameterizedTest
  @MethodSource("io.timeslice.wasm.SmallWorkloads#all")
  void compiledCodeSuspendedEverySeventhFuelUnitResumesOnOtherThreadsWithTheSameResultAndFuel(
      String workload, long arg) throws Exception {
    sameInEveryTier(bench(), workload, arg);
  }

  /**
   * SIMD kernels compiled (every SIMD op on the locals: lane-wise ops, shuffles, widening, lane
   * loads and stores), with the interpreter's results, fuel and suspension points.
   */
  @ParameterizedTest
  @CsvSource({"simd_dot, 3", "simd_blur, 1", "simd_hash, 3"})
  void simdKernelsCompileAndRunAsInterpreted(String kernel, long n) throws Exception {
    sameInEveryTier(
        Files.readAllBytes(Path.of("..", "programs", "wasm", "simd-bench.wasm")), kernel, n);
  }

  private static void sameInEveryTier(byte[] wasm, String workload, long arg) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Config interpreter = COMPILED.withTier(Tier.INTERPRETER_ONLY);
      Outcome reference = sliced(interpreter, wasm, workload, arg, 7, threads);
      for (Config config :
          List.of(
              COMPILED,
              COMPILED.toBuilder()
                  .tier(Tier.TIERED)
                  .tierCallThreshold(3)
                  .tierLoopThreshold(40)
                  .build(),
              SPLIT,
              SPLIT.toBuilder()
                  .tier(Tier.TIERED)
                  .tierCallThreshold(3)
                  .tierLoopThreshold(40)
                  .build())) {
        Outcome compiled = sliced(config, wasm, workload, arg, 7, threads);
        assertThat(compiled.results())
            .as("%s, %s", workload, config.tier())
            .isEqualTo(reference.results());
        assertThat(compiled.fuel())
            .as("%s, %s: fuel", workload, config.tier())
            .isEqualTo(reference.fuel());
        // Suspended at the same points: as many slices as the interpreter's.
        assertThat(compiled.slices())
            .as("%s, %s: slices", workload, config.tier())
            .isEqualTo(reference.slices());
      }
    } finally {
      threads.shutdown();
    }
  }

  /**
   * With {@link #SPLIT}'s budget the benchmark's workloads of more than a few blocks are split: the
   * tests that run under it run region methods.
   */
  @Test
  void theTestBudgetSplitsTheWorkloads() throws Exception {
    Engine engine = new Engine(SPLIT);
    Module module = Module.compile(engine, bench());
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    Instance instance = new Linker<Void>(engine).instantiate(store, module);
    SmallWorkloads.all()
        .forEach(w -> instance.func((String) w.get()[0]).call(store, (Long) w.get()[1]));
    assertThat(module.refusedFunctions()).isZero();
    assertThat(module.splitFunctions()).isGreaterThan(module.compiledFunctions() / 2);
  }

  /**
   * 100,000 nested calls, direct and through a table, on a thread with a 512 KiB stack: compiled
   * frames take Java stack only up to their budget, the interpreter (which does not recurse) takes
   * the rest, so the call returns; with the default depth limit it ends in the interpreter's trap.
   * Also with every function split into one region per instruction, two Java frames a call.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void deepRecursionNeverOverflowsTheJavaStack(boolean split) throws Exception {
    Engine engine = new Engine(split ? TINY_METHODS : COMPILED);
    Module module = Module.compile(engine, resource("tiers.wasm"));
    List<Object> outcomes = new ArrayList<>();
    Runnable deep =
        () -> {
          for (String export : List.of("depth", "indirect")) {
            Store<Void> store =
                new Store<>(engine, null, StoreLimits.DEFAULT.withStack(200_000, 1 << 22));
            store.setFuel(Long.MAX_VALUE);
            Instance instance = linker(engine).instantiate(store, module);
            outcomes.add(instance.func(export).call(store, 100_000)[0]);
            Store<Void> limited = new Store<>(engine, null);
            limited.setFuel(Long.MAX_VALUE);
            Func f = linker(engine).instantiate(limited, module).func(export);
            try {
              f.call(limited, 100_000);
              outcomes.add("returned");
            } catch (Trap t) {
              outcomes.add(t.code());
            }
          }
        };
    Thread thread = new Thread(null, deep, "small-stack", 512 << 10);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
    thread.start();
    thread.join();
    assertThat(failure.get()).isNull();
    assertThat(outcomes)
        .containsExactly(
            100_000L, TrapCode.CALL_STACK_EXHAUSTED, 100_000L, TrapCode.CALL_STACK_EXHAUSTED);
    assertThat(module.splitFunctions() > 0).as("split").isEqualTo(split);
  }

  private static Linker<Void> linker(Engine engine) {
    return new Linker<Void>(engine)
        .func(
            "host",
            "tick",
            new FuncType(List.of(ValType.I32), List.of(ValType.I32)),
            (caller, args) -> new long[] {args[0] * 2});
  }

  /**
   * A host function that yields from inside a compiled loop: the compiled frame becomes the
   * suspended call's current frame and takes the host's results on resume, on another thread.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aHostYieldInsideCompiledCodeResumesWithTheHostsResults(boolean split) throws Exception {
    Engine engine = new Engine(split ? TINY_METHODS : COMPILED);
    Module module = Module.compile(engine, resource("tiers.wasm"));
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    Linker<Void> linker =
        new Linker<Void>(engine)
            .func(
                "host",
                "tick",
                new FuncType(List.of(ValType.I32), List.of(ValType.I32)),
                (caller, args) -> caller.yield("tick " + args[0]));
    Func ticks = linker.instantiate(store, module).func("ticks");
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<ResumableCall> call = new AtomicReference<>(ticks.callResumable(store, 50));
      List<Object> reasons = new ArrayList<>();
      while (call.get() instanceof ResumableCall.HostYield yield) {
        reasons.add(yield.reason());
        long tick = reasons.size() - 1;
        threads.submit(() -> call.set(yield.resume(store, tick * 3))).get();
      }
      assertThat(reasons).hasSize(50).startsWith("tick 0", "tick 1").endsWith("tick 49");
      assertThat(((ResumableCall.Finished) call.get()).results()).containsExactly(3L * 49 * 50 / 2);
      assertThat(module.compiledFunctions()).isPositive();
      assertThat(module.splitFunctions() > 0).as("split").isEqualTo(split);
    } finally {
      threads.shutdown();
    }
  }

  /**
   * A function too big even to split into JVM methods (a body of about 1 MB, over the compiler's
   * 100,000 IR words) stays interpreted and computes the same; the others of its module are
   * compiled.
   */
  @Test
  void aFunctionTooBigForTheJvmRunsInterpreted() {
    int adds = 350_000;
    byte[] wasm = hugeModule(adds);
    assertThat(wasm.length).isGreaterThan(1_000_000);
    Engine engine = new Engine(COMPILED);
    Module module = Module.compile(engine, wasm);
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    Instance instance = new Linker<Void>(engine).instantiate(store, module);
    assertThat(instance.func("huge").call(store, 5)).containsExactly(5L + adds);
    assertThat(instance.func("small").call(store, 5)).containsExactly(6L);
    assertThat(module.refusedFunctions()).isEqualTo(1);
    assertThat(module.compiledFunctions()).isEqualTo(1);
  }

  /**
   * {@code (func $huge (param i32) (result i32) local.get 0 (i32.const 1 i32.add) × adds)} and
   * {@code (func $small (param i32) (result i32) local.get 0 i32.const 1 i32.add)}, exported.
   */
  private static byte[] hugeModule(int adds) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0); // no locals
    body.write(0x20); // local.get 0
    body.write(0);
    for (int i = 0; i < adds; i++) {
      body.write(0x41); // i32.const 1
      body.write(1);
      body.write(0x6a); // i32.add
    }
    body.write(0x0b);
    byte[] small = {0, 0x20, 0, 0x41, 1, 0x6a, 0x0b};
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    code.write(2);
    leb(code, body.size());
    code.writeBytes(body.toByteArray());
    leb(code, small.length);
    code.writeBytes(small);
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(m, 1, new byte[] {1, 0x60, 1, 0x7f, 1, 0x7f});
    section(m, 3, new byte[] {2, 0, 0});
    section(m, 7, new byte[] {2, 4, 'h', 'u', 'g', 'e', 0, 0, 5, 's', 'm', 'a', 'l', 'l', 0, 1});
    section(m, 10, code.toByteArray());
    return m.toByteArray();
  }

  private static void section(ByteArrayOutputStream m, int id, byte[] content) {
    m.write(id);
    leb(m, content.length);
    m.writeBytes(content);
  }

  private static void leb(ByteArrayOutputStream out, int value) {
    do {
      int b = value & 0x7f;
      value >>>= 7;
      out.write(value != 0 ? b | 0x80 : b);
    } while (value != 0);
  }

  /**
   * Compiled classes are hidden classes held only by their module: a thousand modules compiled and
   * dropped leave the heap bounded and their classes unloaded, split ones too.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void compiledClassesGoWithTheirModule(boolean split) throws IOException {
    byte[] wasm = resource("tiers.wasm");
    var classes = ManagementFactory.getClassLoadingMXBean();
    long unloadedBefore = classes.getUnloadedClassCount();
    Runtime runtime = Runtime.getRuntime();
    long usedAfterFirst = 0;
    for (int i = 0; i < 1_000; i++) {
      Engine engine = new Engine(split ? TINY_METHODS : COMPILED);
      Module module = Module.compile(engine, wasm);
      Store<Void> store = new Store<>(engine, null);
      store.setFuel(Long.MAX_VALUE);
      Instance instance = linker(engine).instantiate(store, module);
      assertThat(instance.func("depth").call(store, 10)).containsExactly(10L);
      assertThat(instance.func("ticks").call(store, 3)).containsExactly(6L);
      assertThat(module.splitFunctions() > 0).isEqualTo(split);
      if (i == 99) {
        System.gc();
        usedAfterFirst = runtime.totalMemory() - runtime.freeMemory();
      }
    }
    System.gc();
    long used = runtime.totalMemory() - runtime.freeMemory();
    assertThat(used).as("heap after 1,000 modules").isLessThan(usedAfterFirst + (64L << 20));
    assertThat(classes.getUnloadedClassCount() - unloadedBefore)
        .as("compiled classes unloaded")
        .isGreaterThan(1_000);
  }

  /**
   * A v128 store half past the end of memory traps and writes nothing: the compiled store writes
   * its high half first, so the JVM's check of that half stops it before the low half is written.
   */
  @ParameterizedTest
  @CsvSource({"65528", "65535", "4294967294"})
  void aV128StorePastTheEndWritesNothing(long address) throws IOException {
    Engine engine = new Engine(COMPILED);
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    Module module =
        Module.compile(
            engine,
            Wat.toBinary(
                """
            (module
              (memory 1)
              (func (export "store") (param i32)
                (v128.store (local.get 0) (v128.const i64x2 -1 -1)))
              (func (export "peek") (result i64)
                (i64.load (i32.const 65528))))
            """));
    Instance instance = linker(engine).instantiate(store, module);
    assertThatThrownBy(() -> instance.func("store").call(store, address))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
    assertThat(instance.func("peek").call(store)).containsExactly(0L);
    assertThat(module.compiledFunctions()).isEqualTo(2);
  }

  @Test
  void aTrapInCompiledCodeReportsItsCodeAndFunction() throws IOException {
    Engine engine = new Engine(COMPILED);
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(Long.MAX_VALUE);
    Module module = Module.compile(engine, resource("tiers.wasm"));
    Instance instance = linker(engine).instantiate(store, module);
    instance.func("ticks").call(store, 1);
    assertThatThrownBy(() -> instance.func("ticks").call(store, 20_000))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS))
        .hasMessageContaining("ticks");
    assertThat(module.compiledFunctions()).isPositive();
  }

  /**
   * Compiled code checks the fuel once for the charges of the path ahead (docs/tiers.md): with
   * every budget from 0 to what the call needs, a branchy loop with a call in it stops for want of
   * fuel where the interpreter stops, or returns what the interpreter returns, having consumed the
   * same fuel. The budgets short of a path's charges but not of the next one take the frame to the
   * interpreter mid-function; those short of the next one suspend in compiled code.
   */
  @Test
  void everyBudgetRunsOutWhereTheInterpreterDoes() throws IOException {
    byte[] wasm =
        Wat.toBinary(
            """
            (module
              (func $odd (param i32) (result i32) (i32.and (local.get 0) (i32.const 1)))
              (func (export "walk") (param i32) (result i32) (local i32)
                (loop $next
                  (if (call $odd (local.get 0))
                    (then (local.set 1 (i32.add (local.get 1) (i32.const 3))))
                    (else
                      (if (i32.gt_u (local.get 0) (i32.const 4))
                        (then (local.set 1 (i32.mul (local.get 1) (i32.const 5))))
                        (else (local.set 1 (i32.sub (local.get 1) (i32.const 1)))))))
                  (br_if $next (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get 1)))
            """);
    Config interpreted = Config.builder().consumeFuel(true).build();
    long needed = -1;
    for (long budget = 0; needed < 0 || budget <= needed; budget++) {
      String expected = outOfFuel(interpreted, wasm, budget);
      String actual = outOfFuel(COMPILED, wasm, budget);
      assertThat(actual).as("budget %d", budget).isEqualTo(expected);
      if (needed < 0 && !expected.startsWith("trap")) {
        needed = budget;
      }
    }
    assertThat(needed).isGreaterThan(100);
  }

  /**
   * A plain call of {@code walk(12)} with {@code budget} fuel: its result or trap, and its fuel.
   */
  private static String outOfFuel(Config config, byte[] wasm, long budget) {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(budget);
    Instance instance = new Linker<Void>(engine).instantiate(store, Module.compile(engine, wasm));
    try {
      return instance.func("walk").call(store, 12)[0] + " fuel " + store.fuelConsumed();
    } catch (Trap t) {
      return "trap " + t.code() + " fuel " + store.fuelConsumed();
    }
  }
}
