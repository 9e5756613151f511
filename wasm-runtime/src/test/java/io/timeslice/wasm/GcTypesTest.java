package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GC's types behind {@link Config#gc}: recursion groups, struct and array types with packed and
 * mutable fields, declared subtypes, iso-recursive equality (statically, at {@code call_indirect}
 * and when linking), the subtype hierarchy of the abstract heap types, constant expressions over
 * defined globals, the public types of GC references, validation errors with their byte offsets,
 * and the proposal off.
 */
class GcTypesTest {
  private static final Config GC = Config.builder().gc(true).build();

  static Stream<Config> configs() {
    return Stream.of(
        GC,
        GC.withConsumeFuel(true),
        GC.withCompilationMode(CompilationMode.LAZY),
        GC.withCompilationMode(CompilationMode.LAZY_TRANSLATION).withConsumeFuel(true),
        GC.withOptimizations(false),
        GC.toBuilder().tier(Tier.COMPILED_EAGER).build());
  }

  private static Store<Void> store(Config config) {
    Store<Void> store = new Store<>(new Engine(config), null);
    if (config.consumeFuel()) {
      store.setFuel(1_000_000);
    }
    return store;
  }

  private static Instance instance(Store<Void> store, String text) {
    return new Linker<Void>(store.engine())
        .instantiate(store, Module.fromText(store.engine(), text));
  }

  private static InvalidModuleException invalid(String text) {
    Engine engine = new Engine(GC);
    return (InvalidModuleException)
        org.assertj.core.api.Assertions.catchThrowable(() -> Module.fromText(engine, text));
  }

  /** The types of every kind, with GC's references in every place a value type goes. */
  private static final String TYPES =
      """
      (module
        (rec
          (type $list (sub (struct (field $head i32) (field $tail (ref null $list)))))
          (type $node (sub final $list (struct (field i32) (field (ref null $list)) (field (mut i8))))))
        (type $bytes (array (mut i8)))
        (type $shorts (array i16))
        (type $f (func (param anyref eqref) (result structref)))
        (global $g (mut anyref) (ref.null none))
        (global $h (ref null $list) (ref.null $node))
        (global (export "e") eqref (global.get $h))
        (table 2 arrayref)
        (func $id (type $f) (ref.null struct))
        (func (export "nulls") (param i31ref) (result i32)
          (local $a (ref null $bytes)) (local $n nullref)
          (i32.add
            (ref.is_null (local.get 0))
            (i32.add (ref.is_null (table.get (i32.const 1)))
              (ref.is_null (call $id (local.get $a) (local.get $n))))))
        (func (export "any") (param anyref) (result anyref) (local.get 0))
        (func (export "nothing") (param nullfuncref nullexternref) (result nullref)
          (ref.null none)))
      """;

  @ParameterizedTest
  @MethodSource("configs")
  void typesOfEveryKindValidateAndRun(Config config) {
    Store<Void> store = store(config);
    Instance instance = instance(store, TYPES);
    assertThat(instance.func("nulls").call(store, 0)).containsExactly(3);
    assertThat(instance.func("any").call(store, 0)).containsExactly(0);
    assertThat(instance.func("nothing").call(store, 0, 0)).containsExactly(0);
  }

  /** Equal recursion groups are one type; a type of another group is not, however it reads. */
  @ParameterizedTest
  @MethodSource("configs")
  void typesAreEqualWhenTheirRecursionGroupsAre(Config config) {
    Store<Void> store = store(config);
    Instance instance =
        instance(
            store,
            """
            (module
              (rec (type $f1 (func)) (type (struct)))
              (rec (type $f2 (func)) (type (struct)))
              (rec (type (struct)) (type $f3 (func)))
              (rec (type $t1 (func (param i32 (ref $t1)))))
              (rec (type $u1 (func (param i32 (ref $u1)))))
              (type $plain (func))
              (table funcref (elem $a $r))
              (func $a (type $f1))
              (func $r (type $t1))
              (func (export "same") (call_indirect (type $f2) (i32.const 0)))
              (func (export "recursive")
                (call_indirect (type $u1) (i32.const 1) (ref.func $r) (i32.const 1)))
              (func (export "shifted") (call_indirect (type $f3) (i32.const 0)))
              (func (export "plain") (call_indirect (type $plain) (i32.const 0))))
            """);
    instance.func("same").call(store);
    instance.func("recursive").call(store);
    for (String name : List.of("shifted", "plain")) {
      assertThatThrownBy(() -> instance.func(name).call(store))
          .isInstanceOf(Trap.class)
          .extracting(e -> ((Trap) e).code())
          .isEqualTo(TrapCode.INDIRECT_CALL_TYPE_MISMATCH);
    }
  }

