package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Modules built byte by byte: what the public API reports, and the engine limits. */
class ModuleTest {
  private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

  /** A tiny module builder: sections of raw bytes. */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes() {
      out.writeBytes(HEADER);
    }

    Bytes section(int id, int... content) {
      out.write(id);
      out.write(content.length); // every test section is shorter than 128 bytes
      for (int b : content) {
        out.write(b);
      }
      return this;
    }

    byte[] build() {
      return out.toByteArray();
    }
  }

  private static int[] name(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int[] out = new int[b.length + 1];
    out[0] = b.length;
    for (int i = 0; i < b.length; i++) {
      out[i + 1] = b[i];
    }
    return out;
  }

  private static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
  }

  /** (import "env" "f" (func (param i32) (result i64))) (func (export "g") ...) + a name. */
  private static byte[] sample() {
    return new Bytes()
        .section(1, 2, 0x60, 1, 0x7f, 1, 0x7e, 0x60, 0, 0)
        .section(2, concat(new int[] {1}, name("env"), name("f"), new int[] {0, 0}))
        .section(3, 1, 1)
        .section(5, 1, 1, 1, 2)
        .section(
            7, concat(new int[] {2}, name("g"), new int[] {0, 1}, name("mem"), new int[] {2, 0}))
        .section(10, 1, 2, 0, 0x0b)
        .section(0, concat(name("name"), new int[] {1, 6, 1, 1}, name("gee")))
        .build();
  }

  @Test
  void reportsImportsExportsAndFunctionNames() {
    Module module = Module.compile(new Engine(), sample());
    FuncType imported = new FuncType(List.of(ValType.I32), List.of(ValType.I64));
    assertThat(module.imports()).containsExactly(new ImportType("env", "f", imported));
    assertThat(module.exports())
        .containsExactly(
            new ExportType("g", new FuncType(List.of(), List.of())),
            new ExportType("mem", new MemoryType(new Limits(1, 2))));
    assertThat(module.functionName(1)).contains("gee");
    assertThat(module.functionName(0)).isEmpty();
    assertThat(module.customSections()).extracting(e -> e.getKey()).containsExactly("name");
    assertThat(imported).hasToString("(func (param i32) (result i64))");
  }

  @Test
  void aBrokenNameSectionLeavesTheModuleValidWithoutNames() {
    byte[] bytes =
        new Bytes()
            .section(1, 1, 0x60, 0, 0)
            .section(3, 1, 0)
            .section(10, 1, 2, 0, 0x0b)
            .section(0, concat(name("name"), new int[] {1, 9, 1, 0, 0xff}))
            .build();
    Module module = Module.compile(new Engine(), bytes);
    assertThat(module.functionName(0)).isEmpty();
  }

  @Test
  void engineLimitsAreValidationErrorsNotAllocations() {
    byte[] bytes = sample();
    assertThatThrownBy(
            () -> Module.validate(new Engine(Config.defaults().withMaxModuleBytes(10)), bytes))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("module too large");

    // (func (local 60000 i32)): decodes, but exceeds the default 50,000 locals.
    byte[] locals =
        new Bytes()
            .section(1, 1, 0x60, 0, 0)
            .section(3, 1, 0)
            .section(10, 1, 6, 1, 0xe0, 0xd4, 0x03, 0x7f, 0x0b)
            .build();
    assertThatThrownBy(() -> Module.validate(new Engine(), locals))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageStartingWith("too many locals: 60000");
    Module.validate(new Engine(Config.defaults().withMaxLocals(60_000)), locals);
  }

  @Test
  void errorsCarryTheSpecReasonAndTheByteOffset() {
    byte[] bytes = sample();
    bytes[4] = 2; // version 2
    assertThatThrownBy(() -> Module.validate(new Engine(), bytes))
        .isInstanceOfSatisfying(
            MalformedModuleException.class, e -> assertThat(e.offset()).isEqualTo(4))
        .hasMessage("unknown binary version (at byte offset 4)");

    // (func (result i32) (i64.const 0)) is a type mismatch at the function's end.
    byte[] mismatch =
        new Bytes()
            .section(1, 1, 0x60, 0, 1, 0x7f)
            .section(3, 1, 0)
            .section(10, 1, 4, 0, 0x42, 0, 0x0b)
            .build();
    assertThatThrownBy(() -> Module.validate(new Engine(), mismatch))
        .isInstanceOfSatisfying(
            InvalidModuleException.class,
            e -> assertThat(e.offset()).isEqualTo(mismatch.length - 1))
        .hasMessageStartingWith("type mismatch");
  }

  @Test
  void featuresCanBeSwitchedOff() {
    // (func (result v128) (v128.const i64x2 0 0))
    int[] body = new int[21];
    body[0] = 0;
    body[1] = 0xfd;
    body[2] = 0x0c;
    body[20] = 0x0b;
    byte[] simd =
        new Bytes()
            .section(1, 1, 0x60, 0, 1, 0x7b)
            .section(3, 1, 0)
            .section(10, concat(new int[] {1, body.length}, body))
            .build();
    Module.validate(new Engine(), simd);
    assertThatThrownBy(() -> Module.validate(new Engine(Config.defaults().withSimd(false)), simd))
        .isInstanceOf(InvalidModuleException.class)
        .hasMessageContaining("SIMD");
  }
}
