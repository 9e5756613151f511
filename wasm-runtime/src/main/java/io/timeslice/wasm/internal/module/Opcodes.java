package io.timeslice.wasm.internal.module;

/**
 * Which single-byte values are opcodes of WebAssembly 2.0 (prefixes 0xFC and 0xFD included) or of
 * the 3.0 proposals the engine knows (the tail calls 0x12 and 0x13). The threads prefix 0xFE is one
 * only with that proposal on, which the caller knows.
 */
final class Opcodes {
  private Opcodes() {}

  private static final boolean[] DEFINED = new boolean[256];

  static {
    int[][] ranges = {
      {0x00, 0x09},
      {0x0b, 0x13},
      {0x18, 0x1c},
      {0x20, 0x26},
      {0x28, 0x44},
      {0x45, 0xc4},
      {0xd0, 0xd2},
      {0xfc, 0xfd}
    };
    for (int[] r : ranges) {
      for (int op = r[0]; op <= r[1]; op++) {
        DEFINED[op] = true;
      }
    }
  }

  static boolean isOpcode(int op) {
    return DEFINED[op];
  }
}
