package io.timeslice.wasm.internal.binary;

import io.timeslice.wasm.MalformedModuleException;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation as the binary format requires: no overlong forms, no surrogates, nothing
 * above U+10FFFF. Java's decoder replaces bad input silently, so the check is done by hand.
 */
final class Utf8 {
  private Utf8() {}

  static String decode(byte[] b, int start, int length) {
    int i = start;
    int end = start + length;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        min = 0x10000;
      } else {
        throw bad(i);
      }
      if (end - i <= n) {
        throw bad(i);
      }
      int cp = c & (0x3f >> n);
      for (int k = 1; k <= n; k++) {
        int cc = b[i + k] & 0xff;
        if ((cc & 0xc0) != 0x80) {
          throw bad(i);
        }
        cp = cp << 6 | (cc & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw bad(i);
      }
      i += n + 1;
    }
    return new String(b, start, length, StandardCharsets.UTF_8);
  }

  private static MalformedModuleException bad(int offset) {
    return new MalformedModuleException("malformed UTF-8 encoding", offset);
  }
}
