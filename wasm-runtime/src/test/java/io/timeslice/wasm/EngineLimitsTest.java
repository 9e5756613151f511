package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.fuzz.WasmWriter;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every limit the engine keeps on modules (docs/limits.md), each at the limit and one past it: the
 * defaults are the JS API's implementation limits, which V8 enforces, so that every module V8
 * compiles compiles here too; nesting, br_table targets and parameters are bounded only by the body
 * size. Where a module at a default limit would take more than a few megabytes, the limit is
 * checked at a smaller configured value and the default one past its value.
 */
class EngineLimitsTest {
  private static final Engine ENGINE = new Engine();

  private static final int FUNC_TYPE = 0x60;
  private static final int I32 = 0x7f;
  private static final int BLOCK = 0x02;
  private static final int END = 0x0b;

  @Test
  void defaultsAreTheJsApiLimits() {
    Config c = Config.defaults();
    assertThat(c.maxModuleBytes()).isEqualTo(1 << 30);
    assertThat(c.maxTypes()).isEqualTo(1_000_000);
    assertThat(c.maxFunctions()).isEqualTo(1_000_000);
    assertThat(c.maxImports()).isEqualTo(100_000);
    assertThat(c.maxExports()).isEqualTo(100_000);
    assertThat(c.maxGlobals()).isEqualTo(1_000_000);
    assertThat(c.maxTables()).isEqualTo(100_000);
    assertThat(c.maxDataSegments()).isEqualTo(100_000);
    assertThat(c.maxElementSegments()).isEqualTo(10_000_000);
    assertThat(c.maxLocals()).isEqualTo(50_000);
    assertThat(c.maxFunctionBodyBytes()).isEqualTo(7_654_321);
  }

  @Test
  void types() {
    IntFunction<byte[]> module =
        n -> {
          WasmWriter types = new WasmWriter().u32(n);
          for (int i = 0; i < n; i++) {
            types.u8(FUNC_TYPE).u32(0).u32(0);
          }
          return header().section(1, types).toByteArray();
        };
    atAndPast(ENGINE, module, 1_000_000, "too many types: 1000001, the limit is 1000000");
  }

  @Test
  void functions() {
    IntFunction<byte[]> module =
        n -> {
          WasmWriter funcs = new WasmWriter().u32(n);
          WasmWriter code = new WasmWriter().u32(n);
          for (int i = 0; i < n; i++) {
            funcs.u32(0);
            code.u32(2).u32(0).u8(END);
          }
          return header().section(1, voidType()).section(3, funcs).section(10, code).toByteArray();
        };
    atAndPast(ENGINE, module, 1_000_000, "too many functions: 1000001, the limit is 1000000");
  }

  @Test
  void imports() {
    IntFunction<byte[]> module =
        n -> {
          WasmWriter imports = new WasmWriter().u32(n);
          for (int i = 0; i < n; i++) {
            imports.name("m").name("f").u8(0).u32(0);
          }
          return header().section(1, voidType()).section(2, imports).toByteArray();
        };
    atAndPast(ENGINE, module, 100_000, "too many imports: 100001, the limit is 100000");
  }

  @Test
  void exports() {
    IntFunction<byte[]> module =
        n -> {
          WasmWriter exports = new WasmWriter().u32(n);
          for (int i = 0; i < n; i++) {
            exports.name(Integer.toString(i)).u8(0).u32(0);
          }
          return header()
              .section(1, voidType())
              .section(3, new WasmWriter().u32(1).u32(0))
              .section(7, exports)
              .section(10, new WasmWriter().u32(1).u32(2).u32(0).u8(END))
              .toByteArray();
        };
    atAndPast(ENGINE, module, 100_000, "too many exports: 100001, the limit is 100000");
  }

  @Test
  void globals() {
    IntFunction<byte[]> module =
        n -> {
          WasmWriter globals = new WasmWriter().u32(n);
          for (int i = 0; i < n; i++) {
            globals.u8(I32).u8(0).u8(0x41).s32(i).u8(END);
          }
          return header().section(6, globals).toByteArray();
        };
    atAndPast(ENGINE, module, 1_000_000, "too many globals: 1000001, the limit is 1000000");
  }

