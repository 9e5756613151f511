package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.ModuleInfo;
import java.util.Arrays;

/**
 * The types of the locals of the body being validated, parameters first, decoded from its local
 * declarations: every declaration is decoded before the engine's limit of locals is checked, so a
 * count overflowing 2^32 is reported as malformed, and nothing is allocated per local beyond the
 * types array, which is reused from body to body.
 */
final class LocalTypes {
  private int[] types = new int[16];
  private int count;

  /** How many locals there are, parameters included. */
  int count() {
    return count;
  }

  /** The type code of local {@code index}, which must be below {@link #count()}. */
  int type(int index) {
    return types[index];
  }

  /** A copy of the locals' type codes. */
  int[] types() {
    return Arrays.copyOf(types, count);
  }

  /**
   * Reads the local declarations at {@code in}'s position, after the parameters {@code params}.
   *
   * @throws io.timeslice.wasm.MalformedModuleException when they do not decode
   * @throws InvalidModuleException beyond {@code config}'s limit of locals, or for a v128 without
   *     SIMD
   */
  void read(WasmReader in, int[] params, Config config, ModuleInfo module) {
    count = 0;
    for (int p : params) {
      addLocal(p);
    }
    int groups = in.u32();
    if (Integer.compareUnsigned(groups, in.remaining()) > 0) {
      throw in.malformed("unexpected end: local declarations");
    }
    // Decode every declaration first: a count overflowing 2^32 is malformed, and that must win
    // over the engine's (smaller) limit, which is checked before anything is allocated.
    int[] counts = new int[groups];
    int[] types = new int[groups];
    long total = params.length;
    int firstAt = in.pos();
    for (int g = 0; g < groups; g++) {
      int countAt = in.pos();
      counts[g] = in.u32();
      total += counts[g] & 0xffff_ffffL;
      if (total > 0xffff_ffffL) {
        throw WasmReader.malformedAt("too many locals", countAt);
      }
      types[g] = FuncValidator.valType(in, config, module);
    }
    if (total > config.maxLocals()) {
      throw new InvalidModuleException(
          "too many locals: " + total + ", the limit is " + config.maxLocals(), firstAt);
    }
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < counts[g]; i++) {
        addLocal(types[g]);
      }
    }
  }

  private void addLocal(int type) {
    if (count == types.length) {
      types = Arrays.copyOf(types, count * 2);
    }
    types[count++] = type;
  }
}
