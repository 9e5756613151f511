package io.timeslice.storage;

import java.util.Objects;

/**
 * How a job failed: its kind, the trap code for a trap (the engine's {@code TrapCode} name, e.g.
 * {@code UNREACHABLE}), and a message for people.
 *
 * @param kind why it did not succeed
 * @param trapCode the trap code, exactly when {@code kind} is {@link FailureKind#TRAP}
 * @param message what happened
 */
public record Failure(FailureKind kind, String trapCode, String message) {
  /** Checks that a trap code comes with a trap and only with one. */
  public Failure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if ((kind == FailureKind.TRAP) != (trapCode != null)) {
      throw new IllegalArgumentException("a trap code goes with a trap, and only with one");
    }
  }

  /** A trap with its code. */
  public static Failure trap(String trapCode, String message) {
    return new Failure(FailureKind.TRAP, Objects.requireNonNull(trapCode, "trapCode"), message);
  }

  /** A failure that is not a trap. */
  public static Failure of(FailureKind kind, String message) {
    return new Failure(kind, null, message);
  }
}
