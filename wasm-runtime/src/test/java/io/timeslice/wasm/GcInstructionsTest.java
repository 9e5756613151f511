package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GC's instructions the engine runs: {@code ref.i31}, {@code i31.get_s}, {@code i31.get_u} (and
 * their null trap), {@code ref.eq}, {@code ref.test} and {@code ref.cast} (its trap "cast
 * failure"), {@code br_on_cast}, {@code br_on_cast_fail}, {@code any.convert_extern} and {@code
 * extern.convert_any}, in function bodies and constant expressions, with i31s in globals, locals
 * and tables, in every compilation mode and tier with fuel on and off; sliced fuel gives the
 * results and fuel of one piece; checkpoints keep i31s in cells and refuse them in tables; the
 * validator's types.
 */
class GcInstructionsTest {
  private static final String MODULE =
      """
      (module
        (global $g (mut i31ref) (ref.i31 (i32.const -5)))
        (global (export "e") externref (extern.convert_any (ref.i31 (i32.const 9))))
        (global (export "i") (ref i31) (ref.i31 (i32.const 0x7fffffff)))
        (table $t 4 i31ref)
        (func (export "get_s") (param i32) (result i32) (i31.get_s (ref.i31 (local.get 0))))
        (func (export "get_u") (param i32) (result i32) (i31.get_u (ref.i31 (local.get 0))))
        (func (export "global") (result i32)
          (global.set $g (ref.i31 (i32.add (i31.get_s (global.get $g)) (i32.const 1))))
          (i31.get_s (global.get $g)))
        (func (export "null_s") (result i32) (i31.get_s (ref.null i31)))
        (func (export "null_u") (result i32) (i31.get_u (ref.null none)))
        (func (export "eq") (param i32 i32) (result i32)
          (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
        (func (export "eq_null") (param i32) (result i32)
          (ref.eq (ref.null eq)
            (select (result eqref) (ref.null none) (ref.i31 (i32.const 0)) (local.get 0))))
        ;; An externref through any and back is the same reference.
        (func (export "round_trip") (param externref) (result externref)
          (extern.convert_any (any.convert_extern (local.get 0))))
        (func (export "table") (param i32 i32) (result i32)
          (table.set $t (local.get 0) (ref.i31 (local.get 1)))
          (ref.eq (ref.i31 (local.get 1)) (table.get $t (local.get 0))))
        (func (export "table_null") (param i32) (result i32)
          (ref.is_null (table.get $t (local.get 0))))
        ;; A loop of i31 work and casts, for fuel.
        (func (export "sum") (param $n i32) (result i32)
          (local $acc i31ref)
          (local.set $acc (ref.i31 (i32.const 0)))
          (block $done
            (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc
                (ref.cast (ref i31)
                  (ref.i31 (i32.add (i31.get_s (local.get $acc)) (local.get $n)))))
              (drop
                (block $ok (result (ref i31))
                  (br_on_cast $ok i31ref (ref i31) (local.get $acc))
                  (unreachable)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
          (i31.get_u (local.get $acc)))
        ;; Casts of functions: $g is a declared subtype of $f, $h only looks like them.
        (type $f (sub (func (result i32))))
        (type $g (sub $f (func (result i32))))
        (type $h (func (result i32)))
        (table $fs 4 funcref)
        (elem (table $fs) (i32.const 0) func $fa $ga $ha)
        (func $fa (type $f) (i32.const 1))
        (func $ga (type $g) (i32.const 2))
        (func $ha (type $h) (i32.const 3))
        (func (export "test_f") (param i32) (result i32)
          (ref.test (ref $f) (table.get $fs (local.get 0))))
        (func (export "test_g") (param i32) (result i32)
          (ref.test (ref $g) (table.get $fs (local.get 0))))
        (func (export "test_null_f") (param i32) (result i32)
          (ref.test (ref null $f) (table.get $fs (local.get 0))))
        (func (export "cast_f") (param i32) (result i32)
          (call_ref $f (ref.cast (ref $f) (table.get $fs (local.get 0)))))
        ;; 0: an i31, 1: the host's externref made internal, 2: null.
        (func $pick (param i32 externref) (result anyref)
          (if (result anyref) (i32.eqz (local.get 0))
            (then (ref.i31 (i32.const 5)))
            (else (select (result anyref)
              (any.convert_extern (local.get 1)) (ref.null any)
              (i32.eq (local.get 0) (i32.const 1))))))
        (func (export "test_any") (param i32 externref) (result i32)
          (local $v anyref)
          (local.set $v (call $pick (local.get 0) (local.get 1)))
          (i32.or
            (i32.or
              (ref.test i31ref (local.get $v))
              (i32.shl (ref.test (ref eq) (local.get $v)) (i32.const 1)))
            (i32.or
              (i32.or
                (i32.shl (ref.test (ref any) (local.get $v)) (i32.const 2))
                (i32.shl (ref.test nullref (local.get $v)) (i32.const 3)))
              (i32.shl (ref.test (ref struct) (local.get $v)) (i32.const 4)))))
        (func (export "cast_i31") (param i32 externref) (result i32)
          (i31.get_u (ref.cast (ref i31) (call $pick (local.get 0) (local.get 1)))))
        (func (export "cast_null_i31") (param i32 externref) (result i32)
          (ref.is_null (ref.cast i31ref (call $pick (local.get 0) (local.get 1)))))
        ;; The i31's bits when the pick is one (the branch taken), else -1.
        (func (export "br_cast") (param i32 externref) (result i32)
          (i31.get_u
            (block $is (result (ref i31))
              (drop (br_on_cast $is anyref (ref i31) (call $pick (local.get 0) (local.get 1))))
              (return (i32.const -1)))))
        ;; The i31's bits when the pick is one, else 100 and 1 for a null (the branch taken).
        (func (export "br_cast_fail") (param i32 externref) (result i32)
          (i32.add (i32.const 100)
            (ref.is_null
              (block $not (result anyref)
                (return
                  (i31.get_u
                    (br_on_cast_fail $not anyref (ref i31)
                      (call $pick (local.get 0) (local.get 1))))))))))
      """;

