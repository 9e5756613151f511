package io.timeslice.wasm.internal.instance;

import io.timeslice.wasm.ArtifactMismatchException;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.internal.artifact.IrArtifact;
import io.timeslice.wasm.internal.artifact.IrArtifact.FunctionCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.module.ModuleInfo;
import java.util.ArrayList;
import java.util.List;

/** A module's translated code to and from its stored artifact ({@link IrArtifact}). */
public final class StoredCode {
  private StoredCode() {}

  /** The artifact of {@code code}: every function translated first. */
  public static byte[] serialize(ModuleInfo module, CodeMap code, String irVersion) {
    List<FunctionCode> functions = new ArrayList<>();
    for (CompiledFunction f : code.translateAll()) {
      functions.add(
          new FunctionCode(f.numLocals(), f.frameSize(), f.fpShift(), f.constants(), f.code()));
    }
    return IrArtifact.write(irVersion, module.bytes, functions);
  }

  /**
   * The code of {@code module} installed from {@code artifact}.
   *
   * @throws ArtifactMismatchException when the artifact does not fit
   */
  public static CodeMap deserialize(
      ModuleInfo module, Config config, String irVersion, byte[] artifact) {
    int defined = module.funcCount - module.importedFuncs;
    List<FunctionCode> stored = IrArtifact.read(irVersion, module.bytes, defined, artifact);
    CompiledFunction[] functions = new CompiledFunction[defined];
    for (int i = 0; i < defined; i++) {
      int index = module.importedFuncs + i;
      FuncType type = module.funcType(index);
      FunctionCode f = stored.get(i);
      if (f.numLocals() < type.paramCells()) {
        throw new ArtifactMismatchException(
            ArtifactMismatchException.Reason.CORRUPT,
            "function " + index + " has fewer locals than parameters");
      }
      functions[i] =
          new CompiledFunction(
              module.displayName(index),
              type,
              type.paramCells(),
              f.numLocals(),
              type.resultCells(),
              f.constants(),
              f.frameSize(),
              f.code(),
              f.fpShift());
    }
    return new CodeMap(module, config, functions);
  }
}
