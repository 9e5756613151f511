package io.timeslice.wasm.spec;

/**
 * The outcome of one spec command.
 *
 * @param file the JSON file's name without extension (e.g. {@code i32})
 * @param line the command's line in the {@code .wast} source
 * @param type the command type (e.g. {@code assert_invalid})
 * @param outcome passed, failed or skipped
 * @param detail why it failed or was skipped; empty when it passed
 * @param fuel the fuel the command consumed (a start function's included), 0 when unmetered
 * @param observed what the command's code produced: the results' raw bits in hex, or the trap;
 *     empty when it ran no code. With {@code fuel}, what the fuel invariant compares across
 *     configurations (docs/fuel.md)
 */
public record CommandResult(
    String file,
    long line,
    String type,
    Outcome outcome,
    String detail,
    long fuel,
    String observed) {
  /** A result of a command that ran no metered code. */
  public CommandResult(String file, long line, String type, Outcome outcome, String detail) {
    this(file, line, type, outcome, detail, 0, "");
  }

  /** What happened to a command. */
  public enum Outcome {
    /** The engine did what the specification requires. */
    PASSED,
    /** It did not. */
    FAILED,
    /** It was not run, for the reason in {@code detail}. */
    SKIPPED
  }

  /** {@code file:line type}, how a command is named in reports and baselines. */
  public String id() {
    return file + ":" + line + " " + type;
  }
}
