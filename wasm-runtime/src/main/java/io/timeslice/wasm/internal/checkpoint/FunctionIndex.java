package io.timeslice.wasm.internal.checkpoint;

import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.CheckpointException.Reason;
import io.timeslice.wasm.internal.exec.CheckpointSupport;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.InstanceContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An instance's functions by module-relative index, both ways: a checkpoint names a function by its
 * index in the module's function index space (imports first), never by an object of the store that
 * wrote it.
 */
final class FunctionIndex {
  private final CompiledFunction[] functions;
  private final Map<CompiledFunction, Integer> indices = new IdentityHashMap<>();

  FunctionIndex(InstanceContext instance) {
    this.functions = instance.functions;
    for (int i = 0; i < functions.length; i++) {
      indices.putIfAbsent(functions[i], i);
    }
  }

  /**
   * The index of {@code f}, a Wasm function of the instance ({@code what} names its use for the
   * refusal).
   */
  int indexOf(CompiledFunction f, String what) {
    Integer index = indices.get(f);
    if (index == null) {
      throw new CheckpointException(
          Reason.NOT_CHECKPOINTABLE, what + " is a function of another instance");
    }
    if (CheckpointSupport.isHost(f)) {
      throw new CheckpointException(
          Reason.NOT_CHECKPOINTABLE, what + " is the host function " + f.name());
    }
    return index;
  }

  /** The Wasm function at {@code index}, as a checkpoint read names it for {@code what}. */
  CompiledFunction wasmFunction(int index, String what) {
    if (index < 0 || index >= functions.length || CheckpointSupport.isHost(functions[index])) {
      throw new CheckpointException(
          Reason.CORRUPT, what + ": " + index + " is not a Wasm function of the module");
    }
    return functions[index];
  }
}
