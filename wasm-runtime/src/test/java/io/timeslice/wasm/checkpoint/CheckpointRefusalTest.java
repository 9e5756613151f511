package io.timeslice.wasm.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.timeslice.wasm.Checkpoint;
import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.CheckpointException.Reason;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.HostFunction;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.checkpoint.CheckpointPrograms.Program;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints that must not be restored, and calls that must not be checkpointed, are refused with
 * a {@link CheckpointException} and its reason, never another exception: damaged, truncated, of
 * another module, IR version, WASI configuration or smaller store; holding host state.
 */
class CheckpointRefusalTest {
  private static final Program LOOP = CheckpointPrograms.all().get(0);
  private static final Program RECURSION = CheckpointPrograms.all().get(1);
  private static final Program CHECKSUM = CheckpointPrograms.all().get(3);

  /** A checkpoint of {@code p} at its first suspension with {@code slice} fuel. */
  private static byte[] checkpoint(Program p, Config config, long slice) {
    Engine engine = new Engine(config);
    Module module = p.compile(engine);
    WasiContext wasi = p.context();
    Store<WasiContext> store = new Store<>(engine, wasi);
    Instance instance = p.pre(module).instantiate(store);
    store.setFuel(slice);
    ResumableCall call =
        instance.func(p.export() == null ? "_start" : p.export()).callResumable(store, p.args());
    return Checkpoint.write(store, module, (ResumableCall.Suspended) call, wasi);
  }

  private static Checkpoint.Restored restore(Program p, Config config, byte[] bytes) {
    return restore(p, config, StoreLimits.DEFAULT, bytes, p.context());
  }

  private static Checkpoint.Restored restore(
      Program p, Config config, StoreLimits limits, byte[] bytes, WasiContext wasi) {
    Engine engine = new Engine(config);
    Module module = p.compile(engine);
    Store<WasiContext> store = new Store<>(engine, wasi, limits);
    return Checkpoint.restore(bytes, store, p.pre(module), wasi);
  }

  /** Asserts that {@code r} is refused for {@code reason}, with {@code message} in its message. */
  private static void assertRefused(Runnable r, Reason reason, String message) {
    Throwable t = catchThrowable(r::run);
    assertThat(t).isInstanceOf(CheckpointException.class).hasMessageContaining(message);
    assertThat(((CheckpointException) t).reason()).isEqualTo(reason);
  }

  private static Reason refusal(Runnable r) {
    Throwable t = catchThrowable(r::run);
    assertThat(t).isInstanceOf(CheckpointException.class);
    return ((CheckpointException) t).reason();
  }

