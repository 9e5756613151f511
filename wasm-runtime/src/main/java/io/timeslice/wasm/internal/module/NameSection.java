package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.internal.binary.WasmReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the function names of the {@code name} custom section. The section is debugging
 * information: the specification says a malformed one must not make the module invalid, so any
 * error here leaves the module without names instead.
 */
final class NameSection {
  private NameSection() {}

  private static final int FUNCTION_NAMES = 1;

  static void decode(byte[] payload, Map<Integer, String> functionNames) {
    Map<Integer, String> names = new HashMap<>();
    try {
      WasmReader in = new WasmReader(payload, 0, payload.length);
      while (in.hasMore()) {
        int id = in.u8();
        int size = in.u32();
        int end = in.pos() + size;
        if (Integer.compareUnsigned(size, in.remaining()) > 0) {
          return;
        }
        if (id == FUNCTION_NAMES) {
          int n = in.u32();
          for (int i = 0; i < n; i++) {
            int index = in.u32();
            names.put(index, in.name());
          }
        }
        in.seek(end);
      }
      functionNames.putAll(names);
    } catch (WasmException | IllegalArgumentException malformedNames) {
      // Names are optional; a module with a broken name section simply has none.
    }
  }
}
