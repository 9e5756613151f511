package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;

/**
 * What the atomic ops' generated handlers (threads, ops.isa) share: the alignment and bounds check
 * of an access, and reads and writes of 1, 2, 4 or 8 bytes as 64-bit values. A job runs on one
 * agent, so nothing else reads or writes its memory during an op: an atomic access is a plain one.
 */
final class Atomics {
  private Atomics() {}

  /**
   * 0 when {@code size} bytes at {@code ea} may be accessed atomically, else the trap's number: an
   * address that is not a multiple of the size is "unaligned atomic" (checked first, as the
   * reference interpreter and Wasmtime do), one past the end out of bounds.
   */
  static int check(byte[] mem, long ea, int size) {
    if ((ea & (size - 1)) != 0) {
      return TrapCode.UNALIGNED_ATOMIC.number();
    }
    // mem.length - size may be negative for a memory smaller than the access: then ea > it.
    return ea > mem.length - size ? TrapCode.MEMORY_OUT_OF_BOUNDS.number() : 0;
  }

  /** The {@code size} bytes at {@code ea}, little-endian, zero-extended. */
  static long read(byte[] mem, long ea, int size) {
    return switch (size) {
      case 1 -> mem[(int) ea] & 0xffL;
      case 2 -> MemAccess.i16(mem, ea) & 0xffffL;
      case 4 -> MemAccess.i32(mem, ea) & 0xffff_ffffL;
      default -> MemAccess.i64(mem, ea);
    };
  }

  /** Writes the low {@code size} bytes of {@code value} at {@code ea}, little-endian. */
  static void write(byte[] mem, long ea, int size, long value) {
    switch (size) {
      case 1 -> mem[(int) ea] = (byte) value;
      case 2 -> MemAccess.i16(mem, ea, (short) value);
      case 4 -> MemAccess.i32(mem, ea, (int) value);
      default -> MemAccess.i64(mem, ea, value);
    }
  }
}
