package io.timeslice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the files commands name: one that cannot be read is a usage error, in words. */
final class Readable {
  private Readable() {}

  /** The bytes of {@code file}, or of {@code in} when the file is {@code -}. */
  static byte[] bytes(Path file, InputStream in) {
    try {
      return file.toString().equals("-") ? in.readAllBytes() : Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliFailure(Main.USAGE, "cannot read " + file + ": " + reason(e));
    }
  }

  /** What went wrong with a file, in words rather than an exception's class name. */
  static String reason(Exception e) {
    return switch (e) {
      case NoSuchFileException x -> "no such file";
      case AccessDeniedException x -> "permission denied";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
