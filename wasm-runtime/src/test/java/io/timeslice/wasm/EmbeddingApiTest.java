package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public embedding API over {@code embedding/host.wat}: linking, host calls, limits. */
class EmbeddingApiTest {
  private static final FuncType LOG = new FuncType(List.of(ValType.I32, ValType.I32), List.of());
  private static final FuncType ADD =
      new FuncType(List.of(ValType.I64, ValType.I64), List.of(ValType.I64));

  private final Engine engine = new Engine();
  private final List<String> logged = new ArrayList<>();
  private Store<List<String>> store;
  private Linker<List<String>> linker;
  private Global counter;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = EmbeddingApiTest.class.getResourceAsStream("/embedding/" + name)) {
      return in.readAllBytes();
    }
  }

  @BeforeEach
  void link() {
    store = new Store<>(engine, logged);
    counter = Global.create(store, new GlobalType(ValType.I32, true), 10);
    linker =
        new Linker<List<String>>(engine)
            .func(
                "host",
                "log",
                LOG,
                (caller, args) -> {
                  byte[] text = caller.memory().read(args[0], (int) args[1]);
                  caller.data().add(new String(text, StandardCharsets.UTF_8));
                  return new long[0];
                })
            .func("host", "add", ADD, (caller, args) -> new long[] {args[0] + args[1]})
            .define("env", "counter", counter)
            .define(
                "env",
                "table",
                Table.create(
                    store, new TableType(ValType.FUNCREF, new Limits(2, Limits.NO_MAX)), 0));
  }

  private Instance instantiate() throws IOException {
    return linker.instantiate(store, Module.compile(engine, resource("host.wasm")));
  }

  @Test
  void hostFunctionsReadTheCallersMemoryAndReachTheStoreData() throws IOException {
    Instance instance = instantiate();
    instance.func("greet").call(store);
    assertThat(logged).containsExactly("hello");
    assertThat(instance.func("sum").call(store, 40, 2)).containsExactly(42);
  }

  @Test
  void aHostAccessOutOfBoundsTrapsTheCall() throws IOException {
    Func f = instantiate().func("greet_out_of_bounds");
    assertThatThrownBy(() -> f.call(store))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
  }

  @Test
  void importedGlobalsAndExportedOnesShareTheirCells() throws IOException {
    Instance instance = instantiate();
    assertThat(instance.func("bump").call(store)).containsExactly(11);
    assertThat(counter.get()).isEqualTo(11);
    counter.set(100);
    assertThat(instance.func("bump").call(store)).containsExactly(101);
    assertThat(instance.global("answer").get()).isEqualTo(42);
    assertThatThrownBy(() -> instance.global("answer").set(1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void elementSegmentsFillTheImportedTable() throws IOException {
    Instance instance = instantiate();
    assertThat(instance.func("apply").call(store, 0, 21)).containsExactly(42);
    assertThatThrownBy(() -> instance.func("apply").call(store, 1, 21))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.UNINITIALIZED_ELEMENT));
  }

  @Test
  void memoryGrowsWithinItsDeclaredMaximum() throws IOException {
    Instance instance = instantiate();
    Memory memory = instance.memory("memory");
    assertThat(instance.func("grow").call(store, 2)).containsExactly(1);
    assertThat(memory.pages()).isEqualTo(3);
    assertThat(instance.func("grow").call(store, 1)).containsExactly(0xffff_ffffL);
    memory.writeInt(3 * 65_536 - 4, 0x1234_5678);
    assertThat(memory.readInt(3 * 65_536 - 4)).isEqualTo(0x1234_5678);
  }

  /**
   * Calls within one instance keep the current memory; calls into another instance and returns from
   * it switch it, also when either memory grew in between (embedding/app.wat, lib.wat).
   */
  @Test
  void callsAcrossInstancesRunEachOnItsOwnMemory() throws IOException {
    Instance lib = linker.instantiate(store, Module.compile(engine, resource("lib.wasm")));
    Instance app =
        linker
            .instance("lib", lib)
            .instantiate(store, Module.compile(engine, resource("app.wasm")));
    assertThat(app.func("mix").call(store)).containsExactly(11 * 100 + 22);
    assertThat(app.func("read_after_own_growth").call(store)).containsExactly(44);
    assertThat(app.func("mix_after_lib_grew").call(store)).containsExactly(33 * 100 + 22);
    assertThat(app.func("mix").call(store)).containsExactly(11 * 100 + 22);
  }

  @Test
  void deepRecursionTrapsInsteadOfOverflowingTheJavaStack() throws Exception {
    Store<List<String>> small =
        new Store<>(engine, logged, StoreLimits.DEFAULT.withStack(1_000, 1 << 20));
    Global c = Global.create(small, new GlobalType(ValType.I32, true), 0);
    Linker<List<String>> l =
        new Linker<List<String>>(engine)
            .func("host", "log", LOG, (caller, args) -> new long[0])
            .func("host", "add", ADD, (caller, args) -> new long[] {0})
            .define("env", "counter", c)
            .define(
                "env",
                "table",
                Table.create(small, new TableType(ValType.FUNCREF, new Limits(2, 2)), 0));
    Func depth = l.instantiate(small, Module.compile(engine, resource("host.wasm"))).func("depth");
    assertThat(depth.call(small, 999)).containsExactly(999);
    // A thread with a tiny Java stack: Wasm calls must not recurse on it.
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                depth.call(small, 1_000_000);
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            64 * 1024);
    t.start();
    t.join();
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            Trap.class, e -> assertThat(e.code()).isEqualTo(TrapCode.CALL_STACK_EXHAUSTED));
  }

  @Test
  void unknownAndIncompatibleImportsAreLinkErrors() throws IOException {
    Module module = Module.compile(engine, resource("host.wasm"));
    Store<Void> bare = new Store<>(engine, null);
    assertThatThrownBy(() -> new Linker<Void>(engine).instantiate(bare, module))
        .isInstanceOf(LinkException.class)
        .hasMessageStartingWith("unknown import \"host\" \"log\"");
    Linker<Void> wrong =
        new Linker<Void>(engine).func("host", "log", ADD, (caller, args) -> new long[] {0});
    assertThatThrownBy(() -> wrong.instantiate(bare, module))
        .isInstanceOf(LinkException.class)
        .hasMessageStartingWith("incompatible import type");
  }

  @Test
  void externsOfAnotherStoreAreRejected() throws IOException {
    Module module = Module.compile(engine, resource("host.wasm"));
    Store<List<String>> other = new Store<>(engine, logged);
    assertThatThrownBy(() -> linker.instantiate(other, module))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another store");
  }

  @Test
  void storeLimitsBoundMemoriesAndInstances() throws IOException {
    Module big = Module.compile(engine, resource("big_memory.wasm"));
    Store<Void> limited =
        new Store<>(engine, null, StoreLimits.DEFAULT.withMemoryBytes(16L << 20).withInstances(1));
    Linker<Void> l = new Linker<>(engine);
    assertThatThrownBy(() -> l.instantiate(limited, big))
        .isInstanceOf(ResourceLimitException.class)
        .hasMessageContaining("1024 pages");
    Module empty = Module.compile(engine, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    Store<Void> one = new Store<>(engine, null, StoreLimits.DEFAULT.withInstances(1));
    l.instantiate(one, empty);
    assertThatThrownBy(() -> l.instantiate(one, empty)).isInstanceOf(ResourceLimitException.class);
  }

  @Test
  void externrefsRoundTripAsHostValues() throws IOException {
    Func keep = instantiate().func("keep");
    Object value = new Object();
    long ref = store.externRef(value);
    assertThat(store.externValue(keep.call(store, ref)[0])).isSameAs(value);
    assertThat(keep.call(store, 0)).containsExactly(0);
    assertThatThrownBy(() -> keep.call(store, 1_000_000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHostFunctionCannotReenterItsStore() throws IOException {
    AtomicReference<Func> sum = new AtomicReference<>();
    linker.func(
        "host",
        "log",
        LOG,
        (caller, args) -> {
          sum.get().call(caller.store(), 1, 2);
          return new long[0];
        });
    Instance instance = instantiate();
    sum.set(instance.func("sum"));
    assertThatThrownBy(() -> instance.func("greet").call(store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot call back");
    // The store is usable afterwards.
    assertThat(instance.func("sum").call(store, 1, 2)).containsExactly(3);
  }
}
