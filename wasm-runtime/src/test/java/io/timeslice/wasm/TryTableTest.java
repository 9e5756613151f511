package io.timeslice.wasm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebAssembly 3.0 exception handling: {@code try_table} with its four catch clauses, {@code
 * throw_ref} and {@code exnref}, beside the legacy form; exceptions crossing frames and {@code
 * call_indirect}, the traps "uncaught exception" and "null exception reference", in every
 * compilation mode with fuel on and off, unoptimised, under the compiled tier (which runs such
 * modules interpreted), and sliced fuel by fuel with the same fuel as in one piece; exnrefs in the
 * API; and the validator's errors with their offsets.
 */
class TryTableTest {
  private static final String MODULE =
      """
      (module
        (type $ti (func (param i32)))
        (tag $e0)
        (tag $e1 (param i32))
        (tag $e2 (param i32 i64))
        (tag $ev (param v128))
        (table 2 funcref)
        (elem (i32.const 0) $thrower $quiet)
        (global $kept (export "kept") (mut exnref) (ref.null exn))
        (table $exns (export "exns") 2 exnref)
        (func $thrower (type $ti) (throw $e1 (local.get 0)))
        (func $quiet (type $ti))
        ;; x + 5: a catch of a tag with two values.
        (func (export "params") (param i32) (result i32)
          (block $h (result i32 i64)
            (try_table (catch $e2 $h)
              (throw $e2 (local.get 0) (i64.const 5)))
            (unreachable))
          (i32.wrap_i64)
          (i32.add))
        ;; catch_ref keeps the exception, throw_ref throws it on to a catch of its tag: x + 100.
        (func (export "rethrow") (param i32) (result i32)
          (block $outer (result i32)
            (try_table (catch $e1 $outer)
              (block $inner (result i32 exnref)
                (try_table (catch_ref $e1 $inner)
                  (throw $e1 (local.get 0)))
                (unreachable))
              (throw_ref))
            (unreachable))
          (i32.add (i32.const 100)))
        ;; catch_all_ref: a non-null exnref (0 for ref.is_null), kept in a global, thrown again: 7.
        (func (export "all_ref") (result i32)
          (block $h (result exnref)
            (try_table (catch_all_ref $h) (throw $e0))
            (return (i32.const -1)))
          (global.set $kept)
          (block $again
            (try_table (catch $e0 $again)
              (throw_ref (global.get $kept))))
          (i32.add (i32.const 7) (ref.is_null (global.get $kept))))
        ;; Nested: the inner try_table takes $e1 only; $e0 goes on to the outer catch_all.
        (func (export "nested") (param i32) (result i32)
          (block $all
            (block $one (result i32)
              (try_table (catch_all $all)
                (try_table (catch $e1 $one)
                  (if (local.get 0)
                    (then (throw $e1 (i32.const 42)))
                    (else (throw $e0)))))
              (return (i32.const -1)))
            (return))
          (i32.const 99))
        ;; Through call_indirect: element 0 throws its argument, element 1 does nothing (-1).
        (func (export "indirect") (param i32) (param i32) (result i32)
          (block $h (result i32)
            (try_table (catch $e1 $h)
              (call_indirect (type $ti) (local.get 0) (local.get 1)))
            (i32.const -1)))
        ;; An exception thrown n frames deep, caught at the top: n + 7.
        (func $rec (param i32)
          (if (i32.eqz (local.get 0)) (then (throw $e1 (i32.const 7))))
          (call $rec (i32.sub (local.get 0) (i32.const 1))))
        (func (export "deep") (param i32) (result i32)
          (block $h (result i32)
            (try_table (catch $e1 $h) (call $rec (local.get 0)))
            (i32.const -1))
          (i32.add (local.get 0)))
        ;; A catch whose label is the function's: it returns the tag's value.
        (func (export "to_function") (result i32)
          (try_table (catch $e1 0) (throw $e1 (i32.const 3)))
          (i32.const 0))
        ;; A catch whose label is a loop: retried until the counter reaches n; n.
        (func (export "retry") (param $n i32) (result i32) (local $i i32)
          (loop $again
            (try_table (catch $e0 $again)
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (if (i32.lt_u (local.get $i) (local.get $n)) (then (throw $e0)))))
          (local.get $i))
        ;; Sum of 1..n, each term thrown and caught.
        (func (export "sum") (param $n i32) (result i32) (local $s i32)
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (block $h (result i32)
                (local.get $n)
                (try_table (param i32) (catch $e1 $h) (throw $e1))
                (unreachable))
              (local.set $s (i32.add (local.get $s) (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (local.get $s))
        ;; A v128 value: lane 1 of the thrown vector.
        (func (export "vector") (param i32) (result i32)
          (block $h (result v128)
            (try_table (catch $ev $h)
              (throw $ev (i32x4.splat (local.get 0))))
            (unreachable))
          (i32x4.extract_lane 1))
        ;; Both forms: a legacy catch adds 10 and throws anew, the try_table around takes it: 11.
        (func (export "mixed") (result i32)
          (block $h (result i32)
            (try_table (catch $e1 $h)
              (try
                (do (throw $e1 (i32.const 1)))
                (catch $e1 (throw $e1 (i32.add (i32.const 10))))))
            (i32.const -1)))
        ;; A try_table inside a legacy catch arm takes its own exception; rethrow then throws the
        ;; arm's, which the outer catch_all takes: 20.
        (func (export "inside_catch") (result i32)
          (block $all
            (try_table (catch_all $all)
              (try
                (do (throw $e0))
                (catch $e0
                  (block $in (result exnref)
                    (try_table (catch_all_ref $in) (throw $e1 (i32.const 5)))
                    (unreachable))
                  (drop)
                  (rethrow 0))))
            (return (i32.const -1)))
          (i32.const 20))
        (func (export "uncaught") (throw $e0))
        (func (export "uncaught_ref")
          (block $h (result exnref)
            (try_table (catch_all_ref $h) (throw $e1 (i32.const 1)))
            (unreachable))
          (throw_ref))
        (func (export "null_ref") (throw_ref (ref.null exn)))
        ;; exnrefs in and out of the API.
        (func $caught (export "caught") (result exnref) (local $x exnref)
          (block $h (result i32 exnref)
            (try_table (catch_ref $e1 $h) (throw $e1 (i32.const 9)))
            (unreachable))
          (local.set $x)
          (drop)
          (local.get $x))
        (func (export "value_of") (param exnref) (result i32)
          (block $h (result i32)
            (try_table (catch $e1 $h) (throw_ref (local.get 0)))
            (i32.const -1)))
        (func (export "is_null") (param exnref) (result i32) (ref.is_null (local.get 0)))
        ;; An exception kept in a table and thrown from it: its value, 9.
        (func (export "tabled") (result i32)
          (table.set $exns (i32.const 1) (call $caught))
          (block $h (result i32)
            (try_table (catch $e1 $h) (throw_ref (table.get $exns (i32.const 1))))
            (i32.const -1))))
      """;

