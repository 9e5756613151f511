package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Functions whose frames pass the register IR's 16-bit slots (docs/ir.md, "Wide locals"): valid
 * modules V8 runs, which the engine once refused ("needs 65536 frame slots") or failed on with an
 * internal error. Each result is checked against the same computation written in Java, in every
 * compilation mode, with fuel on and off, optimised or not, tiered (the function stays
 * interpreted), in fuel slices resumed on other threads, and through a checkpoint restored on
 * another engine.
 */
class WideLocalsTest {
  /**
   * V8's limit on a function's locals, and the engine's default: 50,000 v128s are 100,000 cells.
   */
  private static final int LOCALS = 50_000;

  // The locals the body uses: params 0 ($n) and 1 ($x); i32s from 2, i64s, f64s, then v128s.
  private static final int I32S = 10_000;
  private static final int I64S = 10_000;
  private static final int F64S = 5_000;
  private static final int V128S = LOCALS - 2 - I32S - I64S - F64S;
  private static final int A = 2;
  private static final int Z = A + I32S / 2;
  private static final int C = A + I32S - 1;
  private static final int B = A + I32S + I64S - 1;
  private static final int D = A + I32S + I64S + F64S / 2;
  private static final int V = A + I32S + I64S + F64S + V128S - 1;

  /**
   * {@code f(n, x)}: sets locals at both ends of the frame, recurses (the callee's frame must not
   * touch the caller's locals), reads them all back; {@code z} is set only for odd {@code n}, so an
   * even call sees a fresh zero where an earlier call at the same place left a value.
   */
  private static final String MODULE =
      """
      (module
        (func $f (export "f") (param $n i32) (param $x i64) (result i64)
          (local %s)
          (local.set %d (i32.add (local.get $n) (i32.const 7)))
          (local.set %d (i64.mul (local.get $x) (i64.const 3)))
          (local.set %d (f64.convert_i64_s (local.get %d)))
          (local.set %d (i64x2.splat (local.get %d)))
          (local.set %d (local.tee %d (i32.mul (local.get %d) (i32.const 2))))
          (if (i32.and (local.get $n) (i32.const 1))
            (then (local.set %d (i32.mul (local.get $n) (i32.const 5)))))
          (if (i32.gt_s (local.get $n) (i32.const 0))
            (then
              (local.set %d
                (i64.add (local.get %d)
                  (call $f (i32.sub (local.get $n) (i32.const 1)) (local.get $x))))))
          (i64.add
            (i64.add (i64.extend_i32_s (i32.add (local.get %d) (local.get %d))) (local.get %d))
            (i64.add
              (i64.trunc_f64_s (local.get %d))
              (i64.add
                (i64x2.extract_lane 1 (local.get %d))
                (i64.extend_i32_s (local.get %d)))))))
      """
          .formatted(localTypes(), A, B, D, B, V, B, C, A, A, Z, B, B, A, C, B, D, V, Z);

  private static String localTypes() {
    return "i32 ".repeat(I32S) + "i64 ".repeat(I64S) + "f64 ".repeat(F64S) + "v128 ".repeat(V128S);
  }

  /** What {@code f} computes. */
  private static long expected(int n, long x) {
    int a = (n + 7) * 2;
    int c = a;
    long b = x * 3;
    double d = b;
    long v = b;
    int z = (n & 1) != 0 ? n * 5 : 0;
    if (n > 0) {
      b += expected(n - 1, x);
    }
    return (long) (a + c) + b + (long) d + v + z;
  }

  /** Export {@code name} of {@code text}, instantiated in a fresh store, with fuel to spare. */
  private record Export(Module module, Store<Void> store, Func func) {
    static Export of(Config config, String text, String name) {
      Engine engine = new Engine(config);
      Module module = Module.fromText(engine, text);
      Store<Void> store = new Store<>(engine, null);
      if (config.consumeFuel()) {
        store.setFuel(Long.MAX_VALUE / 2);
      }
      return new Export(
          module, store, new Linker<Void>(engine).instantiate(store, module).func(name));
    }

    long[] call(long... args) {
      return func.call(store, args);
    }
  }

