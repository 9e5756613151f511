package io.timeslice.wasm.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the WebAssembly binary format: LEB128 numbers, names, vectors and sections. */
public final class WasmWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public WasmWriter u8(int b) {
    out.write(b);
    return this;
  }

  public WasmWriter u32(long value) {
    long v = value & 0xffff_ffffL;
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v == 0 ? b : b | 0x80);
    } while (v != 0);
    return this;
  }

  public WasmWriter s64(long value) {
    long v = value;
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return this;
      }
    }
  }

  public WasmWriter s32(int value) {
    return s64(value);
  }

  public WasmWriter f32(int bits) {
    for (int i = 0; i < 4; i++) {
      out.write(bits >>> (8 * i));
    }
    return this;
  }

  public WasmWriter f64(long bits) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (bits >>> (8 * i)));
    }
    return this;
  }

  public WasmWriter name(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    out.writeBytes(b);
    return this;
  }

  public WasmWriter bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** A section: its id, its size, its contents. */
  public WasmWriter section(int id, WasmWriter contents) {
    byte[] b = contents.toByteArray();
    u8(id).u32(b.length);
    out.writeBytes(b);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