  /** A subtype's function may be called as its supertype, not the other way round. */
  @ParameterizedTest
  @MethodSource("configs")
  void callIndirectAcceptsDeclaredSubtypes(Config config) {
    Store<Void> store = store(config);
    Instance instance =
        instance(
            store,
            """
            (module
              (type $super (sub (func (result i32))))
              (type $sub (sub $super (func (result i32))))
              (table funcref (elem $f $g))
              (func $f (type $sub) (i32.const 7))
              (func $g (type $super) (i32.const 8))
              (func (export "as_super") (param i32) (result i32)
                (call_indirect (type $super) (local.get 0)))
              (func (export "as_sub") (param i32) (result i32)
                (call_indirect (type $sub) (local.get 0))))
            """);
    assertThat(instance.func("as_super").call(store, 0)).containsExactly(7);
    assertThat(instance.func("as_super").call(store, 1)).containsExactly(8);
    assertThat(instance.func("as_sub").call(store, 0)).containsExactly(7);
    assertThatThrownBy(() -> instance.func("as_sub").call(store, 1))
        .isInstanceOf(Trap.class)
        .extracting(e -> ((Trap) e).code())
        .isEqualTo(TrapCode.INDIRECT_CALL_TYPE_MISMATCH);
  }

  @Test
  void importsMatchByRecursionGroupAndSubtype() {
    Engine engine = new Engine(GC);
    Store<Void> store = new Store<>(engine, null);
    Linker<Void> linker = new Linker<>(engine);
    Instance m =
        linker.instantiate(
            store,
            Module.fromText(
                engine,
                """
                (module
                  (rec (type $f1 (func)) (type (struct)))
                  (type $s (sub (func)))
                  (type $t (sub $s (func)))
                  (func (export "f") (type $f1))
                  (func (export "t") (type $t)))
                """));
    linker.instance("M", m);
    linker.instantiate(
        store,
        Module.fromText(
            engine,
            """
            (module
              (rec (type $f2 (func)) (type (struct)))
              (type $s (sub (func)))
              (func (import "M" "f") (type $f2))
              (func (import "M" "t") (type $s)))
            """));
    for (String other :
        List.of(
            "(rec (type (struct)) (type $f (func))) (func (import \"M\" \"f\") (type $f))",
            "(rec (type $f (func))) (func (import \"M\" \"f\") (type $f))",
            "(type $s (sub (func))) (type $t (sub $s (func))) (func (import \"M\" \"t\")"
                + " (type $t)) (func (import \"M\" \"f\") (type $s))")) {
      assertThatThrownBy(
              () -> linker.instantiate(store, Module.fromText(engine, "(module " + other + ")")))
          .as(other)
          .isInstanceOf(LinkException.class)
          .hasMessageContaining("incompatible import type");
    }
  }

