package io.timeslice.wasm;

/**
 * The size limits of a table (elements) or memory (pages): a minimum and an optional maximum.
 *
 * @param min the initial size
 * @param max the maximum size, or {@link #NO_MAX}
 */
public record Limits(long min, long max) {
  /** The {@code max} of limits without a maximum. */
  public static final long NO_MAX = -1;

  /** Whether a maximum is declared. */
  public boolean hasMax() {
    return max != NO_MAX;
  }

  /**
   * Whether limits {@code this} (provided) satisfy {@code required}, the import matching rule: at
   * least the minimum, and a maximum, if one is required, no larger than it.
   */
  public boolean matches(Limits required) {
    return min >= required.min && (!required.hasMax() || (hasMax() && max <= required.max));
  }

  @Override
  public String toString() {
    return hasMax() ? min + " " + max : Long.toString(min);
  }
}
