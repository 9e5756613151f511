package io.timeslice.wasm.internal.exec;

import java.util.List;

/**
 * What a checkpoint (internal.checkpoint) needs of an instance beyond its public fields: which
 * element and data segments are dropped, whether a function is the host's, and a function's code
 * fetched before a restored frame runs it.
 */
public final class CheckpointSupport {
  private CheckpointSupport() {}

  /** Whether element segment {@code index} of {@code instance} is dropped (or was active). */
  public static boolean elementsDropped(InstanceContext instance, int index) {
    return instance.elements[index] == Bulk.NO_ELEMENTS;
  }

  /** Whether data segment {@code index} is dropped (or was active). */
  public static boolean dataDropped(InstanceContext instance, int index) {
    return instance.datas[index].length == 0;
  }

  /** The number of element segments of {@code instance}. */
  public static int elementSegments(InstanceContext instance) {
    return instance.elements.length;
  }

  /** The number of data segments of {@code instance}. */
  public static int dataSegments(InstanceContext instance) {
    return instance.datas.length;
  }

  /** The memories of {@code instance}, in index order. */
  public static List<LinearMemory> memories(InstanceContext instance) {
    return List.of(instance.memories);
  }

  /** Whether {@code f} is a host function. */
  public static boolean isHost(CompiledFunction f) {
    return f.host != null;
  }

  /** The code of {@code f}, translated now if it is a lazy function not yet called. */
  public static int[] code(CompiledFunction f) {
    if (!f.resolved()) {
      f.resolve();
    }
    return f.code;
  }
}
