package io.timeslice.client;

import java.io.Serial;
import java.util.Map;

/**
 * A call the service refused, with its RFC 9457 problem: {@code status}, {@code title}, {@code
 * detail} and any further members (e.g. a module error's {@code offset}); or a call that never got
 * an answer, with status 0.
 */
public final class TimesliceException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The status of a call that got no HTTP answer at all (the service could not be reached). */
  public static final int UNREACHABLE = 0;

  private final int status;
  private final String title;
  private final String detail;
  private final transient Map<String, Object> properties;

  /** A problem with {@code status}, {@code title}, {@code detail} and extra members. */
  public TimesliceException(
      int status, String title, String detail, Map<String, Object> properties, Throwable cause) {
    super(title + (detail == null ? "" : ": " + detail), cause);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.properties = Map.copyOf(properties);
  }

  /** The HTTP status, or {@link #UNREACHABLE}. */
  public int status() {
    return status;
  }

  /** The problem's short summary, e.g. "Not Found" or "Invalid module". */
  public String title() {
    return title;
  }

  /** What exactly went wrong, or null. */
  public String detail() {
    return detail;
  }

  /** The problem's other members: {@code type}, {@code instance}, {@code offset}, … */
  public Map<String, Object> properties() {
    return properties;
  }

  /** Whether the service could not be reached at all. */
  public boolean isUnreachable() {
    return status == UNREACHABLE;
  }
}
