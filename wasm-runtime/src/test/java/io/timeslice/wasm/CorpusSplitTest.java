package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.CorpusPrograms.Program;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.JitCode;
import io.timeslice.wasm.internal.jit.JitModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of real programs, whose hot functions are tens of kilobytes of bytecode, compiles
 * whole under the JVM's defaults (no {@code -XX:-DontCompileHugeMethods}): no function refused, the
 * large ones split, and no generated method over HotSpot's 8,000-byte {@code HugeMethodLimit}, with
 * fuel metering off and on, and every function resumes in compiled code. (CorpusTest runs them
 * compiled, so split, against V8's checksums and the interpreter's fuel.)
 */
class CorpusSplitTest {
  private static final int HUGE_METHOD_LIMIT = 8000;

  @ParameterizedTest
  @MethodSource("io.timeslice.wasm.CorpusPrograms#all")
  void everyFunctionCompilesInMethodsHotSpotCompiles(Program program) {
    for (boolean fuel : new boolean[] {false, true}) {
      Config config = Config.builder().consumeFuel(fuel).tier(Tier.COMPILED_EAGER).build();
      Engine engine = new Engine(config);
      Module module = Module.compile(engine, program.bytes());
      Store<Void> store = new Store<>(engine, null);
      InstanceContext inst = new Linker<Void>(engine).instantiate(store, module).context();
      int imported =
          (int) module.imports().stream().filter(i -> i.type() instanceof FuncType).count();
      JitModule jit = new JitModule(imported, config.compiledMethodBytes());
      int compiled = 0;
      for (int i = imported; i < inst.functions.length; i++) {
        CompiledFunction f = inst.functions[i];
        JitCode code = jit.compile(f);
        assertThat(code).as("%s: %s, fuel %s", program, f.name(), fuel).isNotNull();
        assertThat(code.resumable()).as("%s: %s resumes compiled", program, f.name()).isTrue();
        compiled++;
      }
      assertThat(compiled).as("%s functions", program).isPositive();
      assertThat(jit.largestMethodBytes())
          .as("%s, fuel %s: the largest method", program, fuel)
          .isPositive()
          .isLessThanOrEqualTo(HUGE_METHOD_LIMIT);
      if (program.name().equals("sha2") || program.name().equals("miniz") && fuel) {
        assertThat(jit.splitFunctions()).as("%s, fuel %s: split", program, fuel).isPositive();
      }
      if (program.name().equals("sqlite") || program.name().equals("regex")) {
        // Bodies just under the limit, whose resume method (the body behind a longer prologue)
        // is not: it is split into regions rather than leaving their frames to the interpreter.
        assertThat(jit.splitResumes()).as("%s, fuel %s: split resumes", program, fuel).isPositive();
      }
    }
  }
}
