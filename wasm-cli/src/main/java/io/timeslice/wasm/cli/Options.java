package io.timeslice.wasm.cli;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Tier;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The option value converters the commands share, and reading the files they name. */
final class Options {
  private Options() {}

  /** A positive count, with {@code _} allowed between digits ({@code 1_000_000}). */
  static final class PositiveLong implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long n;
      try {
        n = Long.parseLong(value.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (n <= 0) {
        throw new TypeConversionException("'" + value + "' is not positive");
      }
      return n;
    }
  }

  /** {@code eager}, {@code lazy-translation} or {@code lazy}. */
  static final class Mode implements ITypeConverter<CompilationMode> {
    static final String NAMES = "eager, lazy-translation or lazy";

    @Override
    public CompilationMode convert(String value) {
      for (CompilationMode m : CompilationMode.values()) {
        if (name(m).equals(value)) {
          return m;
        }
      }
      throw new TypeConversionException("'" + value + "' is not " + NAMES);
    }

    static String name(CompilationMode mode) {
      return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** {@code interpreter}, {@code tiered} or {@code compiled} (docs/tiers.md). */
  static final class TierName implements ITypeConverter<Tier> {
    static final String NAMES = "interpreter, tiered or compiled";

    @Override
    public Tier convert(String value) {
      return switch (value) {
        case "interpreter" -> Tier.INTERPRETER_ONLY;
        case "tiered" -> Tier.TIERED;
        case "compiled" -> Tier.COMPILED_EAGER;
        default -> throw new TypeConversionException("'" + value + "' is not " + NAMES);
      };
    }
  }

  /** The bytes of {@code file}; one that cannot be read is a usage error. */
  static byte[] read(CommandSpec spec, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + reason(e));
    }
  }

  /** What went wrong reading a file, in words rather than an exception's class name. */
  static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file";
      case AccessDeniedException x -> "permission denied";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
