package io.timeslice.wasm.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.ExportType;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.Tier;
import io.timeslice.wasm.WasmException;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of translation and execution (docs/fuzzing.md). The invariants: a
 * generated module always compiles, in every compilation mode, optimised or not; running any module
 * gives results or a {@link WasmException} — never another JVM exception, never a hang beyond the
 * fuel budget, never an {@link OutOfMemoryError} beyond the store's limits; and a generated
 * module's calls agree across the interpreter, the compiled tier and the tiered mode, in slices,
 * fuel included.
 *
 * <p>Normal test runs replay the inputs under {@code ExecuteFuzzTestInputs}; {@code ./mvnw -Pfuzz
 * -pl wasm-runtime test -Dtest=ExecuteFuzzTest} fuzzes.
 */
class ExecuteFuzzTest {
  private static final List<TimesliceOracle> TIERS =
      List.of(
          new TimesliceOracle(
              "interpreter, fuel",
              Config.builder().consumeFuel(true).build(),
              TimesliceOracle.WHOLE),
          new TimesliceOracle(
              "compiled, fuel in slices of 7",
              Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build(),
              7),
          new TimesliceOracle(
              "tiered, unoptimised, fuel in slices of 1",
              Config.builder()
                  .consumeFuel(true)
                  .optimizations(false)
                  .tier(Tier.TIERED)
                  .tierCallThreshold(2)
                  .tierLoopThreshold(8)
                  .build(),
              1));

  /** Limits a fuzzed module cannot allocate its way past: 16 MiB per memory. */
  private static final StoreLimits LIMITS =
      StoreLimits.builder()
          .memoryBytes(16L << 20)
          .tableElements(100_000)
          .instances(10)
          .callDepth(1_000)
          .stackCells(1 << 16)
          .build();

  private static final Engine RAW = new Engine(Config.builder().consumeFuel(true).build());
  private static final Engine RAW_COMPILED =
      new Engine(Config.builder().consumeFuel(true).tier(Tier.COMPILED_EAGER).build());

  /** The first byte chooses: even, a generated module (the rest its entropy); odd, raw bytes. */
  @FuzzTest(maxDuration = "5m")
  void execute(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 1) == 0) {
      byte[] wasm = new ModuleGenerator(new Entropy(rest)).generate();
      List<Differential.Mismatch> found = new Differential(TIERS, List.of()).check(wasm, input[0]);
      if (!found.isEmpty()) {
        throw new AssertionError(found.toString());
      }
    } else {
      runRaw((input[0] & 2) == 0 ? RAW : RAW_COMPILED, rest);
    }
  }

  /** Any bytes: if they make a module, its exports run with zero arguments and a fuel budget. */
  private static void runRaw(Engine engine, byte[] bytes) {
    Module module;
    try {
      module = Module.compile(engine, bytes);
    } catch (WasmException invalid) {
      return;
    }
    Store<Void> store = new Store<>(engine, null, LIMITS);
    Instance instance;
    try {
      instance = new Linker<Void>(engine).instantiate(store, module);
    } catch (WasmException e) {
      return; // unknown imports, limits, traps in segments or start
    }
    for (ExportType e : module.exports()) {
      if (e.type() instanceof FuncType type) {
        Func f = instance.func(e.name());
        try {
          store.setFuel(TimesliceOracle.BUDGET);
          f.call(store, new long[type.paramCount()]);
        } catch (WasmException trapped) {
          // Traps, fuel running out: reported as they must be.
        }
      }
    }
  }

  /** A generated module is valid: it compiles in every mode, optimised or not. */
  @FuzzTest(maxDuration = "5m")
  void translate(byte[] input) {
    byte[] wasm = new ModuleGenerator(new Entropy(input)).generate();
    for (CompilationMode mode : CompilationMode.values()) {
      for (boolean optimize : new boolean[] {true, false}) {
        Config config =
            Config.builder()
                .compilationMode(mode)
                .optimizations(optimize)
                .consumeFuel(optimize)
                .build();
        Module.compile(new Engine(config), wasm); // an InvalidModuleException fails the target
      }
    }
  }
}
