package io.timeslice.wasm.internal.binary;

import io.timeslice.wasm.MalformedModuleException;

/**
 * A cursor over a module's bytes that decodes the binary format's primitives strictly: a LEB128
 * integer longer than its type allows, or with unused bits set in its last byte, is malformed, as
 * is a name that is not valid UTF-8. Reads never go past {@link #limit()}; running out is the
 * malformed-module error "unexpected end", never an array exception.
 */
public final class WasmReader {
  private final byte[] bytes;
  private int pos;
  private int limit;

  /** A reader of {@code bytes[start, end)}. */
  public WasmReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.pos = start;
    this.limit = end;
  }

  /** The underlying bytes. */
  public byte[] bytes() {
    return bytes;
  }

  /** The offset of the next byte. */
  public int pos() {
    return pos;
  }

  /** Moves to {@code newPos}, which must be within the limit. */
  public void seek(int newPos) {
    if (newPos < 0 || newPos > limit) {
      throw new IllegalArgumentException("seek outside the reader: " + newPos);
    }
    pos = newPos;
  }

  /** The offset reads stop at. */
  public int limit() {
    return limit;
  }

  /** Narrows (or restores) the end of readable bytes, e.g. to a section's end. */
  public void limit(int newLimit) {
    limit = newLimit;
  }

  /** Whether bytes remain before the limit. */
  public boolean hasMore() {
    return pos < limit;
  }

  /** Bytes left before the limit. */
  public int remaining() {
    return limit - pos;
  }

  /** A malformed-module error at the current position. */
  public MalformedModuleException malformed(String reason) {
    return new MalformedModuleException(reason, pos);
  }

  /** A malformed-module error at {@code offset}. */
  public static MalformedModuleException malformedAt(String reason, int offset) {
    return new MalformedModuleException(reason, offset);
  }

  private MalformedModuleException endError() {
    // The spec's reference interpreter says "unexpected end" for the module and "unexpected end
    // of section or function" inside one; the harness accepts either wording at its prefix.
    return malformed("unexpected end");
  }

  /** One byte, unsigned. */
  public int u8() {
    if (pos >= limit) {
      throw endError();
    }
    return bytes[pos++] & 0xff;
  }

  /** A little-endian 32-bit word (the bits of an f32 constant). */
  public int fixed32() {
    if (limit - pos < 4) {
      throw endError();
    }
    int v =
        (bytes[pos] & 0xff)
            | (bytes[pos + 1] & 0xff) << 8
            | (bytes[pos + 2] & 0xff) << 16
            | (bytes[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** A little-endian 64-bit word (the bits of an f64 constant). */
  public long fixed64() {
    long lo = fixed32() & 0xffff_ffffL;
    long hi = fixed32() & 0xffff_ffffL;
    return lo | hi << 32;
  }

  /**
   * A byte of a LEB128 number. Like the reference interpreter, a number may be read past the
   * current section's limit (up to the module's end) so that an over-long encoding is reported as
   * such; {@link #endLeb} then reports running past the limit.
   */
  private int lebByte() {
    if (pos >= bytes.length) {
      throw endError();
    }
    return bytes[pos++] & 0xff;
  }

  private void endLeb(int start) {
    if (pos > limit) {
      pos = start;
      throw endError();
    }
  }

  /** An unsigned LEB128 u32, at most 5 bytes, the last with no bits above bit 31. */
  public int u32() {
    if (pos < limit) {
      int first = bytes[pos];
      if (first >= 0) {
        pos++;
        return first; // The common one-byte case.
      }
    }
    int begin = pos;
    int b = lebByte();
    int result = b & 0x7f;
    for (int shift = 7; (b & 0x80) != 0; shift += 7) {
      int start = pos;
      b = lebByte();
      if (shift == 28) {
        if ((b & 0x80) != 0) {
          throw malformedAt("integer representation too long", start);
        }
        if ((b & 0x70) != 0) {
          throw malformedAt("integer too large", start);
        }
      }
      result |= (b & 0x7f) << shift;
    }
    endLeb(begin);
    return result;
  }

  /** An unsigned LEB128 u64, at most 10 bytes, the last with no bits above bit 63. */
  public long u64() {
    int begin = pos;
    long result = 0;
    for (int shift = 0; ; shift += 7) {
      int start = pos;
      int b = lebByte();
      if (shift == 63) {
        if ((b & 0x80) != 0) {
          throw malformedAt("integer representation too long", start);
        }
        if ((b & 0x7e) != 0) {
          throw malformedAt("integer too large", start);
        }
      }
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        endLeb(begin);
        return result;
      }
    }
  }

  /** A signed LEB128 s32, at most 5 bytes; the unused bits of the last are the sign's copies. */
  public int s32() {
    return (int) signed(32);
  }

  /** A signed LEB128 s64, at most 10 bytes. */
  public long s64() {
    return signed(64);
  }

  /** A signed LEB128 of at most 33 bits (block types' type index form). */
  public long s33() {
    return signed(33);
  }

  private long signed(int bits) {
    long result = 0;
    int shift = 0;
    int maxBytes = (bits + 6) / 7;
    int begin = pos;
    for (int i = 0; ; i++) {
      int start = pos;
      int b = lebByte();
      if (i == maxBytes - 1) {
        if ((b & 0x80) != 0) {
          throw malformedAt("integer representation too long", start);
        }
        // The bits of the last byte beyond the type's width must all equal its sign bit.
        int used = bits - shift; // 1..7 bits of payload in this byte
        int signAndUnused = b & 0x7f & (0x7f << (used - 1));
        if (signAndUnused != 0 && signAndUnused != (0x7f << (used - 1) & 0x7f)) {
          throw malformedAt("integer too large", start);
        }
      }
      result |= (long) (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        if (shift < 64 && (b & 0x40) != 0) {
          result |= -1L << shift;
        }
        endLeb(begin);
        return result;
      }
    }
  }

  /** {@code n} raw bytes' start offset; the bytes are skipped. */
  public int skip(int n) {
    if (n < 0 || n > limit - pos) {
      throw malformed("unexpected end");
    }
    int start = pos;
    pos += n;
    return start;
  }

  /**
   * A 1-bit unsigned LEB128 (limits flags, as the reference interpreter reads them): a continuation
   * bit is "integer representation too long", a value above 1 "integer too large".
   */
  public int u1() {
    int at = pos;
    int b = u8();
    if ((b & 0x80) != 0) {
      throw malformedAt("integer representation too long", at);
    }
    if (b > 1) {
      throw malformedAt("integer too large", at);
    }
    return b;
  }

  /** The byte at {@code offset} of the whole module, or -1 past its end. */
  public int peekAbsolute(int offset) {
    return offset < bytes.length ? bytes[offset] & 0xff : -1;
  }

  /** A name: a u32 length and that many bytes of valid UTF-8. */
  public String name() {
    int length = u32();
    if (Integer.compareUnsigned(length, limit - pos) > 0) {
      throw malformed("unexpected end");
    }
    int start = pos;
    pos += length;
    return Utf8.decode(bytes, start, length);
  }
}
