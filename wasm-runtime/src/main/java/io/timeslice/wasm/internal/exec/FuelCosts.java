package io.timeslice.wasm.internal.exec;

/**
 * The fuel cost schedule (docs/fuel.md), version {@link #VERSION}: every Wasm instruction costs
 * {@link #INSTRUCTION}; bulk ops and {@code memory.grow} add a surcharge proportional to what they
 * touch, charged before any effect. Changing a number here makes a new version.
 */
public final class FuelCosts {
  /** The schedule's version, recorded with every job's fuel. */
  public static final int VERSION = 1;

  /** The cost of every Wasm instruction, control instructions included. */
  public static final int INSTRUCTION = 1;

  /** Surcharge unit: 1 fuel per 64 bytes (memory.fill, memory.copy, memory.init). */
  public static final int PER_64_BYTES = 0;

  /** Surcharge unit: 1 fuel per 8 elements (table.fill, table.copy, table.init, table.grow). */
  public static final int PER_8_ELEMENTS = 1;

  /** Surcharge unit: 1,024 fuel per 64 KiB page requested (memory.grow: 1 per 64 bytes). */
  public static final int PER_PAGE = 2;

  private FuelCosts() {}

  /** The surcharge for {@code count} (an unsigned 32-bit value) in {@code unit}. */
  public static long surcharge(int unit, long count) {
    return switch (unit) {
      case PER_64_BYTES -> (count + 63) >>> 6;
      case PER_8_ELEMENTS -> (count + 7) >>> 3;
      default -> count << 10;
    };
  }
}
