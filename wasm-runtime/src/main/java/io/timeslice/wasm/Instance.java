package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.InstanceContext;
import java.util.Map;
import java.util.Optional;

/** An instantiated module: its exports, which live in the store it was instantiated in. */
public final class Instance {
  private final Map<String, Extern> exports;
  private final InstanceContext context;

  Instance(Map<String, Extern> exports, InstanceContext context) {
    this.exports = exports;
    this.context = context;
  }

  /** The instance's state, as the interpreter sees it (for checkpoints). */
  InstanceContext context() {
    return context;
  }

  /** All exports by name, in the module's export order. */
  public Map<String, Extern> exports() {
    return exports;
  }

  /** The export called {@code name}, if any. */
  public Optional<Extern> export(String name) {
    return Optional.ofNullable(exports.get(name));
  }

  /**
   * The exported function {@code name}.
   *
   * @throws IllegalArgumentException when there is no such function export
   */
  public Func func(String name) {
    return get(name, Func.class, "function");
  }

  /** The exported memory {@code name}; throws IllegalArgumentException when there is none. */
  public Memory memory(String name) {
    return get(name, Memory.class, "memory");
  }

  /** The exported table {@code name}; throws IllegalArgumentException when there is none. */
  public Table table(String name) {
    return get(name, Table.class, "table");
  }

  /** The exported global {@code name}; throws IllegalArgumentException when there is none. */
  public Global global(String name) {
    return get(name, Global.class, "global");
  }

  /**
   * The exported exception tag {@code name}; throws IllegalArgumentException when there is none.
   */
  public Tag tag(String name) {
    return get(name, Tag.class, "tag");
  }

  private <E extends Extern> E get(String name, Class<E> kind, String what) {
    Extern e = exports.get(name);
    if (!kind.isInstance(e)) {
      throw new IllegalArgumentException("no exported " + what + " named \"" + name + "\"");
    }
    return kind.cast(e);
  }
}
