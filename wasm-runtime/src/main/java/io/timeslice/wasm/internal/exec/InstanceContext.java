package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.FuncType;
import org.jspecify.annotations.Nullable;

/**
 * What running code of one instance needs: its types (for {@code call_indirect}), its function
 * index space (imports first, then its own functions), globals, its memories (memory 0, or null,
 * apart: the interpreter keeps its bytes at hand), tables, the element and data segments that
 * {@code table.init} and {@code memory.init} copy from (a dropped segment is empty), and the
 * store's references.
 */
public final class InstanceContext {
  private static final byte[] NO_MEMORY = new byte[0];

  // Public for compiled code (internal.jit), which reads them directly.
  public final FuncType[] types;
  public final CompiledFunction[] functions;
  public final GlobalCell[] globals;
  TagInstance[] tags = new TagInstance[0];

  /** Each type's identity across modules (GC), or null without GC. */
  io.timeslice.wasm.internal.module.TypeId @Nullable [] typeIds;

  public final LinearMemory memory;
  final LinearMemory[] memories;
  public final TableInstance[] tables;
  final Object[][] elements;
  final byte[][] datas;
  final Refs refs;

  /** An instance without segments and with its own references (for tests). */
  public InstanceContext(
      FuncType[] types,
      CompiledFunction[] functions,
      GlobalCell[] globals,
      LinearMemory memory,
      TableInstance[] tables) {
    this(
        types,
        functions,
        globals,
        memory == null ? new LinearMemory[0] : new LinearMemory[] {memory},
        tables,
        new Object[0][],
        new byte[0][],
        new Refs());
  }

  /** The instance's parts; the arrays are owned by the context from now on. */
  public InstanceContext(
      FuncType[] types,
      CompiledFunction[] functions,
      GlobalCell[] globals,
      LinearMemory[] memories,
      TableInstance[] tables,
      Object[][] elements,
      byte[][] datas,
      Refs refs) {
    this.types = types;
    this.functions = functions;
    this.globals = globals;
    this.memory = memories.length == 0 ? null : memories[0];
    this.memories = memories;
    this.tables = tables;
    this.elements = elements;
    this.datas = datas;
    this.refs = refs;
  }

  /** Memory 0's bytes, or an empty array when the instance has no memory. */
  public byte[] memoryBytes() {
    return memory == null ? NO_MEMORY : memory.bytes;
  }

  /** Sets the identities of the instance's types (GC), by type index. */
  public void setTypeIds(io.timeslice.wasm.internal.module.TypeId[] typeIds) {
    this.typeIds = typeIds;
  }

  /** Sets the instance's exception tags, imports first (exception handling). */
  public void setTags(TagInstance[] tags) {
    this.tags = tags;
  }

  /** Drops element segment {@code index}, as {@code elem.drop} does. */
  public void dropElements(int index) {
    elements[index] = Bulk.NO_ELEMENTS;
  }

  /** Drops data segment {@code index}, as {@code data.drop} does. */
  public void dropData(int index) {
    datas[index] = NO_MEMORY;
  }
}
