package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Typed function references: {@code call_ref} through typed globals and tables with an initialiser,
 * its null trap, a million {@code return_call_ref}s in constant frame memory, {@code
 * ref.as_non_null}, {@code br_on_null} and {@code br_on_non_null}, in every configuration with the
 * same fuel sliced or not; the validator's local initialisation and subtyping with byte offsets;
 * the types in the API and import matching; and the proposal off.
 */
class FunctionReferencesTest {
  private static final String MODULE =
      """
      (module
        (type $ii (func (param i64) (result i64)))
        (type $v (func (result i32)))
        (elem declare func $sq $neg $count $seven)
        (func $sq (type $ii) (i64.mul (local.get 0) (local.get 0)))
        (func $neg (type $ii) (i64.sub (i64.const 0) (local.get 0)))
        (func $seven (type $v) (i32.const 7))
        (global $f (mut (ref null $ii)) (ref.func $sq))
        (global $loop (ref $ii) (ref.func $count))
        ;; A table whose every element is $neg from the start.
        (table $t 4 (ref $ii) (ref.func $neg))
        (func (export "apply") (param $which i32) (param $x i64) (result i64)
          (local $r (ref $ii))
          (local.set $r
            (if (result (ref $ii)) (local.get $which)
              (then (table.get $t (i32.const 3)))
              (else (ref.as_non_null (global.get $f)))))
          (call_ref $ii (local.get $x) (local.get $r)))
        (func (export "clear") (global.set $f (ref.null $ii)))
        ;; Counts down by tail calls through a reference: frame memory stays constant.
        (func $count (type $ii)
          (if (result i64) (i64.eqz (local.get 0))
            (then (i64.const 42))
            (else (return_call_ref $ii (i64.sub (local.get 0) (i64.const 1)) (global.get $loop)))))
        (func (export "count") (param i64) (result i64) (call $count (local.get 0)))
        (func (export "call_null") (result i64)
          (call_ref $ii (i64.const 1) (ref.null $ii)))
        ;; -1 for a null reference, else the call's result.
        (func (export "on_null") (param $null i32) (result i32)
          (block $l
            (return
              (call_ref $v
                (br_on_null $l
                  (select (result (ref null $v))
                    (ref.null $v) (ref.func $seven) (local.get $null))))))
          (i32.const -1))
        (func (export "on_non_null") (param $null i32) (result i32)
          (block $l (result (ref $v))
            (br_on_non_null $l
              (select (result (ref null $v)) (ref.null $v) (ref.func $seven) (local.get $null)))
            (return (i32.const -1)))
          (call_ref $v))
        (func (export "f") (result (ref $ii)) (ref.func $sq)))
      """;

  static Stream<Config> configs() {
    return Stream.of(
        Config.defaults(),
        Config.defaults().withConsumeFuel(true),
        Config.defaults().withCompilationMode(CompilationMode.LAZY),
        Config.defaults().withOptimizations(false),
        Config.defaults().toBuilder().tier(Tier.COMPILED_EAGER).build());
  }

  private static Store<Void> store(Config config) {
    Store<Void> store = new Store<>(new Engine(config), null, StoreLimits.DEFAULT.withStack(4, 64));
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    return store;
  }

