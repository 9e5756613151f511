package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-memory and memory64 ({@code embedding/memories.wat}): each access runs on its own memory,
 * 64-bit addresses are bounds-checked in 64 bits without wrapping, and {@code memory.grow} of a
 * 64-bit memory past 4 GiB, or past the store's limit, fails with -1; in every configuration.
 */
class MemoriesTest {
  static Stream<Config> configs() {
    Config base = Config.builder().memory64(true).build();
    return Stream.of(
        base,
        base.withConsumeFuel(true),
        base.withCompilationMode(CompilationMode.LAZY),
        base.withOptimizations(false));
  }

  private record Run(Store<Void> store, Instance instance) {
    long[] call(String name, long... args) {
      return instance.func(name).call(store, args);
    }
  }

  private static byte[] module() throws IOException {
    try (InputStream in = MemoriesTest.class.getResourceAsStream("/embedding/memories.wasm")) {
      return in.readAllBytes();
    }
  }

  private static Run instantiate(Config config, StoreLimits limits) throws IOException {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null, limits);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    return new Run(
        store, new Linker<Void>(engine).instantiate(store, Module.compile(engine, module())));
  }

  private static final StoreLimits LIMITS = StoreLimits.DEFAULT.withMemoryBytes(1L << 31);

  @ParameterizedTest
  @MethodSource("configs")
  void everyAccessRunsOnItsOwnMemory(Config config) throws IOException {
    Run run = instantiate(config, LIMITS);
    assertThat(run.call("pair")).containsExactly(0x0403_0201);
    run.call("store1", 4, 0xaabb_ccddL);
    assertThat(run.call("load1", 4)).containsExactly(0xaabb_ccddL);
    assertThat(run.call("load0", 4)).containsExactly(0);
    assertThat(run.call("simd1")).containsExactly(0xaabb_ccdd_0403_0201L);
    assertThat(run.call("sizes")).containsExactly(1, 1, 1);
    assertThat(run.call("grow1", 1)).containsExactly(1);
    assertThat(run.call("grow1", 1)).containsExactly(0xffff_ffffL);
    assertThat(run.call("sizes")).containsExactly(1, 2, 1);
    assertThat(run.call("load1", 65_536 + 8)).containsExactly(0);
    assertThatThrownBy(() -> run.call("load0", 65_536 + 8)).isInstanceOf(Trap.class);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void sixtyFourBitAddressesAreCheckedWithoutWrapping(Config config) throws IOException {
    Run run = instantiate(config, LIMITS);
    assertThat(run.call("load64", 4)).containsExactly(0x0807_0605);
    assertThat(run.call("load64", 65_536 - 8)).containsExactly(0);
    assertThat(trap(() -> run.call("load64", 65_536 - 7))).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(trap(() -> run.call("load64", 1L << 32))).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    // -16 + offset 16 is 2^64: it must not wrap to address 0.
    assertThat(trap(() -> run.call("store64", -16, 1))).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(trap(() -> run.call("load64", -4))).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    run.call("store64", 0, 0x1122_3344_5566_7788L);
    assertThat(run.call("load64", 12)).containsExactly(0x5566_7788L);
    assertThat(run.call("load64", 16)).containsExactly(0x1122_3344L);
    assertThat(run.call("simd64", 32)).containsExactly(0x1122_3344_5566_7788L);
    // Byte 2 of memory 1 into lane 3 of a vector, its lane 0 stored to the 64-bit memory.
    assertThat(run.call("lanes")).containsExactly(0x0300_0000L);
    assertThat(trap(() -> run.call("simd64", (1L << 32) + 32)))
        .isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void bulkOpsTakeSixtyFourBitOperandsAndMemoryIndices(Config config) throws IOException {
    Run run = instantiate(config, LIMITS);
    run.call("copy", 0, 8, 4);
    assertThat(run.call("load1", 0)).containsExactly(0x0807_0605);
    run.call("fill64", 100, 0x7f, 4);
    assertThat(run.call("load64", 96)).containsExactly(0x7f7f_7f7f);
    assertThat(trap(() -> run.call("fill64", 0, 1, 1L << 33)))
        .isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    assertThat(trap(() -> run.call("copy", 0, 1L << 32, 0)))
        .isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
    // A zero-length fill at the end is in bounds; one byte past it is not.
    run.call("fill64", 65_536, 0, 0);
    assertThat(trap(() -> run.call("fill64", 65_537, 0, 0)))
        .isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void growingASixtyFourBitMemoryPastFourGibOrTheStoreLimitFails(Config config) throws IOException {
    Run run = instantiate(config, LIMITS);
    // The type allows 70,000 pages (over 4 GiB); the store, 2 GiB.
    assertThat(run.call("grow64", 65_537)).containsExactly(-1);
    assertThat(run.call("grow64", 1L << 40)).containsExactly(-1);
    assertThat(run.call("grow64", -1)).containsExactly(-1);
    assertThat(run.call("grow64", 3)).containsExactly(1);
    assertThat(run.call("sizes")).containsExactly(1, 1, 4);
    Run small = instantiate(config, StoreLimits.DEFAULT.withMemoryBytes(4 * 65_536));
    assertThat(small.call("grow64", 3)).containsExactly(1);
    assertThat(small.call("grow64", 1)).containsExactly(-1);
  }

  @ParameterizedTest
  @MethodSource("configs")
  void aStoredArtifactRunsAlike(Config config) throws IOException {
    Engine engine = new Engine(config);
    Module compiled = Module.compile(engine, module());
    Module restored = Module.deserialize(engine, module(), compiled.serialize());
    Store<Void> store = new Store<>(engine, null, LIMITS);
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Instance instance = new Linker<Void>(engine).instantiate(store, restored);
    assertThat(instance.func("pair").call(store)).containsExactly(0x0403_0201);
    assertThat(instance.func("lanes").call(store)).containsExactly(0x0300_0000L);
    assertThat(instance.func("load64").call(store, 4)).containsExactly(0x0807_0605);
  }

  @Test
  void withoutTheProposalsTheModuleIsRefused() throws IOException {
    Config wasm2 = Config.builder().onlyProposals(java.util.List.of()).build();
    assertThatThrownBy(() -> Module.compile(new Engine(wasm2), module()))
        .isInstanceOf(WasmException.class);
    Config noMemory64 = Config.builder().memory64(false).build();
    assertThatThrownBy(() -> Module.compile(new Engine(noMemory64), module()))
        .isInstanceOf(MalformedModuleException.class)
        .hasMessageContaining("integer too large");
  }

  /** The code of the trap {@code call} ends with; an assertion error when it returns. */
  static TrapCode trap(Runnable call) {
    try {
      call.run();
    } catch (Trap t) {
      return t.code();
    }
    throw new AssertionError("no trap");
  }
}
