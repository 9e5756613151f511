package io.timeslice.storage;

/** W3C trace contexts as stored with jobs: {@code version-traceid-parentid-flags}. */
final class TraceParents {
  private TraceParents() {}

  /** The 32 hex digits of the trace id in {@code traceParent}, or null when there is none. */
  static String traceId(String traceParent) {
    return traceParent != null && traceParent.length() >= 35 && traceParent.charAt(2) == '-'
        ? traceParent.substring(3, 35)
        : null;
  }
}
