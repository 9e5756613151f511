package io.timeslice.wasm;

/**
 * The text is not a WebAssembly text-format module (or {@code .wast} script): parsing failed at
 * {@link #line()}:{@link #column()}. The message starts with the reason, in the words of the
 * specification's reference interpreter where it has them (e.g. "unknown operator", "unexpected
 * token", "constant out of range").
 */
public final class MalformedTextException extends WasmException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int line;
  private final int column;

  /** A parse error at 1-based {@code line} and {@code column} (counted in characters). */
  public MalformedTextException(String reason, int line, int column) {
    super(reason + " (at line " + line + ", column " + column + ")");
    this.reason = reason;
    this.line = line;
    this.column = column;
  }

  /** The reason without the position. */
  public String reason() {
    return reason;
  }

  /** The 1-based line of the offending token. */
  public int line() {
    return line;
  }

  /** The 1-based column of the offending token, in characters. */
  public int column() {
    return column;
  }
}
