package io.timeslice.wasm;

/**
 * What one {@link Store} may use, after Wasmtime's {@code StoreLimits}: a memory or table that
 * would start larger fails instantiation with a {@link ResourceLimitException}, and {@code
 * memory.grow} or {@code table.grow} beyond the limit returns -1, as the specification allows. Call
 * depth and value stack bound the interpreter's own stacks; exceeding either traps with "call stack
 * exhausted".
 *
 * @param memoryBytes the largest size of each linear memory, in bytes
 * @param tableElements the largest size of each table, in elements
 * @param instances how many instances the store may hold
 * @param callDepth how many Wasm calls may be nested
 * @param stackCells how many 64-bit cells the value stack may use
 */
public record StoreLimits(
    long memoryBytes, int tableElements, int instances, int callDepth, int stackCells) {

  /** Defaults safe for untrusted code: 256 MiB memories, 1M-element tables, 10,000 calls deep. */
  public static final StoreLimits DEFAULT =
      new StoreLimits(256L << 20, 1 << 20, 100, 10_000, 1 << 20);

  /** Checks that every limit is positive. */
  public StoreLimits {
    if (memoryBytes < 0 || tableElements < 0 || instances < 1 || callDepth < 1 || stackCells < 1) {
      throw new IllegalArgumentException("store limits must be positive");
    }
  }

  /** These limits with {@code bytes} per memory. */
  public StoreLimits withMemoryBytes(long bytes) {
    return new StoreLimits(bytes, tableElements, instances, callDepth, stackCells);
  }

  /** These limits with {@code elements} per table. */
  public StoreLimits withTableElements(int elements) {
    return new StoreLimits(memoryBytes, elements, instances, callDepth, stackCells);
  }

  /** These limits with {@code count} instances. */
  public StoreLimits withInstances(int count) {
    return new StoreLimits(memoryBytes, tableElements, count, callDepth, stackCells);
  }

  /** These limits with a call depth of {@code depth} and {@code cells} value-stack cells. */
  public StoreLimits withStack(int depth, int cells) {
    return new StoreLimits(memoryBytes, tableElements, instances, depth, cells);
  }

  int memoryPages() {
    return (int) Math.min(memoryBytes / 65_536, Integer.MAX_VALUE);
  }
}