  @Test
  void globalAndTableImportsMatchByTheIdentitiesOfTheirTypes() {
    // Their public types say only "(ref null any)" for every struct type and cannot tell
    // function types of different recursion groups apart: linking must compare identities.
    Engine engine = new Engine(GC);
    Store<Void> store = new Store<>(engine, null);
    Linker<Void> linker = new Linker<>(engine);
    String types =
        """
        (type $p (struct (field i32)))
        (type $q (struct (field i64)))
        (type $super (sub (struct)))
        (type $sub (sub $super (struct (field i32))))
        (rec (type $r (func (param (ref null $r)))))
        """;
    Instance m =
        linker.instantiate(
            store,
            Module.fromText(
                engine,
                "(module "
                    + types
                    + """
                      (func $f (type $r))
                      (elem declare func $f)
                      (global (export "p") (mut (ref null $p)) (ref.null $p))
                      (global (export "sub") (ref null $sub) (ref.null $sub))
                      (global (export "msub") (mut (ref null $sub)) (ref.null $sub))
                      (global (export "r") (ref $r) (ref.func $f))
                      (table (export "tp") 1 (ref null $p))
                      (table (export "tsub") 1 (ref null $sub)))
                      """));
    linker.instance("M", m);
    for (String good :
        List.of(
            "(global (import \"M\" \"p\") (mut (ref null $p)))",
            "(global (import \"M\" \"sub\") (ref null $sub))",
            "(global (import \"M\" \"sub\") (ref null $super))",
            "(global (import \"M\" \"sub\") (ref null struct))",
            "(global (import \"M\" \"sub\") eqref)",
            "(global (import \"M\" \"msub\") (mut (ref null $sub)))",
            "(global (import \"M\" \"r\") (ref $r))",
            "(global (import \"M\" \"r\") (ref func))",
            "(table (import \"M\" \"tp\") 1 (ref null $p))",
            "(table (import \"M\" \"tsub\") 1 (ref null $sub))")) {
      linker.instantiate(store, Module.fromText(engine, "(module " + types + good + ")"));
    }
    for (String bad :
        List.of(
            "(global (import \"M\" \"p\") (mut (ref null $q)))",
            "(global (import \"M\" \"p\") (mut (ref null struct)))",
            "(global (import \"M\" \"sub\") (ref null $p))",
            "(global (import \"M\" \"sub\") (ref $sub))",
            "(global (import \"M\" \"sub\") (ref null array))",
            "(global (import \"M\" \"msub\") (mut (ref null $super)))",
            "(global (import \"M\" \"r\") (ref $q))",
            "(table (import \"M\" \"tp\") 1 (ref null $q))",
            "(table (import \"M\" \"tsub\") 1 (ref null $super))")) {
      assertThatThrownBy(
              () ->
                  linker.instantiate(
                      store, Module.fromText(engine, "(module " + types + bad + ")")))
          .as(bad)
          .isInstanceOf(LinkException.class)
          .hasMessageContaining("incompatible import type");
    }
    // A function type of another recursion group, public form alike: "(func (param funcref))".
    assertThatThrownBy(
            () ->
                linker.instantiate(
                    store,
                    Module.fromText(
                        engine,
                        "(module (rec (type $r (func (param (ref null $r)))) (type (struct)))"
                            + " (global (import \"M\" \"r\") (ref $r)))")))
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("incompatible import type");
  }

  @Test
  void aHostGlobalOfAnAnyrefIsOfAnyAloneAndAHostFunctionTypeMatchesOnlyWhereItIsExact() {
    Engine engine = new Engine(GC);
    Store<Void> store = new Store<>(engine, null);
    Linker<Void> linker = new Linker<>(engine);
    linker.define("host", "any", Global.create(store, new GlobalType(ValType.ANYREF, true), 0));
    FuncType unary = new FuncType(List.of(ValType.I32), List.of());
    linker.define(
        "host",
        "f",
        Global.create(
            store,
            new GlobalType(ValType.FUNCREF, false, RefType.of(true, ValType.FUNCREF, unary)),
            0));
    linker.instantiate(
        store,
        Module.fromText(
            engine,
            "(module (type $u (func (param i32))) (global (import \"host\" \"any\") (mut anyref))"
                + " (global (import \"host\" \"f\") (ref null $u)))"));
    for (String bad :
        List.of(
            "(type $s (struct)) (global (import \"host\" \"any\") (mut (ref null $s)))",
            "(global (import \"host\" \"any\") (mut eqref))",
            "(type $u (sub (func (param i32)))) (global (import \"host\" \"f\") (ref null $u))",
            "(rec (type $u (func (param i32))) (type (struct)))"
                + " (global (import \"host\" \"f\") (ref null $u))")) {
      assertThatThrownBy(
              () -> linker.instantiate(store, Module.fromText(engine, "(module " + bad + ")")))
          .as(bad)
          .isInstanceOf(LinkException.class)
          .hasMessageContaining("incompatible import type");
    }
  }