  private static final Config GC = Config.builder().gc(true).build();

  static Stream<Config> configs() {
    Stream.Builder<Config> all = Stream.builder();
    for (CompilationMode mode : CompilationMode.values()) {
      for (boolean fuel : new boolean[] {false, true}) {
        all.add(GC.withCompilationMode(mode).withConsumeFuel(fuel));
      }
    }
    all.add(GC.withOptimizations(false));
    all.add(GC.toBuilder().tier(Tier.COMPILED_EAGER).build());
    all.add(GC.toBuilder().tier(Tier.COMPILED_EAGER).consumeFuel(true).build());
    return all.build();
  }

  private record Run(Store<Void> store, Instance instance) {
    long call(String name, long... args) {
      return instance.func(name).call(store, args)[0];
    }
  }

  private static Run run(Config config) {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Instance instance =
        new Linker<Void>(engine).instantiate(store, Module.fromText(engine, MODULE));
    return new Run(store, instance);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void i31sKeep31Bits(Config config) {
    Run r = run(config);
    assertThat((int) r.call("get_s", 5)).isEqualTo(5);
    assertThat((int) r.call("get_s", -1)).isEqualTo(-1);
    // Bit 30 is the sign: 0x40000000 is -2^30 signed, 2^30 unsigned; bit 31 is dropped.
    assertThat((int) r.call("get_s", 0x4000_0000)).isEqualTo(-0x4000_0000);
    assertThat((int) r.call("get_u", 0x4000_0000)).isEqualTo(0x4000_0000);
    assertThat((int) r.call("get_s", 0x8000_0001)).isEqualTo(1);
    assertThat((int) r.call("get_u", -1)).isEqualTo(0x7fff_ffff);
    assertThat((int) r.call("global")).isEqualTo(-4);
    assertThat((int) r.call("global")).isEqualTo(-3);
    assertThat((int) r.call("sum", 100)).isEqualTo(5050);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void refEqComparesI31sByValueAndNulls(Config config) {
    Run r = run(config);
    assertThat(r.call("eq", 7, 7)).isEqualTo(1);
    assertThat(r.call("eq", 7, 8)).isEqualTo(0);
    // Equal in their 31 bits: the same i31.
    assertThat(r.call("eq", 0x8000_0007L, 7)).isEqualTo(1);
    // Two nulls are equal; null and an i31 are not.
    assertThat(r.call("eq_null", 1)).isEqualTo(1);
    assertThat(r.call("eq_null", 0)).isEqualTo(0);
    assertThat(r.call("table", 2, -9)).isEqualTo(1);
    assertThat(r.call("table_null", 2)).isEqualTo(0);
    assertThat(r.call("table_null", 3)).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void nullI31sTrap(Config config) {
    Run r = run(config);
    for (String name : List.of("null_s", "null_u")) {
      assertThatThrownBy(() -> r.call(name))
          .isInstanceOf(Trap.class)
          .hasMessageStartingWith("null i31 reference")
          .extracting(e -> ((Trap) e).code())
          .isEqualTo(TrapCode.NULL_I31_REFERENCE);
    }
    assertThat(TrapCode.NULL_I31_REFERENCE.number()).isEqualTo(20);
    // The instance goes on.
    assertThat((int) r.call("get_s", 3)).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void castsOfFunctionsFollowDeclaredSubtypes(Config config) {
    Run r = run(config);
    assertThat(List.of(r.call("test_f", 0), r.call("test_f", 1), r.call("test_f", 2)))
        .containsExactly(1L, 1L, 0L);
    assertThat(r.call("test_f", 3)).isZero();
    assertThat(List.of(r.call("test_g", 0), r.call("test_g", 1), r.call("test_g", 2)))
        .containsExactly(0L, 1L, 0L);
    assertThat(r.call("test_null_f", 3)).isEqualTo(1);
    assertThat(r.call("cast_f", 0)).isEqualTo(1);
    assertThat(r.call("cast_f", 1)).isEqualTo(2);
    for (int i : new int[] {2, 3}) {
      assertThatThrownBy(() -> r.call("cast_f", i))
          .isInstanceOf(Trap.class)
          .hasMessageStartingWith("cast failure")
          .extracting(e -> ((Trap) e).code())
          .isEqualTo(TrapCode.CAST_FAILURE);
    }
    assertThat(TrapCode.CAST_FAILURE.number()).isEqualTo(21);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void castsOfAnyrefsTellI31sFromHostReferences(Config config) {
    Run r = run(config);
    long host = r.store().externRef("host");
    // Bits: i31ref (nullable), (ref eq), (ref any), nullref, (ref struct).
    assertThat(r.call("test_any", 0, host)).isEqualTo(0b111);
    assertThat(r.call("test_any", 1, host)).isEqualTo(0b100);
    assertThat(r.call("test_any", 2, host)).isEqualTo(0b1001);
    assertThat(r.call("cast_i31", 0, host)).isEqualTo(5);
    assertThat(r.call("cast_null_i31", 2, host)).isEqualTo(1);
    for (long[] args : new long[][] {{1, host}, {2, host}}) {
      assertThatThrownBy(() -> r.call("cast_i31", args))
          .isInstanceOf(Trap.class)
          .extracting(e -> ((Trap) e).code())
          .isEqualTo(TrapCode.CAST_FAILURE);
    }
    assertThatThrownBy(() -> r.call("cast_null_i31", 1, host))
        .isInstanceOf(Trap.class)
        .extracting(e -> ((Trap) e).code())
        .isEqualTo(TrapCode.CAST_FAILURE);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void brOnCastBranchesOnTheCast(Config config) {
    Run r = run(config);
    long host = r.store().externRef("host");
    assertThat((int) r.call("br_cast", 0, host)).isEqualTo(5);
    assertThat((int) r.call("br_cast", 1, host)).isEqualTo(-1);
    assertThat((int) r.call("br_cast", 2, host)).isEqualTo(-1);
    assertThat((int) r.call("br_cast_fail", 0, host)).isEqualTo(5);
    assertThat((int) r.call("br_cast_fail", 1, host)).isEqualTo(100);
    assertThat((int) r.call("br_cast_fail", 2, host)).isEqualTo(101);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void conversionsKeepTheReference(Config config) {
    Run r = run(config);
    long host = r.store().externRef("host value");
    long back = r.call("round_trip", host);
    assertThat(back).isEqualTo(host);
    assertThat(r.store().externValue(back)).isEqualTo("host value");
    assertThat(r.call("round_trip", 0)).isZero();
    // An i31 made external: a reference of its own, with no host value behind it.
    long external = r.instance().global("e").get();
    assertThat(external).isNotZero();
    assertThat(r.store().externValue(external)).isNull();
    assertThat(r.call("round_trip", external)).isEqualTo(external);
  }

  @Test
  void slicedFuelIsTheFuelOfOnePiece() {
    Config config = GC.withConsumeFuel(true);
    Run whole = run(config);
    long before = whole.store().fuelConsumed();
    long expected = whole.call("sum", 50);
    long fuel = whole.store().fuelConsumed() - before;
    assertThat(fuel).isGreaterThan(50 * 8);
    for (CompilationMode mode : CompilationMode.values()) {
      for (long slice : new long[] {1, 7}) {
        Run sliced = run(config.withCompilationMode(mode));
        long start = sliced.store().fuelConsumed();
        sliced.store().setFuel(slice);
        int suspensions = 0;
        ResumableCall call = sliced.instance().func("sum").callResumable(sliced.store(), 50);
        while (call instanceof ResumableCall.OutOfFuel out) {
          suspensions++;
          sliced.store().setFuel(Math.max(slice, out.requiredFuel()));
          call = out.resume(sliced.store());
        }
        assertThat(((ResumableCall.Finished) call).results()).containsExactly(expected);
        assertThat(sliced.store().fuelConsumed() - start).isEqualTo(fuel);
        assertThat(suspensions).isGreaterThan(10);
      }
    }
  }

  /** A call suspended with i31s in its locals and a global resumes from a checkpoint. */
  @Test
  void checkpointsKeepI31sInCellsAndRefuseThemInTables() {
    Config config = GC.withConsumeFuel(true);
    Engine engine = new Engine(config);
    Module module = Module.fromText(engine, MODULE);
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(1_000);
    Instance instance = new Linker<Void>(engine).instantiate(store, module);
    instance.func("global").call(store);
    store.setFuel(100);
    ResumableCall.Suspended half =
        (ResumableCall.Suspended) instance.func("sum").callResumable(store, 50);
    byte[] bytes = Checkpoint.write(store, module, half, null);
    Store<Void> restored = new Store<>(engine, null);
    Checkpoint.Restored r =
        Checkpoint.restore(bytes, restored, new Linker<Void>(engine).instantiatePre(module), null);
    restored.setFuel(10_000);
    ResumableCall end = ((ResumableCall.OutOfFuel) r.call()).resume(restored);
    assertThat(((ResumableCall.Finished) end).results()).containsExactly(1275);
    assertThat((int) r.instance().func("global").call(restored)[0]).isEqualTo(-3);

    Store<Void> withTable = new Store<>(engine, null);
    withTable.setFuel(1_000);
    Instance t = new Linker<Void>(engine).instantiate(withTable, module);
    t.func("table").call(withTable, 0, 1);
    withTable.setFuel(100);
    ResumableCall.Suspended suspended =
        (ResumableCall.Suspended) t.func("sum").callResumable(withTable, 50);
    assertThatThrownBy(() -> Checkpoint.write(withTable, module, suspended, null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("holds an i31 reference");
  }

  @Test
  void theValidatorTypesGcInstructions() {
    Engine engine = new Engine(GC);
    String[][] invalid = {
      {"(func (result i32) (ref.eq (ref.null any) (ref.null eq)))", "type mismatch"},
      {"(func (result i32) (i31.get_s (ref.null eq)))", "type mismatch"},
      {"(func (result i31ref) (ref.i31 (i64.const 1)))", "type mismatch"},
      {
        "(func (param externref) (result (ref any)) (any.convert_extern (local.get 0)))",
        "type mismatch"
      },
      {
        "(func (param anyref) (result funcref) (extern.convert_any (local.get 0)))", "type mismatch"
      },
      {"(global i32 (i31.get_s (ref.i31 (i32.const 1))))", "constant expression required"},
      {"(global i32 (ref.eq (ref.null eq) (ref.null eq)))", "constant expression required"},
      {"(global (ref any) (any.convert_extern (ref.null extern)))", "type mismatch"},
      {"(func (param funcref) (result i32) (ref.test (ref i31) (local.get 0)))", "type mismatch"},
      {
        "(func (param anyref) (result (ref func)) (ref.cast (ref func) (local.get 0)))",
        "type mismatch"
      },
      {
        "(func (param externref) (result (ref null i31)) (ref.cast (ref i31) (local.get 0)))",
        "type mismatch"
      }
    };
    for (String[] c : invalid) {
      assertThatThrownBy(() -> Module.fromText(engine, "(module " + c[0] + ")"))
          .as(c[0])
          .isInstanceOf(InvalidModuleException.class)
          .hasMessageStartingWith(c[1])
          .hasMessageContaining("byte offset");
    }
    Module.fromText(
        engine,
        "(module (func (param (ref extern)) (result (ref any))"
            + " (any.convert_extern (local.get 0)))"
            + " (global (ref extern) (extern.convert_any (ref.i31 (i32.const 1)))))");
  }

  @Test
  void withoutTheProposalGcInstructionsAreNoOpcodes() {
    Engine off = new Engine(Config.defaults());
    assertThatThrownBy(() -> Wat.toBinary("(module (func (drop (ref.i31 (i32.const 1)))))"))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("needs the gc proposal");
    byte[] bytes = Wat.toBinary("(module (func (drop (ref.i31 (i32.const 1)))))", GC);
    assertThatThrownBy(() -> Module.compile(off, bytes))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageStartingWith("illegal opcode fb");
    // A GC instruction the engine does not run yet (struct.new_default 0) is no opcode to it.
    byte[] struct = {
      0,
      'a',
      's',
      'm',
      1,
      0,
      0,
      0,
      1,
      4,
      1,
      0x60,
      0,
      0,
      3,
      2,
      1,
      0,
      10,
      6,
      1,
      4,
      0,
      (byte) 0xfb,
      1,
      0
    };
    assertThatThrownBy(() -> Module.compile(new Engine(GC), struct))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageStartingWith("illegal opcode fb 1");
  }

  /** The host receives an i31 as an anyref's raw bits, and cannot give one back yet. */
  @Test
  void theHostSeesI31s() {
    Run r = run(GC);
    Global i = r.instance().global("i");
    assertThat(i.type().type()).isEqualTo(ValType.ANYREF);
    long bits = i.get();
    assertThat(bits).isNotZero();
    Engine engine = new Engine(GC);
    Store<Void> store = new Store<>(engine, null);
    Instance id =
        new Linker<Void>(engine)
            .instantiate(
                store,
                Module.fromText(
                    engine,
                    "(module (func (export \"id\") (param anyref) (result anyref) (local.get 0)))"));
    assertThatThrownBy(() -> id.func("id").call(store, bits))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anyref");
  }
}
