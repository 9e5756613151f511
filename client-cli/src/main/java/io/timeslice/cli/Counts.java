package io.timeslice.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A positive count, with {@code _} or {@code ,} between digits allowed: 1_000_000. */
final class Counts implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String digits = value.replace("_", "").replace(",", "");
    if (!digits.matches("\\d{1,19}")) {
      throw new TypeConversionException("'" + value + "' is not a positive number");
    }
    try {
      long n = Long.parseLong(digits);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException tooLarge) {
      // Reported below, as a value that is out of range.
    }
    throw new TypeConversionException("'" + value + "' is not between 1 and " + Long.MAX_VALUE);
  }
}