  @Test
  void theHierarchyOfHeapTypes() {
    String[][] valid = {
      {"(ref null none)", "(ref null $s)"},
      {"(ref none)", "(ref i31)"},
      {"(ref $s)", "(ref struct)"},
      {"(ref $a)", "(ref array)"},
      {"i31ref", "eqref"},
      {"structref", "eqref"},
      {"arrayref", "anyref"},
      {"eqref", "anyref"},
      {"(ref $sub)", "(ref null $s)"},
      {"nullfuncref", "(ref null $f)"},
      {"(ref $f)", "funcref"},
      {"nullexternref", "externref"}
    };
    String[][] invalid = {
      {"anyref", "eqref"},
      {"(ref $s)", "(ref array)"},
      {"(ref $a)", "(ref null $s)"},
      {"(ref $s)", "(ref null $sub)"},
      {"funcref", "anyref"},
      {"externref", "anyref"},
      {"nullref", "funcref"},
      {"i31ref", "structref"},
      {"(ref $f)", "anyref"}
    };
    String types =
        "(type $s (sub (struct (field i32)))) (type $sub (sub $s (struct (field i32 i64))))"
            + " (type $a (array i8)) (type $f (func))";
    Engine engine = new Engine(GC);
    for (String[] p : valid) {
      Module.fromText(engine, module(types, p[0], p[1]));
    }
    for (String[] p : invalid) {
      assertThat(invalid(module(types, p[0], p[1])))
          .as("%s into %s", p[0], p[1])
          .hasMessageStartingWith("type mismatch");
    }
  }

  private static String module(String types, String sub, String sup) {
    return "(module " + types + " (func (param " + sub + ") (result " + sup + ") (local.get 0)))";
  }

  @Test
  void declaredSubtypesAreChecked() {
    String[] bad = {
      "(type $a (array i32)) (type (sub $a (array i32)))", // $a is final
      "(type $a (sub (array i32))) (type (sub $a (struct)))",
      "(type $a (sub (array i32))) (type (sub $a (array i64)))",
      "(type $a (sub (array (mut i32)))) (type (sub $a (array i32)))",
      "(type $s (sub (struct (field i32 i32)))) (type (sub $s (struct (field i32))))",
      "(type $s (sub (struct (field (mut anyref))))) (type (sub $s (struct (field (mut eqref)))))",
      "(type $f (sub (func (param eqref)))) (type (sub $f (func (param i31ref))))",
      "(type $f (sub (func (result anyref)))) (type (sub $f (func (result i32))))"
    };
    for (String types : bad) {
      assertThat(invalid("(module " + types + ")"))
          .as(types)
          .hasMessageContaining("sub type 1 does not match super type 0")
          .hasMessageContaining("byte offset");
    }
    String[] good = {
      "(type $a (sub (array anyref))) (type (sub final $a (array eqref)))",
      "(type $s (sub (struct (field i32)))) (type (sub $s (struct (field i32) (field (mut i8)))))",
      "(type $f (sub (func (param i31ref) (result anyref)))) (type (sub $f (func (param eqref)"
          + " (result (ref struct)))))"
    };
    for (String types : good) {
      Module.fromText(new Engine(GC), "(module " + types + ")");
    }
  }

