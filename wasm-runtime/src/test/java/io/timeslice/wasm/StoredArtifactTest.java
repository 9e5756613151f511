package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Module#compileUnchecked}, {@link Module#serialize} and {@link Module#deserialize} on the
 * benchmark programs: the same IR, results and fuel as {@link Module#compile}, in every mode.
 */
class StoredArtifactTest {
  private static final Engine FUELED = new Engine(Config.defaults().withConsumeFuel(true));

  /** How a module is obtained from bytes. */
  enum Way {
    COMPILE,
    UNCHECKED,
    DESERIALIZED
  }

  static Path program(String name) {
    return Path.of("..", "programs", "wasm", name);
  }

  static Module make(Way way, Engine engine, byte[] bytes) {
    return switch (way) {
      case COMPILE -> Module.compile(engine, bytes);
      case UNCHECKED -> Module.compileUnchecked(engine, bytes);
      case DESERIALIZED ->
          Module.deserialize(engine, bytes, Module.compile(engine, bytes).serialize());
    };
  }

  /** The IR of every defined function, which decides results and fuel. */
  static void assertSameCode(Module expected, Module actual) {
    int imported = expected.info().importedFuncs;
    int count = expected.info().funcCount;
    for (int i = imported; i < count; i++) {
      CompiledFunction e = expected.code().translated(i);
      CompiledFunction a = actual.code().translated(i);
      assertThat(a.code()).as("code of %d", i).isEqualTo(e.code());
      assertThat(a.constants()).as("constants of %d", i).isEqualTo(e.constants());
      assertThat(a.frameSize()).as("frame of %d", i).isEqualTo(e.frameSize());
      assertThat(a.numLocals()).as("locals of %d", i).isEqualTo(e.numLocals());
    }
  }

  static Stream<Path> programs() throws IOException {
    try (Stream<Path> files = Files.list(program(""))) {
      return files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("programs")
  void everyProgramHasTheSameCodeWhicheverWayItIsMade(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (Engine engine : List.of(new Engine(), FUELED)) {
      Module compiled = Module.compile(engine, bytes);
      byte[] artifact = compiled.serialize();
      for (Way way : Way.values()) {
        assertSameCode(compiled, make(way, engine, bytes));
      }
      assertThat(Module.deserialize(engine, bytes, artifact).serialize()).isEqualTo(artifact);
    }
  }

  @ParameterizedTest
  @EnumSource(CompilationMode.class)
  void lazyModesSerializeTheEagerArtifact(CompilationMode mode) throws IOException {
    byte[] lua = Files.readAllBytes(program("lua.wasm"));
    Engine engine = new Engine(Config.defaults().withConsumeFuel(true).withCompilationMode(mode));
    assertThat(engine.irVersion()).isEqualTo(FUELED.irVersion());
    assertThat(Module.compile(engine, lua).serialize())
        .isEqualTo(Module.compile(FUELED, lua).serialize());
    assertThat(Module.compileUnchecked(engine, lua).serialize())
        .isEqualTo(Module.compile(FUELED, lua).serialize());
  }

  private record Run(long[] results, long fuel) {}

  private static Run bench(Way way, String workload, long arg) throws IOException {
    Store<Void> store = new Store<>(FUELED, null);
    Module module = make(way, FUELED, Files.readAllBytes(program("bench.wasm")));
    Func f = new Linker<Void>(FUELED).instantiate(store, module).func(workload);
    store.setFuel(Long.MAX_VALUE);
    long[] results = f.call(store, arg);
    return new Run(results, store.fuelConsumed());
  }

  @ParameterizedTest
  @MethodSource("io.timeslice.wasm.SmallWorkloads#all")
  void benchWorkloadsRunWithTheSameResultsAndFuel(String workload, long arg) throws IOException {
    Run compiled = bench(Way.COMPILE, workload, arg);
    assertThat(compiled.fuel()).isPositive();
    for (Way way : List.of(Way.UNCHECKED, Way.DESERIALIZED)) {
      Run other = bench(way, workload, arg);
      assertThat(other.results()).as("%s %s", way, workload).isEqualTo(compiled.results());
      assertThat(other.fuel()).as("%s %s fuel", way, workload).isEqualTo(compiled.fuel());
    }
  }

  private record Command(int exit, String stdout, long fuel) {}

  private static Command command(Way way, String file, String... args) throws IOException {
    WasiConfig config = WasiConfig.of(file).withArgs(args).withDeterminism(7);
    Store<WasiContext> store = new Store<>(FUELED, new WasiContext(config));
    store.setFuel(Long.MAX_VALUE);
    Linker<WasiContext> linker = new Linker<>(FUELED);
    Wasi.define(linker, c -> c);
    Module module = make(way, FUELED, Files.readAllBytes(program(file)));
    int exit = Wasi.runCommand(store, linker.instantiate(store, module));
    return new Command(
        exit, new String(store.data().stdout(), StandardCharsets.UTF_8), store.fuelConsumed());
  }

  @ParameterizedTest
  @CsvSource({
    "lua.wasm, -e, 'local t = {} for i = 1, 200 do t[i] = i * i end print(#t, t[200])'",
    "wasi-checksum.wasm, a, b",
    "wasi-echo.wasm, one, two",
    "wasi-hello.wasm, x, y",
    "as-collatz.wasm, 27, 1"
  })
  void wasiProgramsRunWithTheSameOutputAndFuel(String file, String a, String b) throws IOException {
    Command compiled = command(Way.COMPILE, file, a, b);
    assertThat(compiled.fuel()).isPositive();
    for (Way way : List.of(Way.UNCHECKED, Way.DESERIALIZED)) {
      assertThat(command(way, file, a, b)).as("%s %s", way, file).isEqualTo(compiled);
    }
  }

  @Test
  void uncheckedSkipsTheUpFrontValidationOfLazyTranslation() {
    // (func (result i32) i64.const 0): decodes, but does not validate.
    byte[] invalid = {
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 'f', 0, 0,
      10, 6, 1, 4, 0, 0x42, 0, 0x0b
    };
    Engine lazy =
        new Engine(Config.defaults().withCompilationMode(CompilationMode.LAZY_TRANSLATION));
    assertThatThrownBy(() -> Module.compile(lazy, invalid))
        .isInstanceOf(InvalidModuleException.class);
    Module unchecked = Module.compileUnchecked(lazy, invalid);
    Store<Void> store = new Store<>(lazy, null);
    Func f = new Linker<Void>(lazy).instantiate(store, unchecked).func("f");
    // Translation still walks the validator, so the invalid body is caught before it runs.
    assertThatThrownBy(() -> f.call(store)).isInstanceOf(InvalidModuleException.class);
    assertThatThrownBy(() -> Module.compileUnchecked(new Engine(), invalid))
        .isInstanceOf(InvalidModuleException.class);
  }
}
