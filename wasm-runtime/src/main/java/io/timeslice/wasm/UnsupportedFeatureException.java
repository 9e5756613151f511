package io.timeslice.wasm;

/**
 * A valid module uses something this engine cannot run yet (today: executing fixed-width SIMD). It
 * is raised at instantiation, naming the feature, so that no job starts that would fail later.
 */
public final class UnsupportedFeatureException extends WasmException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the unsupported feature. */
  public UnsupportedFeatureException(String message) {
    super(message);
  }
}
