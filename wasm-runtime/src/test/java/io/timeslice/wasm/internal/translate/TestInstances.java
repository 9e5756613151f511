package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.Refs;
import io.timeslice.wasm.internal.instance.CodeMap;
import io.timeslice.wasm.internal.instance.Instantiation;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.ModuleParser;
import io.timeslice.wasm.internal.validate.ModuleValidator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The translator tests' modules, instantiated eagerly with no imports and run by {@code x}. */
final class TestInstances {
  private TestInstances() {}

  static Instantiation of(String resource, Config config, Executor x) throws IOException {
    byte[] bytes;
    try (InputStream in = TestInstances.class.getResourceAsStream(resource)) {
      bytes = in.readAllBytes();
    }
    ModuleInfo module = ModuleParser.parse(config, bytes);
    ModuleValidator.validate(config, module);
    return Instantiation.of(
        new CodeMap(module, config, CompilationMode.EAGER),
        module,
        List.of(),
        new Refs(),
        new Instantiation.Limits(1_000, 1_000),
        x);
  }
}