  private static Instance instance(Store<Void> store) {
    return new Linker<Void>(store.engine())
        .instantiate(store, Module.fromText(store.engine(), MODULE));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void callRefCallsTheReferencedFunction(Config config) {
    Store<Void> store = store(config);
    Instance instance = instance(store);
    assertThat(instance.func("apply").call(store, 0, 9)).containsExactly(81);
    assertThat(instance.func("apply").call(store, 1, 9)).containsExactly(-9);
    assertThat(instance.func("on_null").call(store, 0)).containsExactly(7);
    // An i32 result's raw bits: -1 is 0xffff_ffff.
    assertThat(instance.func("on_null").call(store, 1)).containsExactly(0xffff_ffffL);
    assertThat(instance.func("on_non_null").call(store, 0)).containsExactly(7);
    assertThat(instance.func("on_non_null").call(store, 1)).containsExactly(0xffff_ffffL);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void nullReferencesTrap(Config config) {
    Store<Void> store = store(config);
    Instance instance = instance(store);
    assertThatThrownBy(() -> instance.func("call_null").call(store))
        .isInstanceOf(Trap.class)
        .extracting(e -> ((Trap) e).code())
        .isEqualTo(TrapCode.NULL_FUNCTION_REFERENCE);
    instance.func("clear").call(store);
    assertThatThrownBy(() -> instance.func("apply").call(store, 0, 9))
        .isInstanceOf(Trap.class)
        .extracting(e -> ((Trap) e).code())
        .isEqualTo(TrapCode.NULL_REFERENCE);
    // The instance goes on: the table still holds its initialiser.
    assertThat(instance.func("apply").call(store, 1, 5)).containsExactly(-5);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aMillionReturnCallRefsRunInConstantFrameMemory(Config config) throws Exception {
    Store<Void> store = store(config);
    Instance instance = instance(store);
    assertThat(TailCallTest.onSmallStack(() -> instance.func("count").call(store, 1_000_000)))
        .containsExactly(42);
  }

  @Test
  void callRefIsMeteredAlikeSlicedOrNot() {
    Config config = Config.defaults().withConsumeFuel(true);
    Store<Void> whole = store(config);
    instance(whole).func("count").call(whole, 10_000);
    long fuel = whole.fuelConsumed();
    // count: call, its entry; per step $count's entry block (local.get, i64.eqz, if) and the else
    // arm (local.get, i64.const, i64.sub, global.get, return_call_ref): 8, as return_call; then
    // the last step's then arm and ends.
    assertThat(fuel).isEqualTo(2 + 10_000L * 8 + 3 + 3 + 1);
    for (Config variant : TailCallTest.slicedVariants(config)) {
      Store<Void> sliced = store(variant);
      Instance instance = instance(sliced);
      long before = sliced.fuelConsumed();
      int[] slices = new int[1];
      assertThat(TailCallTest.sliced(sliced, instance.func("count"), 5, slices, 10_000))
          .containsExactly(42);
      assertThat(sliced.fuelConsumed() - before).isEqualTo(fuel);
      assertThat(slices[0]).isGreaterThan(1_000);
    }
  }

  @Test
  void typedReferencesAreInTheApiTypes() {
    Engine engine = new Engine(Config.defaults());
    Module module = Module.fromText(engine, MODULE);
    FuncType ii = new FuncType(List.of(ValType.I64), List.of(ValType.I64));
    FuncType f =
        (FuncType)
            module.exports().stream()
                .filter(e -> e.name().equals("f"))
                .findFirst()
                .orElseThrow()
                .type();
    assertThat(f.results()).containsExactly(ValType.FUNCREF);
    assertThat(f.resultRef(0)).isEqualTo(new RefType(false, ValType.FUNCREF, ii));
    assertThat(f.toString()).isEqualTo("(func (result (ref (func (param i64) (result i64)))))");
    // A plain funcref result is another type.
    assertThat(f).isNotEqualTo(new FuncType(List.of(), List.of(ValType.FUNCREF)));
  }

  @Test
  void anImmutableGlobalImportMayBeOfASubtypeAMutableOneNot() {
    Engine engine = new Engine(Config.defaults());
    Store<Void> store = new Store<>(engine, null);
    Instance exporter =
        new Linker<Void>(engine)
            .instantiate(
                store,
                Module.fromText(
                    engine,
                    """
                    (module (type $t (func)) (func $f (type $t)) (elem declare func $f)
                      (global (export "c") (ref $t) (ref.func $f))
                      (global (export "m") (mut (ref $t)) (ref.func $f)))
                    """));
    Linker<Void> linker =
        new Linker<Void>(engine)
            .define("m", "c", exporter.global("c"))
            .define("m", "m", exporter.global("m"));
    linker.instantiate(
        store, Module.fromText(engine, "(module (global (import \"m\" \"c\") funcref))"));
    assertThatThrownBy(
            () ->
                linker.instantiate(
                    store,
                    Module.fromText(
                        engine, "(module (global (import \"m\" \"m\") (mut funcref)))")))
        .isInstanceOf(LinkException.class)
        .hasMessageStartingWith("incompatible import type");
    assertThatThrownBy(
            () ->
                linker.instantiate(
                    store,
                    Module.fromText(
                        engine,
                        "(module (type $u (func (param i32)))"
                            + " (global (import \"m\" \"c\") (ref $u)))")))
        .isInstanceOf(LinkException.class);
  }

  @Test
  void theValidatorChecksInitialisationAndSubtypes() {
    Engine engine = new Engine(Config.defaults());
    assertThatThrownBy(
            () ->
                Module.fromText(
                    engine,
                    "(module (func (local $x (ref extern)) (block (local.set $x (ref.as_non_null"
                        + " (ref.null extern)))) (drop (local.get $x))))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("uninitialized local 0")
        .hasMessageContaining("byte offset");
    assertThatThrownBy(
            () -> Module.fromText(engine, "(module (type $t (func)) (table 1 (ref $t)))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessage(
            "type mismatch: a table of non-null references needs an initialiser (at byte offset"
                + " 17)");
    assertThatThrownBy(
            () ->
                Module.fromText(
                    engine,
                    "(module (type $t (func)) (func (param (ref null $t)) (result (ref $t))"
                        + " (local.get 0)))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("type mismatch: expected (ref 0), found (ref null 0)");
  }

  @Test
  void withoutTheProposalTypedReferencesAreNoTypes() {
    Config off = Config.builder().functionReferences(false).build();
    Engine engine = new Engine(off);
    byte[] binary = Wat.toBinary(MODULE);
    assertThatThrownBy(() -> Module.compile(engine, binary))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageStartingWith("malformed value type");
    assertThatThrownBy(() -> Wat.toBinary(MODULE, off))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("needs the function-references proposal");
    assertThat(new Engine(Config.defaults()).irVersion()).contains("+function-references");
    assertThat(engine.irVersion()).doesNotContain("function-references");
  }

  /**
   * The host cannot break the types code trusts: null into a non-null parameter or global, a
   * function of another type into a typed table, or a typed host global of the wrong function.
   */
  @Test
  void hostValuesAreCheckedAgainstTypedReferences() {
    Engine engine = new Engine(Config.defaults());
    Store<Void> store = new Store<>(engine, null);
    Instance instance =
        new Linker<Void>(engine)
            .instantiate(
                store,
                Module.fromText(
                    engine,
                    """
                    (module (type $t (func)) (type $u (func (param i32)))
                      (func $f (type $t)) (func $g (type $u)) (elem declare func $f $g)
                      (table (export "t") 2 (ref null $t))
                      (global (export "g") (mut (ref $t)) (ref.func $f))
                      (func (export "take") (param (ref $t)))
                      (func (export "f") (result (ref $t)) (ref.func $f))
                      (func (export "gf") (result funcref) (ref.func $g)))
                    """));
    long f = instance.func("f").call(store)[0];
    long g = instance.func("gf").call(store)[0];
    instance.func("take").call(store, f);
    assertThatThrownBy(() -> instance.func("take").call(store, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("null is not a value of (ref (func))");
    instance.table("t").set(0, f);
    instance.table("t").set(1, 0);
    assertThatThrownBy(() -> instance.table("t").set(1, g))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a reference of type (ref null (func))");
    assertThatThrownBy(() -> instance.global("g").set(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> instance.global("g").set(g))
        .isInstanceOf(IllegalArgumentException.class);
    FuncType t = new FuncType(List.of(), List.of());
    assertThatThrownBy(
            () ->
                Global.create(
                    store,
                    new GlobalType(ValType.FUNCREF, false, new RefType(false, ValType.FUNCREF, t)),
                    g))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(instance.table("t").type().ref()).isEqualTo(new RefType(true, ValType.FUNCREF, t));
    // A host function of a typed result: checked when it returns, and when a yield resumes.
    FuncType makes =
        new FuncType(
            List.of(ValType.I32),
            List.of(ValType.FUNCREF),
            java.util.Arrays.asList(null, new RefType(false, ValType.FUNCREF, t)));
    Instance user =
        new Linker<Void>(engine)
            .func(
                "h",
                "make",
                makes,
                (caller, args) ->
                    args[0] == 0 ? caller.yield("later") : new long[] {args[0] == 1 ? f : 0})
            .instantiate(
                store,
                Module.fromText(
                    engine,
                    """
                    (module (type $t (func))
                      (import "h" "make" (func $make (param i32) (result (ref $t))))
                      (func (export "call") (param i32) (call_ref $t (call $make (local.get 0)))))
                    """));
    user.func("call").call(store, 1);
    assertThatThrownBy(() -> user.func("call").call(store, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned null is not a value of (ref (func))");
    ResumableCall.HostYield yielded =
        (ResumableCall.HostYield) user.func("call").callResumable(store, 0);
    assertThatThrownBy(() -> yielded.resume(store, g)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Function types naming function types 50,000 deep, in two modules: the import matches the export
   * (equal structure, compared without recursion), and one whose deepest type differs does not,
   * with a message of bounded size.
   */
  @Test
  void deeplyNestedFunctionTypesMatchAcrossModules() {
    int depth = 50_000;
    Engine engine = new Engine(Config.defaults());
    Store<Void> store = new Store<>(engine, null);
    Instance a =
        new Linker<Void>(engine)
            .instantiate(store, Module.compile(engine, chain(depth, false, false)));
    Linker<Void> linker = new Linker<Void>(engine).define("a", "f", a.func("f"));
    linker.instantiate(store, Module.compile(engine, chain(depth, true, false)));
    assertThatThrownBy(
            () -> linker.instantiate(store, Module.compile(engine, chain(depth, true, true))))
        .isInstanceOf(LinkException.class)
        .hasMessageStartingWith("incompatible import type")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  /**
   * Types 0 (func) and i (func (param (ref null i-1))), and a function of the last: defined and
   * exported as "f", or imported from "a" "f"; {@code odd}: type 0 takes an i32.
   */
  private static byte[] chain(int depth, boolean imported, boolean odd) {
    java.io.ByteArrayOutputStream types = new java.io.ByteArrayOutputStream();
    leb(types, depth + 1);
    types.writeBytes(odd ? new byte[] {0x60, 1, 0x7f, 0} : new byte[] {0x60, 0, 0});
    for (int i = 1; i <= depth; i++) {
      types.writeBytes(new byte[] {0x60, 1, 0x63});
      leb(types, i - 1); // an s33 of a positive index below 2^20: as a u32 with a clear sign bit
      types.write(0);
    }
    java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
    m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(m, 1, types.toByteArray());
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    if (imported) {
      body.writeBytes(new byte[] {1, 1, 'a', 1, 'f', 0});
      leb(body, depth);
      section(m, 2, body.toByteArray());
    } else {
      body.write(1);
      leb(body, depth);
      section(m, 3, body.toByteArray());
      section(m, 7, new byte[] {1, 1, 'f', 0, 0});
      section(m, 10, new byte[] {1, 2, 0, 0x0b});
    }
    return m.toByteArray();
  }

  private static void section(java.io.ByteArrayOutputStream m, int id, byte[] content) {
    m.write(id);
    leb(m, content.length);
    m.writeBytes(content);
  }

  private static void leb(java.io.ByteArrayOutputStream out, int value) {
    int v = value;
    while (true) {
      int b = v & 0x7f;
      v >>>= 7;
      // A final byte with bit 6 set would read as negative in an s33: add one more byte.
      if (v == 0 && (b & 0x40) == 0) {
        out.write(b);
        return;
      }
      out.write(b | 0x80);
    }
  }
}
