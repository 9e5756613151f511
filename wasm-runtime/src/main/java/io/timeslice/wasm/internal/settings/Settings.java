package io.timeslice.wasm.internal.settings;

/**
 * What the builders of the engine's settings ({@code Config}, {@code StoreLimits}, {@code
 * WasiConfig}) share: the checks of a value, which name the setting in the message, and the printed
 * form {@code [name=value, …]} of their settings in one order.
 */
public final class Settings {
  private Settings() {}

  /**
   * {@code value}, when it is positive.
   *
   * @throws IllegalArgumentException naming {@code setting} otherwise
   */
  public static int positive(String setting, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(setting + " must be positive, not " + value);
    }
    return value;
  }

  /**
   * {@code value}, when it is not negative.
   *
   * @throws IllegalArgumentException naming {@code setting} otherwise
   */
  public static long notNegative(String setting, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(setting + " must not be negative, not " + value);
    }
    return value;
  }

  /** {@code [names[0]=values[0], names[1]=values[1], …]}. */
  public static String format(String[] names, Object[] values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < names.length; i++) {
      s.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
    }
    return s.append(']').toString();
  }
}
