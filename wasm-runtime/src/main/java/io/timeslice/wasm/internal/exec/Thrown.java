package io.timeslice.wasm.internal.exec;

/**
 * A Wasm exception in flight or caught (exception handling): its tag and the values it carries, as
 * cells. A catch arm keeps it in a cell as a store reference, for {@code rethrow}.
 */
final class Thrown {
  final TagInstance tag;
  final long[] payload;

  /** The id in the store's {@link Refs}, 0 until the exception is first caught. */
  long refId;

  Thrown(TagInstance tag, long[] payload) {
    this.tag = tag;
    this.payload = payload;
  }
}
