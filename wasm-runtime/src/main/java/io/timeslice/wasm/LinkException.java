package io.timeslice.wasm;

/**
 * An import cannot be satisfied: nothing is defined under its name ("unknown import"), or what is
 * defined has another type ("incompatible import type"). The message names the import.
 */
public final class LinkException extends WasmException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message starts with the specification's reason. */
  public LinkException(String message) {
    super(message);
  }
}