  static Stream<Config> configs() {
    Config base = Config.builder().exceptionHandling(true).build();
    List<Config> out = new ArrayList<>();
    for (CompilationMode mode : CompilationMode.values()) {
      out.add(base.withCompilationMode(mode));
      out.add(base.withCompilationMode(mode).withConsumeFuel(true));
    }
    out.add(base.withOptimizations(false));
    out.add(base.withConsumeFuel(true).withOptimizations(false));
    out.add(base.toBuilder().tier(Tier.COMPILED_EAGER).build());
    return out.stream();
  }

  private record Run(Store<Void> store, Instance instance) {
    long[] call(String name, long... args) {
      return instance.func(name).call(store, args);
    }

    TrapCode trap(String name, long... args) {
      try {
        call(name, args);
      } catch (Trap t) {
        return t.code();
      }
      throw new AssertionError(name + " did not trap");
    }
  }

  private static Run run(Config config) {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Module module = Module.compile(engine, MODULE.getBytes(UTF_8));
    return new Run(store, new Linker<Void>(engine).instantiate(store, module));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void catchClausesBranchWithTheirValues(Config config) {
    Run run = run(config);
    assertThat(run.call("params", 37)).containsExactly(42);
    assertThat(run.call("rethrow", 5)).containsExactly(105);
    assertThat(run.call("all_ref")).containsExactly(7);
    assertThat(run.call("nested", 1)).containsExactly(42);
    assertThat(run.call("nested", 0)).containsExactly(99);
    assertThat(run.call("indirect", 8, 0)).containsExactly(8);
    assertThat(run.call("indirect", 8, 1)).containsExactly(-1L & 0xffff_ffffL);
    assertThat(run.call("deep", 0)).containsExactly(7);
    assertThat(run.call("deep", 300)).containsExactly(307);
    assertThat(run.call("to_function")).containsExactly(3);
    assertThat(run.call("retry", 50)).containsExactly(50);
    assertThat(run.call("sum", 100)).containsExactly(5050);
    assertThat(run.call("vector", 6)).containsExactly(6);
    assertThat(run.call("mixed")).containsExactly(11);
    assertThat(run.call("inside_catch")).containsExactly(20);
    assertThat(run.call("tabled")).containsExactly(9);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void uncaughtAndNullExceptionsTrap(Config config) {
    Run run = run(config);
    assertThat(run.trap("uncaught")).isEqualTo(TrapCode.UNCAUGHT_EXCEPTION);
    assertThat(run.trap("uncaught_ref")).isEqualTo(TrapCode.UNCAUGHT_EXCEPTION);
    assertThat(run.trap("null_ref")).isEqualTo(TrapCode.NULL_EXCEPTION_REFERENCE);
    assertThat(TrapCode.NULL_EXCEPTION_REFERENCE.message()).isEqualTo("null exception reference");
    // The store runs calls after them as before.
    assertThat(run.call("rethrow", 1)).containsExactly(101);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void exnrefsCrossTheApiButAHostCannotMakeOne(Config config) {
    Run run = run(config);
    FuncType type = run.instance().func("value_of").type();
    assertThat(type.param(0)).isEqualTo(ValType.EXNREF);
    assertThat(type.paramRef(0)).isNull();
    long exn = run.call("caught")[0];
    assertThat(exn).isNotZero();
    assertThat(run.call("is_null", exn)).containsExactly(0);
    assertThat(run.call("value_of", exn)).containsExactly(9);
    assertThat(run.call("is_null", 0)).containsExactly(1);
    assertThat(run.trap("value_of", 0)).isEqualTo(TrapCode.NULL_EXCEPTION_REFERENCE);
    Store<Void> store = run.store();
    Func f = run.instance().func("value_of");
    Func ref = run.instance().func("is_null");
    assertThatThrownBy(() -> f.call(store, store.externRef("host")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an exception reference");
    assertThatThrownBy(() -> ref.call(store, 12345)).isInstanceOf(IllegalArgumentException.class);
    // Globals and tables of exnref: what Wasm put there, null, or an exception the host received.
    Global kept = run.instance().global("kept");
    assertThat(kept.type().type()).isEqualTo(ValType.EXNREF);
    kept.set(exn);
    assertThat(kept.get()).isEqualTo(exn);
    assertThatThrownBy(() -> kept.set(store.externRef("host")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an exception reference");
    Table exns = run.instance().table("exns");
    assertThat(exns.type().element()).isEqualTo(ValType.EXNREF);
    run.call("tabled");
    assertThat(exns.get(1)).isNotZero();
    exns.set(0, exn);
    assertThat(exns.get(0)).isEqualTo(exn);
    assertThatThrownBy(() -> exns.set(0, store.externRef("host")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullexnrefIsTheBottomOfExnrefsAndTheHostSeesIt() {
    // (ref null noexn), "nullexnref", binary 0x74: only null, in function types and globals too.
    Engine engine = new Engine(Config.builder().exceptionHandling(true).build());
    Store<Void> store = new Store<>(engine, null);
    Instance instance =
        new Linker<Void>(engine)
            .instantiate(
                store,
                Module.fromText(
                    engine,
                    """
                    (module
                      (global (export "g") (mut nullexnref) (ref.null noexn))
                      (func (export "f") (param (ref null noexn)) (result exnref nullexnref)
                        local.get 0 global.get 0))
                    """));
    Func f = instance.func("f");
    assertThat(f.type().param(0)).isEqualTo(ValType.NULLEXNREF);
    assertThat(f.type().results()).containsExactly(ValType.EXNREF, ValType.NULLEXNREF);
    assertThat(f.call(store, 0)).containsExactly(0, 0);
    Global g = instance.global("g");
    assertThat(g.type().type()).isEqualTo(ValType.NULLEXNREF);
    Run run = run(Config.builder().exceptionHandling(true).build());
    long exn = run.call("caught")[0];
    // An exception where only null may go is refused, not trusted.
    Func fOfRun =
        new Linker<Void>(run.store().engine())
            .instantiate(
                run.store(),
                Module.fromText(
                    run.store().engine(), "(module (func (export \"f\") (param nullexnref)))"))
            .func("f");
    assertThatThrownBy(() -> fOfRun.call(run.store(), exn))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a reference of type nullexnref");
    // Its byte is a value type with the proposal, malformed without: (func (param 0x74)).
    byte[] param = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 1, 0x74, 0};
    Module.compile(engine, param);
    assertThatThrownBy(() -> Module.compile(new Engine(Config.defaults()), param))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("malformed value type");
    assertThatThrownBy(
            () ->
                Module.compile(
                    new Engine(Config.defaults()),
                    "(module (global nullexnref (ref.null noexn)))".getBytes(UTF_8)))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("nullexnref needs the exception-handling proposal");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aStoredArtifactKeepsTheLandingPads(Config config) {
    Engine engine = new Engine(config);
    byte[] bytes = io.timeslice.wasm.internal.text.WatParser.toBinary(MODULE, config);
    Module restored = Module.deserialize(engine, bytes, Module.compile(engine, bytes).serialize());
    Store<Void> store = new Store<>(engine, null);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Instance instance = new Linker<Void>(engine).instantiate(store, restored);
    assertThat(instance.func("rethrow").call(store, 5)).containsExactly(105);
    assertThat(instance.func("mixed").call(store)).containsExactly(11);
  }

  @Test
  void aHostFunctionReturnsNoExnrefItDidNotReceive() {
    Engine engine = new Engine(Config.builder().exceptionHandling(true).build());
    Store<Void> store = new Store<>(engine, null);
    long[] given = {0};
    FuncType type = new FuncType(List.of(), List.of(ValType.EXNREF));
    Linker<Void> linker =
        new Linker<Void>(engine).func("host", "exn", type, (caller, args) -> new long[] {given[0]});
    String wat =
        """
        (module (import "host" "exn" (func $exn (result exnref)))
          (func (export "f") (result i32) (throw_ref (call $exn))))
        """;
    Instance instance = linker.instantiate(store, Module.compile(engine, wat.getBytes(UTF_8)));
    assertThatThrownBy(() -> instance.func("f").call(store))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.NULL_EXCEPTION_REFERENCE));
    given[0] = store.externRef("forged");
    assertThatThrownBy(() -> instance.func("f").call(store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an exception reference");
  }

  @Test
  void slicedFuelIsTheFuelOfOnePieceAndSuspendsInsideTryTables() {
    Config config = Config.builder().exceptionHandling(true).consumeFuel(true).build();
    long[][] calls = {{300}, {40}, {25}};
    String[] names = {"deep", "sum", "retry"};
    Run whole = run(config);
    long[] expected = new long[names.length];
    long fuel = 0;
    for (int i = 0; i < names.length; i++) {
      long before = whole.store().fuelConsumed();
      expected[i] = whole.call(names[i], calls[i])[0];
      fuel += whole.store().fuelConsumed() - before;
    }
    for (CompilationMode mode : CompilationMode.values()) {
      for (Config variant :
          List.of(
              config.withCompilationMode(mode),
              config.withCompilationMode(mode).withOptimizations(false))) {
        for (long slice : new long[] {1, 7, 1000}) {
          Run sliced = run(variant);
          long before = sliced.store().fuelConsumed();
          int suspensions = 0;
          for (int i = 0; i < names.length; i++) {
            sliced.store().setFuel(slice);
            ResumableCall call =
                sliced.instance().func(names[i]).callResumable(sliced.store(), calls[i]);
            while (call instanceof ResumableCall.OutOfFuel out) {
              suspensions++;
              sliced.store().setFuel(Math.max(slice, out.requiredFuel()));
              call = out.resume(sliced.store());
            }
            assertThat(call).isInstanceOf(ResumableCall.Finished.class);
            assertThat(((ResumableCall.Finished) call).results()).containsExactly(expected[i]);
          }
          assertThat(sliced.store().fuelConsumed() - before).isEqualTo(fuel);
          assertThat(runOut(variant, fuel / 2)).isEqualTo(runOut(config, fuel / 2));
          if (slice < 1000) {
            assertThat(suspensions).isGreaterThan(names.length);
          }
        }
      }
    }
  }

  /** The fuel consumed when {@code deep}, {@code sum}, {@code retry} run out of {@code budget}. */
  private static long runOut(Config config, long budget) {
    Run run = run(config);
    run.store().setFuel(budget);
    assertThatThrownBy(
            () -> {
              run.call("deep", 300);
              run.call("sum", 40);
              run.call("retry", 25);
            })
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.OUT_OF_FUEL));
    return run.store().fuelConsumed();
  }

  @Test
  void tryTableCostsWhatTheScheduleSays() {
    // Entry: try_table, i32.const, throw (3); the catch's branch to the function's label pays
    // nothing more (its end is the function's, whose charge is in the entry block); 3 in all.
    String wat =
        """
        (module (tag $e (param i32))
          (func (export "f") (result i32)
            (try_table (catch $e 0) (throw $e (i32.const 3)))
            (i32.const 0)))
        """;
    Engine engine = new Engine(Config.builder().exceptionHandling(true).consumeFuel(true).build());
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(1000);
    Instance instance =
        new Linker<Void>(engine).instantiate(store, Module.compile(engine, wat.getBytes(UTF_8)));
    assertThat(instance.func("f").call(store)).containsExactly(3);
    assertThat(store.fuelConsumed()).isEqualTo(3);
  }

  private static InvalidModuleException invalid(String body) {
    String wat =
        "(module (tag $e0) (tag $e1 (param i32)) (func (param exnref) (local i32) " + body + "))";
    Engine engine = new Engine(Config.builder().exceptionHandling(true).build());
    try {
      Module.compile(engine, wat.getBytes(UTF_8));
    } catch (InvalidModuleException e) {
      return e;
    }
    throw new AssertionError("valid: " + body);
  }

  @Test
  void invalidModulesAreRefusedWithTheirOffsets() {
    assertThat(invalid("(block $h (result i64) (try_table (catch $e1 $h)) (i64.const 0)) drop"))
        .hasMessageContaining("type mismatch: catch clause gives [i32] but its label takes [i64]");
    assertThat(invalid("(block $h (result i32) (try_table (catch_ref $e1 $h)) (i32.const 0)) drop"))
        .hasMessageContaining("gives [i32 (ref exn)] but its label takes [i32]");
    assertThat(invalid("(block $h (try_table (catch_all_ref $h)))"))
        .hasMessageContaining("gives [(ref exn)] but its label takes []");
    assertThat(invalid("(block $h (result i32) (try_table (catch_all $h)) (i32.const 0)) drop"))
        .hasMessageContaining("gives [] but its label takes [i32]");
    assertThat(invalid("(try_table (catch 7 0))")).hasMessageContaining("unknown tag 7");
    assertThat(invalid("(try_table (catch_all 2))")).hasMessageContaining("unknown label 2");
    assertThat(invalid("(throw_ref (local.get 1))"))
        .hasMessageContaining("type mismatch: expected exnref, found i32");
    assertThat(invalid("(drop (select (local.get 0) (local.get 0) (i32.const 1)))"))
        .hasMessageContaining("select without a type needs numeric operands");
    assertThat(invalid("(drop (i32.add (local.get 0) (i32.const 1)))"))
        .hasMessageContaining("type mismatch");
    // The try_table's own label is not a catch's: label 0 is the function's, which has no results.
    assertThat(invalid("(drop (try_table (result i32) (catch $e1 0) (i32.const 1)))"))
        .hasMessageContaining("gives [i32] but its label takes []");
    // The offset is the try_table's, in the module's bytes.
    String wat = "(module (tag $e0) (tag $e1 (param i32)) (func (param exnref) (local i32) ";
    byte[] bytes =
        io.timeslice.wasm.internal.text.WatParser.toBinary(
            wat + "(try_table (catch 7 0))))", Config.builder().exceptionHandling(true).build());
    InvalidModuleException e = invalid("(try_table (catch 7 0))");
    assertThat(bytes[(int) e.offset()]).isEqualTo((byte) 0x1f);
    assertThat(e.getMessage()).endsWith("(at byte offset " + e.offset() + ")");
  }

  @Test
  void withTheProposalOffTheSyntaxAndTheOpcodesAreRefused() {
    Engine off = new Engine(Config.defaults());
    assertThatThrownBy(() -> Module.compile(off, "(module (func (try_table)))".getBytes(UTF_8)))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("try_table needs the exception-handling proposal");
    assertThatThrownBy(() -> Module.compile(off, "(module (func (param exnref)))".getBytes(UTF_8)))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("exnref needs the exception-handling proposal");
    // (func try_table end end), and with one catch clause of kind 4.
    Engine on = new Engine(Config.builder().exceptionHandling(true).build());
    byte[] tryTable = {
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 0x1f, 0x40, 0,
      0x0b, 0x0b
    };
    Module.compile(on, tryTable);
    assertThatThrownBy(() -> Module.compile(off, tryTable))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("illegal opcode 1f");
    byte[] withClause = {
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 10, 1, 8, 0, 0x1f, 0x40, 1,
      4, 0, 0x0b, 0x0b
    };
    assertThatThrownBy(() -> Module.compile(on, withClause))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("malformed catch clause");
  }
}
