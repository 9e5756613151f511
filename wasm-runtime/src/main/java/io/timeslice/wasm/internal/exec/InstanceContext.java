package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.FuncType;

/**
 * What running code of one instance needs: its types (for {@code call_indirect}), its function
 * index space (imports first, then its own functions), globals, memory 0 (or null) and tables.
 */
public final class InstanceContext {
  private static final byte[] NO_MEMORY = new byte[0];

  final FuncType[] types;
  final CompiledFunction[] functions;
  final GlobalCell[] globals;
  final LinearMemory memory;
  final TableInstance[] tables;

  /** The instance's parts; the arrays are owned by the context from now on. */
  public InstanceContext(
      FuncType[] types,
      CompiledFunction[] functions,
      GlobalCell[] globals,
      LinearMemory memory,
      TableInstance[] tables) {
    this.types = types;
    this.functions = functions;
    this.globals = globals;
    this.memory = memory;
    this.tables = tables;
  }

  byte[] memoryBytes() {
    return memory == null ? NO_MEMORY : memory.bytes;
  }
}
