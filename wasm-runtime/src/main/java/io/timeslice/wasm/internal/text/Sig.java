package io.timeslice.wasm.internal.text;

import java.util.List;

/** A function signature: parameter and result value types, by their codes ({@link TypeUses}). */
record Sig(List<Integer> params, List<Integer> results) {
  static final Sig EMPTY = new Sig(List.of(), List.of());

  /** Whether a block of this type is written inline (no parameters, at most one result). */
  boolean inlinable() {
    return params.isEmpty() && results.size() <= 1;
  }

  void write(ByteSink out) {
    out.u8(0x60);
    out.u32(params.size());
    params.forEach(t -> TypeUses.write(out, t));
    out.u32(results.size());
    results.forEach(t -> TypeUses.write(out, t));
  }
}