  @Test
  void structAndArrayTypesAreNoFunctionTypes() {
    assertThat(invalid("(module (type $s (struct)) (func (type $s)))"))
        .hasMessageStartingWith("type mismatch: type 0 is not a function type");
    assertThat(
            invalid(
                "(module (type $a (array i8)) (table 1 funcref)"
                    + " (func (call_indirect (type $a) (i32.const 0))))"))
        .hasMessageStartingWith("type mismatch: type 0 is not a function type");
    // A block of type 1, (param i32), made a block of type 0, the struct.
    byte[] binary =
        Wat.toBinary(
            "(module (type (struct)) (type $p (func (param i32)))"
                + " (func (i32.const 1) (block (type $p) (param i32) (drop))))",
            GC);
    int block = indexOf(binary, new byte[] {0x02, 0x01, 0x1a, 0x0b});
    binary[block + 1] = 0;
    byte[] blockOfStruct = binary;
    assertThatThrownBy(() -> Module.compile(new Engine(GC), blockOfStruct))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("type mismatch: type 0 is not a function type");
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void typesNameLaterTypesOnlyInTheirRecursionGroup() {
    Module.fromText(
        new Engine(GC),
        "(module (rec (type $a (struct (field (ref $b)))) (type $b (array (ref $a)))))");
    assertThat(invalid("(module (type $a (struct (field (ref $b)))) (type $b (array (ref $a))))"))
        .hasMessageStartingWith("unknown type 1");
  }

  @Test
  void constantExpressionsReadEarlierGlobals() {
    Store<Void> store = store(GC);
    Instance instance =
        instance(
            store,
            "(module (global $a i32 (i32.const 7)) (global (export \"b\") i32 (global.get $a)))");
    assertThat(instance.global("b").get()).isEqualTo(7);
    assertThat(invalid("(module (global $a i32 (global.get $b)) (global $b i32 (i32.const 1)))"))
        .hasMessageStartingWith("unknown global 1");
    assertThatThrownBy(
            () ->
                Module.fromText(
                    new Engine(Config.defaults()),
                    "(module (global $a i32 (i32.const 7)) (global i32 (global.get $a)))"))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("unknown global 0");
  }

  /** The host sees GC's references as their tops or bottoms, and can give only null. */
  @Test
  void theApiShowsGcReferencesAndTheHostGivesOnlyNull() {
    Store<Void> store = store(GC);
    Instance instance = instance(store, TYPES);
    FuncType any = instance.func("any").type();
    assertThat(any.params()).containsExactly(ValType.ANYREF);
    FuncType nothing = instance.func("nothing").type();
    assertThat(nothing.params()).containsExactly(ValType.NULLFUNCREF, ValType.NULLEXTERNREF);
    assertThat(nothing.results()).containsExactly(ValType.NULLREF);
    assertThat(nothing.toString())
        .isEqualTo("(func (param nullfuncref nullexternref) (result nullref))");
    long extern = store.externRef("host");
    assertThatThrownBy(() -> instance.func("any").call(store, extern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anyref");
    assertThatThrownBy(() -> instance.func("nothing").call(store, 0, extern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nullexternref");
    assertThat(instance.global("e").type().type()).isEqualTo(ValType.ANYREF);
  }

  @Test
  void bytesOfBadTypeSectionsAreErrorsNotExceptions() {
    byte[] header = {0, 'a', 's', 'm', 1, 0, 0, 0};
    byte[][] sections = {
      {1, 3, 1, 0x4e, 5}, // a group longer than the section
      {1, 4, 1, 0x5f, 1, 0x78}, // a field without mutability
      {1, 5, 1, 0x5f, 1, 0x78, 2}, // mutability 2
      {1, 4, 1, 0x5e, 0x40, 0}, // no storage type 0x40
      {1, 5, 1, 0x50, 1, 0, 0x60}, // a supertype that is the type itself
      {1, 6, 1, 0x50, 2, 0, 0, 0x60}, // two supertypes
      {1, 4, 1, 0x5e, 0x63, 0x7f}, // an s33 heap type cut short
      {1, 2, 1, 0x4f} // sub final and nothing after
    };
    Engine engine = new Engine(GC);
    for (byte[] section : sections) {
      byte[] module = new byte[header.length + section.length];
      System.arraycopy(header, 0, module, 0, header.length);
      System.arraycopy(section, 0, module, header.length, section.length);
      assertThatThrownBy(() -> Module.compile(engine, module))
          .as(java.util.HexFormat.of().formatHex(section))
          .isInstanceOfAny(MalformedModuleException.class, InvalidModuleException.class)
          .hasMessageContaining("byte offset");
    }
  }

  @Test
  void withoutTheProposalGcTypesAreNoTypes() {
    Engine off = new Engine(Config.defaults());
    assertThat(Config.defaults().gc()).isFalse();
    assertThat(Config.builder().gc(true).functionReferences(false).build().functionReferences())
        .isTrue();
    assertThat(Config.builder().proposal("gc", true).build().proposal("gc")).isTrue();
    assertThat(new Engine(GC).irVersion()).endsWith("+function-references+gc");
    assertThat(off.irVersion()).doesNotContain("gc");
    assertThatThrownBy(() -> Wat.toBinary("(module (rec))"))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("needs the gc proposal");
    assertThatThrownBy(() -> Wat.toBinary("(module (global anyref (ref.null any)))"))
        .isInstanceOf(MalformedTextException.class)
        .hasMessageContaining("needs the gc proposal");
    assertThatThrownBy(() -> Wat.toBinary("(module (type (struct)))"))
        .isInstanceOf(MalformedTextException.class);
    byte[] struct = Wat.toBinary("(module (type (struct)))", GC);
    assertThatThrownBy(() -> Module.compile(off, struct))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageStartingWith("integer representation too long: malformed function type");
    byte[] anyref = Wat.toBinary("(module (global anyref (ref.null any)))", GC);
    assertThatThrownBy(() -> Module.compile(off, anyref))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageStartingWith("malformed value type");
  }
}