  @Test
  void aFlippedByteAnywhereFailsTheChecksum() {
    byte[] good = checkpoint(LOOP, CheckpointRunner.INTERPRETED, 50_000);
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      byte[] bad = good.clone();
      int at = 6 + random.nextInt(bad.length - 6);
      bad[at] ^= (byte) (1 << random.nextInt(8));
      assertThat(refusal(() -> restore(LOOP, CheckpointRunner.INTERPRETED, bad)))
          .as("byte %d flipped", at)
          .isEqualTo(Reason.CORRUPT);
    }
  }

  @Test
  void theMagicAndTheFormatVersionAreChecked() {
    byte[] bad = checkpoint(LOOP, CheckpointRunner.INTERPRETED, 50_000);
    bad[0] = 'X';
    assertThatThrownBy(() -> restore(LOOP, CheckpointRunner.INTERPRETED, bad))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not a checkpoint");
    byte[] later = checkpoint(LOOP, CheckpointRunner.INTERPRETED, 50_000);
    later[5] = 2;
    assertThatThrownBy(() -> restore(LOOP, CheckpointRunner.INTERPRETED, later))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("format version 2");
  }

  @Test
  void everyTruncationIsRefusedAsCorrupt() {
    byte[] good = checkpoint(RECURSION, CheckpointRunner.INTERPRETED, 20_000);
    for (int length = 0; length < good.length; length += Math.max(1, length / 8)) {
      byte[] cut = Arrays.copyOf(good, length);
      assertThat(refusal(() -> restore(RECURSION, CheckpointRunner.INTERPRETED, cut)))
          .as("cut to %d of %d bytes", length, good.length)
          .isIn(Reason.CORRUPT, Reason.FORMAT);
    }
  }

  @Test
  void anotherModuleIsRefused() {
    byte[] bytes = checkpoint(LOOP, CheckpointRunner.INTERPRETED, 50_000);
    assertRefused(
        () -> restore(RECURSION, CheckpointRunner.INTERPRETED, bytes),
        Reason.MODULE,
        "written for module");
  }

  @Test
  void anotherIrVersionIsRefused() {
    byte[] bytes = checkpoint(LOOP, CheckpointRunner.INTERPRETED, 50_000);
    Config unoptimized = CheckpointRunner.INTERPRETED.toBuilder().optimizations(false).build();
    assertThat(new Engine(unoptimized).irVersion())
        .isNotEqualTo(new Engine(CheckpointRunner.INTERPRETED).irVersion());
    assertThat(refusal(() -> restore(LOOP, unoptimized, bytes))).isEqualTo(Reason.IR_VERSION);
  }

  @Test
  void theTierIsNotPartOfTheIrVersion() {
    assertThat(new Engine(CheckpointRunner.COMPILED).irVersion())
        .isEqualTo(new Engine(CheckpointRunner.INTERPRETED).irVersion())
        .isEqualTo(new Engine(CheckpointRunner.TIERED).irVersion());
  }

  /**
   * Bodies damaged behind a valid checksum (the checksum is no signature): any byte of the
   * decompressed body changed and the frame rebuilt. Restoring either works (a changed memory byte
   * or cell) or is refused; nothing else escapes.
   */
  @Test
  void damageBehindAValidChecksumIsRefusedOrHarmless() throws IOException {
    byte[] good = checkpoint(RECURSION, CheckpointRunner.INTERPRETED, 20_000);
    byte[] body = body(good);
    Random random = new Random(3);
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      byte[] changed = body.clone();
      int at =
          i < 100 ? random.nextInt(Math.min(200, changed.length)) : random.nextInt(changed.length);
      changed[at] = (byte) random.nextInt(256);
      byte[] bad = reframe(good, changed);
      Throwable t = catchThrowable(() -> restore(RECURSION, CheckpointRunner.INTERPRETED, bad));
      if (t != null) {
        assertThat(t).as("body byte %d", at).isInstanceOf(CheckpointException.class);
        refused++;
      }
    }
    assertThat(refused).isPositive();
    byte[] shorter = reframe(good, Arrays.copyOf(body, body.length - 3));
    assertThat(refusal(() -> restore(RECURSION, CheckpointRunner.INTERPRETED, shorter)))
        .isEqualTo(Reason.CORRUPT);
  }

  /** The decompressed body of a checkpoint (docs/checkpoint.md's layout). */
  private static byte[] body(byte[] checkpoint) throws IOException {
    int at = bodyStart(checkpoint);
    try (var in =
        new InflaterInputStream(
            new ByteArrayInputStream(checkpoint, at, checkpoint.length - 4 - at))) {
      return in.readAllBytes();
    }
  }

  private static int bodyStart(byte[] checkpoint) {
    int irLength = ByteBuffer.wrap(checkpoint, 40, 2).getShort();
    return 42 + irLength + 16;
  }

  /** {@code checkpoint}'s header with {@code body} compressed, lengths and checksum made valid. */
  private static byte[] reframe(byte[] checkpoint, byte[] body) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (var out = new DeflaterOutputStream(compressed)) {
      out.write(body);
    }
    int start = bodyStart(checkpoint);
    ByteBuffer out = ByteBuffer.allocate(start + compressed.size() + 4);
    out.put(checkpoint, 0, start - 16);
    out.putLong(body.length);
    out.putLong(compressed.size());
    out.put(compressed.toByteArray());
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  @Test
  void aStoreTooSmallForTheCallIsRefused() {
    byte[] bytes = checkpoint(RECURSION, CheckpointRunner.INTERPRETED, 20_000);
    StoreLimits shallow = StoreLimits.builder().callDepth(100).build();
    assertRefused(
        () -> restore(RECURSION, CheckpointRunner.INTERPRETED, shallow, bytes, null),
        Reason.LIMITS,
        "frames, the store allows 100");
  }

  @Test
  void anotherWasiConfigurationOrNoneIsRefused() {
    byte[] bytes = checkpoint(CHECKSUM, CheckpointRunner.INTERPRETED, 50_000);
    for (WasiContext other :
        new WasiContext[] {
          new WasiContext(CHECKSUM.wasi().withArgs("3")),
          new WasiContext(CHECKSUM.wasi().withStdin(new byte[] {1})),
          null
        }) {
      assertThat(
              refusal(
                  () ->
                      restore(
                          CHECKSUM,
                          CheckpointRunner.INTERPRETED,
                          StoreLimits.DEFAULT,
                          bytes,
                          other)))
          .isEqualTo(Reason.WASI);
    }
  }

  @Test
  void aWasiProgramWithoutItsContextIsNotCheckpointed() {
    Engine engine = new Engine(CheckpointRunner.INTERPRETED);
    Module module = CHECKSUM.compile(engine);
    Store<WasiContext> store = new Store<>(engine, CHECKSUM.context());
    Instance instance = CHECKSUM.pre(module).instantiate(store);
    store.setFuel(10_000);
    var call = (ResumableCall.Suspended) instance.func("_start").callResumable(store);
    assertThat(refusal(() -> Checkpoint.write(store, module, call, null))).isEqualTo(Reason.WASI);
  }

  private static final String IMPORTS_COUNTER =
      """
      (module
        (import "host" "next" (func $next (result i32)))
        (func (export "run") (param $n i32) (result i32)
          (local $sum i32)
          (loop $l
            (local.set $sum (i32.add (local.get $sum) (call $next)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l (local.get $n)))
          (local.get $sum)))
      """;

  @Test
  void aHostFunctionWithExternalStateMakesTheCallNotCheckpointable() {
    Engine engine = new Engine(CheckpointRunner.INTERPRETED);
    Module module = Module.fromText(engine, IMPORTS_COUNTER);
    int[] counter = {0};
    HostFunction<Void> next = (caller, args) -> new long[] {++counter[0]};
    FuncType type = new FuncType(List.of(), List.of(ValType.I32));
    Linker<Void> stateful =
        new Linker<Void>(engine).funcWithExternalState("host", "next", type, next);
    Store<Void> store = new Store<>(engine, null);
    Instance instance = stateful.instantiatePre(module).instantiate(store);
    store.setFuel(50);
    var call = (ResumableCall.Suspended) instance.func("run").callResumable(store, 1000);
    assertRefused(
        () -> Checkpoint.write(store, module, call, null),
        Reason.NOT_CHECKPOINTABLE,
        "state outside the store: next");

    // The same function declared without external state is checkpointed, and the call goes on.
    Linker<Void> plain = new Linker<Void>(engine).func("host", "next", type, next);
    Store<Void> other = new Store<>(engine, null);
    Instance again = plain.instantiatePre(module).instantiate(other);
    other.setFuel(50);
    var suspended = (ResumableCall.Suspended) again.func("run").callResumable(other, 1000);
    assertThat(Checkpoint.write(other, module, suspended, null)).isNotEmpty();
  }

  private static final String HOLDS_EXTERNREF =
      """
      (module
        (table $t 1 externref)
        (func (export "run") (param $r externref) (param $n i32) (result i32)
          (table.set $t (i32.const 0) (local.get $r))
          (loop $l
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br_if $l (local.get $n)))
          (local.get $n)))
      """;

  @Test
  void aHostValueHeldAsAReferenceMakesTheCallNotCheckpointable() {
    Engine engine = new Engine(CheckpointRunner.INTERPRETED);
    Module module = Module.fromText(engine, HOLDS_EXTERNREF);
    Store<Void> store = new Store<>(engine, null);
    Instance instance = new Linker<Void>(engine).instantiatePre(module).instantiate(store);
    store.setFuel(100);
    long ref = store.externRef("a host object");
    var call = (ResumableCall.Suspended) instance.func("run").callResumable(store, ref, 1000);
    assertRefused(
        () -> Checkpoint.write(store, module, call, null), Reason.NOT_CHECKPOINTABLE, "host value");
  }

  /**
   * A WASI program yielding (sched_yield twice, then a sleep of 5 ms) is checkpointed at each yield
   * and restored on a new engine, where the host yield is resumed with the host function's result:
   * the same output, the same fuel, the reason kept (a sleep's duration too).
   */
  @Test
  void aWasiSleepOrSchedYieldIsCheckpointedAndResumedElsewhere() {
    for (String[] program :
        new String[][] {
          {"wasi-yield.wasm", "2", "yielded 2 times\n"}, {"wasi-sleep.wasm", "5", "slept 5 ms\n"}
        }) {
      Program p =
          new Program(
              program[0],
              CheckpointPrograms.program(program[0]),
              null,
              new long[0],
              WasiConfig.of("p").withArgs(program[1]));
      Engine engine = new Engine(CheckpointRunner.INTERPRETED);
      Module module = p.compile(engine);
      WasiContext wasi = p.context();
      Store<WasiContext> store = new Store<>(engine, wasi);
      Instance instance = p.pre(module).instantiate(store);
      store.setFuel(Long.MAX_VALUE / 4);
      ResumableCall call = instance.func("_start").callResumable(store);
      int yields = 0;
      Module current = module;
      while (call instanceof ResumableCall.HostYield y) {
        yields++;
        byte[] bytes = Checkpoint.write(store, current, y, wasi);
        wasi = p.context();
        Engine other = new Engine(CheckpointRunner.TIERED);
        store = new Store<>(other, wasi);
        current = p.compile(other);
        var restored =
            (ResumableCall.HostYield) Checkpoint.restore(bytes, store, p.pre(current), wasi).call();
        assertThat(restored.reason()).isEqualTo(y.reason());
        store.setFuel(Long.MAX_VALUE / 4);
        call = restored.resume(store, 0);
      }
      assertThat(yields).as(program[0]).isPositive();
      assertThat(CheckpointPrograms.text(wasi.stdout())).isEqualTo(program[2]);
      Store<WasiContext> plain = new Store<>(engine, p.context());
      plain.setFuel(Long.MAX_VALUE / 4);
      ResumableCall straight = p.pre(module).instantiate(plain).func("_start").callResumable(plain);
      while (straight instanceof ResumableCall.HostYield y) {
        straight = y.resume(plain, 0);
      }
      assertThat(store.fuelConsumed()).isEqualTo(plain.fuelConsumed());
    }
  }

  @Test
  void aHostYieldForAnotherReasonIsNotCheckpointed() {
    Engine engine = new Engine(CheckpointRunner.INTERPRETED);
    Module module = Module.fromText(engine, IMPORTS_COUNTER);
    FuncType type = new FuncType(List.of(), List.of(ValType.I32));
    Linker<Void> linker =
        new Linker<Void>(engine).func("host", "next", type, (caller, args) -> caller.yield("why"));
    Store<Void> store = new Store<>(engine, null);
    Instance instance = linker.instantiatePre(module).instantiate(store);
    store.setFuel(1_000);
    ResumableCall call = instance.func("run").callResumable(store, 3);
    assertThat(call).isInstanceOf(ResumableCall.HostYield.class);
    assertThat(refusal(() -> Checkpoint.write(store, module, (ResumableCall.Suspended) call, null)))
        .isEqualTo(Reason.NOT_CHECKPOINTABLE);
  }

  @Test
  void aResumedCallCannotBeCheckpointedAgain() {
    Engine engine = new Engine(CheckpointRunner.INTERPRETED);
    Module module = LOOP.compile(engine);
    Store<WasiContext> store = new Store<>(engine, null);
    Instance instance = LOOP.pre(module).instantiate(store);
    store.setFuel(1_000);
    var first = (ResumableCall.OutOfFuel) instance.func("run").callResumable(store, 20_000);
    store.setFuel(1_000);
    first.resume(store);
    assertThatThrownBy(() -> Checkpoint.write(store, module, first, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the store's current suspension");
  }

  @Test
  void aCallSuspendedInCompiledCodeRestoresIntoTheInterpreterAndBack() {
    Engine compiled = new Engine(CheckpointRunner.COMPILED);
    Module module = RECURSION.compile(compiled);
    Store<WasiContext> store = new Store<>(compiled, null);
    Instance instance = RECURSION.pre(module).instantiate(store);
    store.setFuel(20_000);
    var call = (ResumableCall.Suspended) instance.func("sum").callResumable(store, 3_000L);
    assertThat(module.compiledFunctions()).as("compiled functions").isPositive();
    byte[] bytes = Checkpoint.write(store, module, call, null);
    Checkpoint.Restored restored = restore(RECURSION, CheckpointRunner.INTERPRETED, bytes);
    assertThat(restored.call()).isInstanceOf(ResumableCall.OutOfFuel.class);
  }
}