  @Test
  void tables() {
    IntFunction<byte[]> module =
        n -> {
          WasmWriter tables = new WasmWriter().u32(n);
          for (int i = 0; i < n; i++) {
            tables.u8(0x70).u8(0).u32(0);
          }
          return header().section(4, tables).toByteArray();
        };
    atAndPast(ENGINE, module, 100_000, "too many tables: 100001, the limit is 100000");
  }

  @Test
  void dataSegments() {
    atAndPast(
        ENGINE,
        EngineLimitsTest::passiveDataSegments,
        100_000,
        "too many data segments: 100001, the limit is 100000");
  }

  @Test
  void elementSegments() {
    // Ten million segments take a module of 30 MB: the limit is checked at a configured value,
    // and the default one past it (the count is checked before anything is allocated).
    Engine small = new Engine(Config.builder().maxElementSegments(1_000).build());
    atAndPast(
        small,
        EngineLimitsTest::passiveElementSegments,
        1_000,
        "too many element segments: 1001, the limit is 1000");
    assertThatThrownBy(() -> Module.validate(ENGINE, passiveElementSegments(10_000_001)))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("too many element segments: 10000001, the limit is 10000000");
  }

  @Test
  void locals() {
    IntFunction<byte[]> module = n -> oneFunction(voidType(), localsBody(n, I32, new byte[0]));
    atAndPast(ENGINE, module, 50_000, "too many locals: 50001, the limit is 50000");
  }

  @Test
  void functionBodyBytes() {
    // A body of nops: one byte for no locals, the nops, the end.
    IntFunction<byte[]> module =
        n -> {
          byte[] body = new byte[n];
          body[n - 1] = END;
          body[0] = 0;
          java.util.Arrays.fill(body, 1, n - 1, (byte) 0x01);
          return oneFunction(voidType(), body);
        };
    assertThat(callF(ENGINE, module.apply(7_654_321))).isEmpty();
    assertThatThrownBy(() -> Module.validate(ENGINE, module.apply(7_654_322)))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("function body too large: 7654322 bytes, the limit is 7654321");
  }

  @Test
  void moduleBytes() {
    // A gigabyte-sized module is not built here: the check is exact at a configured value.
    byte[] module = oneFunction(voidType(), new byte[] {0, END});
    Engine exact = new Engine(Config.builder().maxModuleBytes(module.length).build());
    Module.validate(exact, module);
    Engine smaller = new Engine(Config.builder().maxModuleBytes(module.length - 1).build());
    assertThatThrownBy(() -> Module.validate(smaller, module))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("module too large: " + module.length + " bytes");
  }

  @Test
  void nestingIsBoundedOnlyByTheBodySize() {
    // Two million nested blocks (six million bytes) around a constant, each passing it on.
    int depth = 2_000_000;
    byte[] body = new byte[1 + depth * 2 + 2 + depth + 1];
    int p = 0;
    body[p++] = 0;
    for (int i = 0; i < depth; i++) {
      body[p++] = BLOCK;
      body[p++] = (byte) I32;
    }
    body[p++] = 0x41;
    body[p++] = 7;
    while (p < body.length) {
      body[p++] = END;
    }
    byte[] module = oneFunction(resultType(1), body);
    for (CompilationMode mode : CompilationMode.values()) {
      Engine engine = new Engine(Config.builder().compilationMode(mode).build());
      assertThat(callF(engine, module)).as("%s", mode).containsExactly(7);
    }
  }

  @Test
  void brTableTargetsAreBoundedOnlyByTheBodySize() {
    // br_table with a million targets, all to the function's block; the index picks the default.
    int targets = 1_000_000;
    WasmWriter body = new WasmWriter().u32(0).u8(0x41).s32(5).u8(0x0e).u32(targets);
    for (int i = 0; i < targets; i++) {
      body.u32(0);
    }
    body.u32(0).u8(END);
    assertThat(callF(ENGINE, oneFunction(voidType(), body.toByteArray()))).isEmpty();
  }

