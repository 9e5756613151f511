package io.timeslice.cli;

import java.io.Serial;

/** A command that cannot go on, with the one line to print and the exit code to end with. */
final class CliFailure extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
