package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.FuncType;

/**
 * An exception tag at run time. Tags match by identity: a module that imports a tag shares the
 * exporter's object, and two definitions are two tags even of one type.
 */
public final class TagInstance {
  private final FuncType type;

  /** A tag whose exceptions carry values of {@code type}'s parameters. */
  public TagInstance(FuncType type) {
    this.type = type;
  }

  /** The tag's type. */
  public FuncType type() {
    return type;
  }
}
