package io.timeslice.wasm.internal.text;

import java.util.Arrays;

/** A growable byte buffer with the binary format's encodings (LEB128, little-endian floats). */
final class ByteSink {
  private byte[] buf = new byte[64];
  private int size;

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  void u8(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  void append(ByteSink other) {
    ensure(other.size);
    System.arraycopy(other.buf, 0, buf, size, other.size);
    size += other.size;
  }

  /** Unsigned LEB128 of the unsigned value {@code v}. */
  void u32(long v) {
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      u8(v == 0 ? b : b | 0x80);
    } while (v != 0);
  }

  /** Signed LEB128. */
  void s64(long v) {
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      u8(done ? b : b | 0x80);
      if (done) {
        return;
      }
    }
  }

  void f32(int bits) {
    for (int i = 0; i < 4; i++) {
      u8(bits >>> (8 * i));
    }
  }

  void f64(long bits) {
    for (int i = 0; i < 8; i++) {
      u8((int) (bits >>> (8 * i)));
    }
  }

  /** A length-prefixed byte string (a name, or a custom section's name). */
  void name(byte[] b) {
    u32(b.length);
    bytes(b);
  }

  /** A vector: its count, then its encoded elements. */
  void vector(int count, ByteSink elements) {
    u32(count);
    append(elements);
  }
}
