package io.timeslice.bench;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Instantiation of a module with 50 imported host functions and a 64 KiB memory ({@code
 * programs/wasm/imports50.wasm}) in a fresh store, as a job starts: from a pre-linked {@link
 * InstancePre}, by linking each time, and with Chicory (a new instance with its import values) in
 * the same run. The module is compiled once in every case. Goal: InstancePre ≤ 20 µs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dcom.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM=none")
@State(Scope.Benchmark)
public class InstantiateBenchmark {
  private static final FuncType UNARY = new FuncType(List.of(ValType.I32), List.of(ValType.I32));

  private final Engine engine = new Engine();
  private Module module;
  private Linker<Void> linker;
  private InstancePre<Void> pre;
  private WasmModule chicoryModule;
  private ImportValues chicoryImports;

  /** Compiles the module and defines its imports in each engine. */
  @Setup
  public void setUp() {
    byte[] bytes = BenchFiles.program("imports50.wasm");
    module = Module.compile(engine, bytes);
    linker = new Linker<>(engine);
    List<HostFunction> chicoryFunctions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int k = i;
      linker.func("env", "f" + i, UNARY, (caller, args) -> new long[] {args[0] + k});
      chicoryFunctions.add(
          new HostFunction(
              "env",
              "f" + i,
              FunctionType.of(
                  List.of(com.dylibso.chicory.wasm.types.ValType.I32),
                  List.of(com.dylibso.chicory.wasm.types.ValType.I32)),
              (instance, args) -> new long[] {args[0] + k}));
    }
    pre = linker.instantiatePre(module);
    chicoryModule = Parser.parse(bytes);
    chicoryImports =
        ImportValues.builder().withFunctions(new ArrayList<>(chicoryFunctions)).build();
  }

  /** A store and an instance from the pre-linked module. */
  @Benchmark
  public Instance instancePre() {
    return pre.instantiate(new Store<>(engine, null));
  }

  /** Instantiates from the InstancePre and calls {@code run(x)} (for the smoke test). */
  long runPreLinked(long x) {
    Store<Void> store = new Store<>(engine, null);
    return pre.instantiate(store).func("run").call(store, x)[0];
  }

  /** A store and an instance, resolving the 50 imports by name and type each time. */
  @Benchmark
  public Instance linkEachTime() {
    return linker.instantiate(new Store<>(engine, null), module);
  }

  /** Chicory: a new instance of the parsed module with its import values. */
  @Benchmark
  public com.dylibso.chicory.runtime.Instance chicory() {
    return com.dylibso.chicory.runtime.Instance.builder(chicoryModule)
        .withImportValues(chicoryImports)
        .build();
  }
}