  @Test
  void aThousandParametersAndResults() {
    // The JS API's limits on parameters and results: the function returns its arguments.
    int n = 1_000;
    WasmWriter type = new WasmWriter().u32(1).u8(FUNC_TYPE).u32(n);
    for (int i = 0; i < n; i++) {
      type.u8(I32);
    }
    type.u32(n);
    for (int i = 0; i < n; i++) {
      type.u8(I32);
    }
    WasmWriter body = new WasmWriter().u32(0);
    for (int i = 0; i < n; i++) {
      body.u8(0x20).u32(i);
    }
    body.u8(END);
    long[] args = new long[n];
    for (int i = 0; i < n; i++) {
      args[i] = i * 3L;
    }
    assertThat(callF(ENGINE, oneFunction(type, body.toByteArray()), args)).containsExactly(args);
  }

  @Test
  void frameSlots() {
    // The register IR addresses a frame with 16-bit slots; a function with more locals than they
    // hold keeps them wide (WideLocalsTest): with the locals limit raised, 65,535 and 100,000
    // locals compile and run.
    Engine engine = new Engine(Config.builder().maxLocals(100_000).build());
    IntFunction<byte[]> module = n -> oneFunction(voidType(), localsBody(n, I32, new byte[0]));
    assertThat(callF(engine, module.apply(65_534))).isEmpty();
    assertThat(callF(engine, module.apply(65_535))).isEmpty();
    assertThat(callF(engine, module.apply(100_000))).isEmpty();
  }

  // ---- module building ----

  private static void atAndPast(
      Engine engine, IntFunction<byte[]> module, int limit, String pastMessage) {
    Module.validate(engine, module.apply(limit));
    assertThatThrownBy(() -> Module.validate(engine, module.apply(limit + 1)))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith(pastMessage);
  }

  private static WasmWriter header() {
    return new WasmWriter().bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
  }

  private static WasmWriter voidType() {
    return new WasmWriter().u32(1).u8(FUNC_TYPE).u32(0).u32(0);
  }

  private static WasmWriter resultType(int results) {
    WasmWriter type = new WasmWriter().u32(1).u8(FUNC_TYPE).u32(0).u32(results);
    for (int i = 0; i < results; i++) {
      type.u8(I32);
    }
    return type;
  }

  /** A body declaring {@code n} locals of {@code type} followed by {@code code} and its end. */
  private static byte[] localsBody(int n, int type, byte[] code) {
    return new WasmWriter().u32(1).u32(n).u8(type).bytes(code).u8(END).toByteArray();
  }

  /** A module of one function of the one type in {@code type}, exported as "f". */
  private static byte[] oneFunction(WasmWriter type, byte[] body) {
    return header()
        .section(1, type)
        .section(3, new WasmWriter().u32(1).u32(0))
        .section(7, new WasmWriter().u32(1).name("f").u8(0).u32(0))
        .section(10, new WasmWriter().u32(1).u32(body.length).bytes(body))
        .toByteArray();
  }

  private static byte[] passiveDataSegments(int n) {
    WasmWriter data = new WasmWriter().u32(n);
    for (int i = 0; i < n; i++) {
      data.u32(1).u32(0);
    }
    return header().section(11, data).toByteArray();
  }

  private static byte[] passiveElementSegments(int n) {
    WasmWriter elements = new WasmWriter().u32(n);
    for (int i = 0; i < n; i++) {
      elements.u32(1).u8(0).u32(0);
    }
    return header().section(9, elements).toByteArray();
  }

  /** Compiles {@code bytes}, instantiates it in a fresh store and calls its export "f". */
  private static long[] callF(Engine engine, byte[] bytes, long... args) {
    Store<Void> store = new Store<>(engine, null);
    Instance instance = new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes));
    return instance.func("f").call(store, args);
  }
}