  static Stream<Config> configs() {
    List<Config> out = new ArrayList<>();
    for (CompilationMode mode : CompilationMode.values()) {
      for (boolean fuel : new boolean[] {false, true}) {
        for (boolean optimize : new boolean[] {false, true}) {
          out.add(
              Config.builder()
                  .compilationMode(mode)
                  .consumeFuel(fuel)
                  .optimizations(optimize)
                  .build());
        }
      }
    }
    out.add(Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build());
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void localsPastTheSlotsKeepTheirValuesAcrossCalls(Config config) {
    Export f = Export.of(config, MODULE, "f");
    assertThat(f.call(3, 11)[0]).isEqualTo(expected(3, 11));
    // At the same frame as the call before, which left its values there.
    assertThat(f.call(2, -5)[0]).isEqualTo(expected(2, -5));
    assertThat(f.call(8, 1L << 40)[0]).isEqualTo(expected(8, 1L << 40));
    if (config.tier() != Tier.INTERPRETER_ONLY) {
      assertThat(f.module().refusedFunctions()).as("left to the interpreter").isOne();
    }
  }

  @Test
  void slicedOnOtherThreadsAndCheckpointedLikeAnyCall() throws Exception {
    Config config = Config.builder().consumeFuel(true).build();
    long whole = fuelOf(config);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Engine engine = new Engine(config);
      Module module = Module.fromText(engine, MODULE);
      Store<Void> store = new Store<>(engine, null);
      Func f = new Linker<Void>(engine).instantiate(store, module).func("f");
      store.setFuel(7);
      AtomicReference<ResumableCall> call = new AtomicReference<>(f.callResumable(store, 9, 4));
      int slices = 0;
      while (call.get() instanceof ResumableCall.OutOfFuel out) {
        store.setFuel(Math.max(7, out.requiredFuel()));
        threads.submit(() -> call.set(out.resume(store))).get();
        slices++;
      }
      assertThat(slices).isGreaterThan(10);
      assertThat(((ResumableCall.Finished) call.get()).results()).containsExactly(expected(9, 4));
      assertThat(store.fuelConsumed()).isEqualTo(whole);
    } finally {
      threads.shutdown();
    }
    // Suspended deep in the recursion, written, and finished by another engine from the bytes.
    Engine engine = new Engine(config);
    Module module = Module.fromText(engine, MODULE);
    Store<Void> store = new Store<>(engine, null);
    Func f = new Linker<Void>(engine).instantiate(store, module).func("f");
    store.setFuel(whole / 2);
    ResumableCall.Suspended half = (ResumableCall.Suspended) f.callResumable(store, 9, 4);
    byte[] bytes = Checkpoint.write(store, module, half, null);
    Engine other = new Engine(config);
    Store<Void> restored = new Store<>(other, null);
    Checkpoint.Restored r =
        Checkpoint.restore(
            bytes,
            restored,
            new Linker<Void>(other).instantiatePre(Module.fromText(other, MODULE)),
            null);
    restored.setFuel(whole);
    ResumableCall end = ((ResumableCall.OutOfFuel) r.call()).resume(restored);
    assertThat(((ResumableCall.Finished) end).results()).containsExactly(expected(9, 4));
    assertThat(restored.fuelConsumed()).isEqualTo(whole);
  }

  private static long fuelOf(Config config) {
    Export f = Export.of(config, MODULE, "f");
    f.call(9, 4);
    return f.store().fuelConsumed();
  }

  @Test
  void tailCallsBetweenWideAndSlotFramesRunInConstantFrameMemory() {
    // A thousand frames of 75,000 cells would need 75 million cells: the store's value stack holds
    // a million, so only frames replaced by return_call fit.
    String module =
        """
        (module
          (func $wide (export "wide") (param $n i32) (param $acc i64) (result i64)
            (local %s)
            (local.set %d (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
            (if (result i64) (i32.eqz (local.get $n))
              (then (local.get %d))
              (else (return_call $narrow (i32.sub (local.get $n) (i32.const 1)) (local.get %d)))))
          (func $narrow (param $n i32) (param $acc i64) (result i64)
            (return_call $wide
              (local.get $n) (i64.add (i64.mul (local.get $acc) (i64.const 2)) (i64.const 1)))))
        """
            .formatted(localTypes(), B, B, B);
    long expected = 0;
    for (int n = 1000; ; n--) {
      expected += n;
      if (n == 0) {
        break;
      }
      expected = expected * 2 + 1;
    }
    for (Config config : configs().toList()) {
      assertThat(Export.of(config, module, "wide").call(1000, 0)).containsExactly(expected);
    }
  }

  @Test
  void anOperandStackDeepBesideFiftyThousandLocals() {
    // 16,000 values on the stack at once above 50,000 locals: V8 returns 16000.
    String body = "local.get 0 i32.eqz ".repeat(16_000) + "i32.add ".repeat(15_999);
    String module =
        "(module (func (export \"f\") (result i32) (local "
            + "i32 ".repeat(LOCALS)
            + ") "
            + body
            + "))";
    for (Config config : configs().toList()) {
      assertThat(Export.of(config, module, "f").call()).containsExactly(16_000L);
    }
  }

  @Test
  void theOperandStackAloneMustFitTheSlots() {
    // Wide locals leave the slots to the constants and the operand stack: 65,534 values on the
    // stack and the frame's bookkeeping cell fit; one value more does not.
    Engine engine = new Engine(Config.builder().consumeFuel(false).build());
    for (int depth : new int[] {65_534, 65_535}) {
      String module =
          "(module (func (export \"f\") (param i32) (result i32) "
              + "local.get 0 i32.eqz ".repeat(depth)
              + "i32.add ".repeat(depth - 1)
              + "))";
      if (depth == 65_534) {
        Store<Void> store = new Store<>(engine, null);
        Func f =
            new Linker<Void>(engine).instantiate(store, Module.fromText(engine, module)).func("f");
        assertThat(f.call(store, 0)).containsExactly((long) depth);
      } else {
        assertThatThrownBy(() -> Module.fromText(engine, module))
            .isInstanceOf(InvalidModuleException.class)
            .hasMessageStartingWith(
                "function 0 needs more than 65535 frame slots for its operand stack and constants")
            .satisfies(e -> assertThat(((InvalidModuleException) e).offset()).isPositive());
      }
    }
  }
}
