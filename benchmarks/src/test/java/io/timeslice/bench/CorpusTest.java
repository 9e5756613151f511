package io.timeslice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.wasm.Parser;
import io.timeslice.bench.Corpus.Program;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.ValType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus program loads in Timeslice and in Chicory, exports {@code (i32) -> i64}, and both
 * interpreters return V8's checksum at its test argument (Timeslice except on its known failures,
 * which the engine's own CorpusTest keeps honest): a benchmark of a program that one engine rejects
 * or gets wrong would be meaningless. (Speed is measured with JMH, not here.)
 */
class CorpusTest {

  static Stream<Program> programs() {
    return Corpus.all().stream();
  }

  @ParameterizedTest
  @MethodSource("programs")
  void loadsAndComputesV8sChecksumInBothEngines(Program program) {
    byte[] bytes = program.bytes();
    Engine engine = new Engine();
    Store<Void> store = new Store<>(engine, null);
    Func run =
        new Linker<Void>(engine)
            .instantiate(store, Module.compile(engine, bytes))
            .func(program.export());
    assertThat(run.type()).isEqualTo(new FuncType(List.of(ValType.I32), List.of(ValType.I64)));
    if (!Corpus.knownFailures().containsKey(program.name())) {
      assertThat(run.call(store, program.testArg())[0])
          .as("%s in Timeslice", program.name())
          .isEqualTo(program.testChecksum());
    }
    ExportFunction chicory =
        com.dylibso.chicory.runtime.Instance.builder(Parser.parse(bytes))
            .build()
            .export(program.export());
    assertThat(chicory.apply(program.testArg())[0])
        .as("%s in Chicory", program.name())
        .isEqualTo(program.testChecksum());
  }

  @Test
  void everyProgramIsFoundByName() {
    for (Program program : Corpus.all()) {
      assertThat(Corpus.get(program.name())).isEqualTo(program);
    }
    assertThat(Corpus.all()).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void coremarkLoads() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(Corpus.coremark()), "no ../shared/bench");
    Engine engine = new Engine();
    assertThat(Module.compile(engine, Files.readAllBytes(Corpus.coremark())).exports())
        .anySatisfy(e -> assertThat(e.name()).isEqualTo("run"));
  }
}
