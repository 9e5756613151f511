package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.timeslice.wasm.fuzz.WasmWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large modules are validated and translated on several cores (docs/limits.md): the result must not
 * depend on it. The IR of every function is the same as one thread's, and an invalid module reports
 * the error of its lowest invalid function, however the threads happen to run.
 */
class ParallelCompilationTest {
  private static final Engine PARALLEL =
      new Engine(Config.builder().compilationMode(CompilationMode.EAGER).build());
  private static final Engine SEQUENTIAL =
      new Engine(
          Config.builder()
              .compilationMode(CompilationMode.EAGER)
              .parallelCompilation(false)
              .build());

  @ParameterizedTest
  @ValueSource(strings = {"lua.wasm", "corpus/sqlite.wasm", "corpus/regex.wasm"})
  void theIrIsTheSameAsOneThreads(String program) throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of("..", "programs", "wasm").resolve(program));
    byte[] sequential = Module.compile(SEQUENTIAL, bytes).serialize();
    for (int round = 0; round < 3; round++) {
      assertThat(Module.compile(PARALLEL, bytes).serialize()).isEqualTo(sequential);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = CompilationMode.class,
      names = {"EAGER", "LAZY_TRANSLATION"})
  void theLowestInvalidFunctionIsReported(CompilationMode mode) {
    // 4,000 functions of 200 bytes (800 KB of code, several workers' worth); three are invalid.
    int functions = 4_000;
    Set<Integer> invalid = new TreeSet<>(Set.of(3_999, 1_234, 2_500));
    byte[] module = module(functions, invalid);
    Config config = Config.builder().compilationMode(mode).build();
    InvalidModuleException sequential =
        catchThrowableOfType(
            InvalidModuleException.class,
            () ->
                Module.compile(
                    new Engine(config.toBuilder().parallelCompilation(false).build()), module));
    assertThat(sequential).hasMessageStartingWith("type mismatch");
    for (int round = 0; round < 20; round++) {
      InvalidModuleException parallel =
          catchThrowableOfType(
              InvalidModuleException.class, () -> Module.compile(new Engine(config), module));
      assertThat(parallel.offset()).isEqualTo(sequential.offset());
      assertThat(parallel).hasMessage(sequential.getMessage());
    }
    invalid.clear();
    Module.compile(new Engine(config), module(functions, invalid));
  }

  @Test
  void everyFunctionOfAValidModuleIsTranslatedExactlyOnce() {
    // The bytes of Wasm translated count every translation: one of a body twice would show.
    Module parallel = Module.compile(PARALLEL, module(4_000, Set.of()));
    Module sequential = Module.compile(SEQUENTIAL, module(4_000, Set.of()));
    assertThat(parallel.exports()).hasSize(4_000);
    assertThat(parallel.code().translatedBytes())
        .isPositive()
        .isEqualTo(sequential.code().translatedBytes());
    assertThat(parallel.irBytes()).isEqualTo(sequential.irBytes());
  }

  /**
   * {@code functions} functions () -> i32, each exported, each summing 60 constants; those in
   * {@code invalid} end with an i64 on the stack instead.
   */
  private static byte[] module(int functions, Set<Integer> invalid) {
    WasmWriter funcs = new WasmWriter().u32(functions);
    WasmWriter exports = new WasmWriter().u32(functions);
    WasmWriter code = new WasmWriter().u32(functions);
    for (int f = 0; f < functions; f++) {
      funcs.u32(0);
      exports.name("f" + f).u8(0).u32(f);
      WasmWriter body = new WasmWriter().u32(0).u8(0x41).s32(f);
      for (int i = 0; i < 60; i++) {
        body.u8(0x41).s32(i * 7 + f).u8(0x6a);
      }
      if (invalid.contains(f)) {
        body.u8(0x1a).u8(0x42).s64(f);
      }
      byte[] b = body.u8(0x0b).toByteArray();
      code.u32(b.length).bytes(b);
    }
    return new WasmWriter()
        .bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0})
        .section(1, new WasmWriter().u32(1).u8(0x60).u32(0).u32(1).u8(0x7f))
        .section(3, funcs)
        .section(7, exports)
        .section(10, code)
        .toByteArray();
  }
}
