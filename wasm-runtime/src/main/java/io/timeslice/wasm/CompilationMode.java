package io.timeslice.wasm;

/**
 * When function bodies are validated and translated to IR. Fuel does not depend on the mode (it is
 * defined on Wasm, docs/fuel.md); only when the translation work happens, and when an invalid body
 * is reported, do.
 */
public enum CompilationMode {
  /** Validate and translate every body in {@link Module#compile}: the fastest first call. */
  EAGER,
  /** Validate every body in {@link Module#compile}; translate each on its first call. */
  LAZY_TRANSLATION,
  /**
   * Validate and translate each body on its first call: the cheapest compile, for modules whose
   * functions mostly never run. An invalid body is reported when it is first called, as an {@link
   * InvalidModuleException} from the call.
   */
  LAZY
}
