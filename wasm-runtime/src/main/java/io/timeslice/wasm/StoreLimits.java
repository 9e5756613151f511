package io.timeslice.wasm;

import static io.timeslice.wasm.internal.settings.Settings.notNegative;
import static io.timeslice.wasm.internal.settings.Settings.positive;

import io.timeslice.wasm.internal.settings.Settings;
import java.util.Arrays;

/**
 * What one {@link Store} may use, after Wasmtime's {@code StoreLimits}: a memory or table that
 * would start larger fails instantiation with a {@link ResourceLimitException}, and {@code
 * memory.grow} or {@code table.grow} beyond the limit returns -1, as the specification allows. Call
 * depth and value stack bound the interpreter's own stacks; exceeding either traps with "call stack
 * exhausted". Immutable: build one with {@link #builder()} (every limit starts at its default,
 * listed in {@link Builder}), or change a copy with {@link #toBuilder()} or a {@code with…} method.
 */
public final class StoreLimits {
  private final long memoryBytes;
  private final int tableElements;
  private final int instances;
  private final int callDepth;
  private final int stackCells;

  private StoreLimits(Builder b) {
    memoryBytes = b.memoryBytes;
    tableElements = b.tableElements;
    instances = b.instances;
    callDepth = b.callDepth;
    stackCells = b.stackCells;
  }

  /** Defaults safe for untrusted code: 256 MiB memories, 1M-element tables, 10,000 calls deep. */
  public static final StoreLimits DEFAULT = new Builder().build();

  /** A builder with every limit at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these limits. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The largest size of each linear memory, in bytes. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** The largest size of each table, in elements. */
  public int tableElements() {
    return tableElements;
  }

  /** How many instances the store may hold. */
  public int instances() {
    return instances;
  }

  /** How many Wasm calls may be nested. */
  public int callDepth() {
    return callDepth;
  }

  /** How many 64-bit cells the value stack may use. */
  public int stackCells() {
    return stackCells;
  }

  /** These limits with {@code bytes} per memory. */
  public StoreLimits withMemoryBytes(long bytes) {
    return toBuilder().memoryBytes(bytes).build();
  }

  /** These limits with {@code elements} per table. */
  public StoreLimits withTableElements(int elements) {
    return toBuilder().tableElements(elements).build();
  }

  /** These limits with {@code count} instances. */
  public StoreLimits withInstances(int count) {
    return toBuilder().instances(count).build();
  }

  /** These limits with a call depth of {@code depth} and {@code cells} value-stack cells. */
  public StoreLimits withStack(int depth, int cells) {
    return toBuilder().callDepth(depth).stackCells(cells).build();
  }

  int memoryPages() {
    return (int) Math.min(memoryBytes / 65_536, Integer.MAX_VALUE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreLimits l && toBuilder().equals(l.toBuilder());
  }

  @Override
  public int hashCode() {
    return toBuilder().hashCode();
  }

  @Override
  public String toString() {
    return "StoreLimits" + toBuilder();
  }

  /**
   * Every limit with its default. Setters check their value at once and throw {@link
   * IllegalArgumentException} naming the limit; {@link #build()} makes immutable {@link
   * StoreLimits}.
   */
  public static final class Builder {
    private long memoryBytes = 256L << 20;
    private int tableElements = 1 << 20;
    private int instances = 100;
    private int callDepth = 10_000;
    private int stackCells = 1 << 20;

    private Builder() {}

    private Builder(StoreLimits l) {
      memoryBytes = l.memoryBytes;
      tableElements = l.tableElements;
      instances = l.instances;
      callDepth = l.callDepth;
      stackCells = l.stackCells;
    }

    /** The largest size of each linear memory, in bytes (default 256 MiB; 0 allows no pages). */
    public Builder memoryBytes(long bytes) {
      memoryBytes = notNegative("memoryBytes", bytes);
      return this;
    }

    /** The largest size of each table, in elements (default 1,048,576; 0 allows none). */
    public Builder tableElements(int elements) {
      tableElements = (int) notNegative("tableElements", elements);
      return this;
    }

    /** How many instances the store may hold (default 100). */
    public Builder instances(int count) {
      instances = positive("instances", count);
      return this;
    }

    /** How many Wasm calls may be nested (default 10,000). */
    public Builder callDepth(int depth) {
      callDepth = positive("callDepth", depth);
      return this;
    }

    /** How many 64-bit cells the value stack may use (default 1,048,576). */
    public Builder stackCells(int cells) {
      stackCells = positive("stackCells", cells);
      return this;
    }

    /** The immutable limits. */
    public StoreLimits build() {
      return new StoreLimits(this);
    }

    private static final String[] NAMES = {
      "memoryBytes", "tableElements", "instances", "callDepth", "stackCells"
    };

    /** The limits in {@link #NAMES}' order, for equality and printing. */
    private Object[] values() {
      return new Object[] {memoryBytes, tableElements, instances, callDepth, stackCells};
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Builder b && Arrays.equals(values(), b.values());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
      return Settings.format(NAMES, values());
    }
  }
}
