package io.timeslice.wasm.internal.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian multi-byte access to linear memory through {@code byte[]} view VarHandles, which
 * HotSpot compiles to single unaligned loads and stores. Callers have checked the bounds.
 */
public final class MemAccess {
  private MemAccess() {}

  // Public for compiled code, which accesses memory through them directly.
  public static final VarHandle I16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  public static final VarHandle I32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  public static final VarHandle I64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  public static short i16(byte[] mem, long ea) {
    return (short) I16.get(mem, (int) ea);
  }

  public static void i16(byte[] mem, long ea, short value) {
    I16.set(mem, (int) ea, value);
  }

  public static int i32(byte[] mem, long ea) {
    return (int) I32.get(mem, (int) ea);
  }

  public static void i32(byte[] mem, long ea, int value) {
    I32.set(mem, (int) ea, value);
  }

  public static long i64(byte[] mem, long ea) {
    return (long) I64.get(mem, (int) ea);
  }

  public static void i64(byte[] mem, long ea, long value) {
    I64.set(mem, (int) ea, value);
  }
}
