package io.timeslice.wasm.fuzz;

import java.util.SplittableRandom;

/**
 * The choices of a generator, read from bytes: from a fuzzer's input (so that coverage guidance
 * steers the generator) or from a seeded random source (so that CI is reproducible). When the bytes
 * run out every choice is 0, which generators make the simplest option, so any input ends in a
 * finite, valid module.
 */
final class Entropy {
  private final byte[] bytes;
  private int position;

  Entropy(byte[] bytes) {
    this.bytes = bytes;
  }

  /** {@code length} random bytes from {@code seed}. */
  static Entropy seeded(long seed, int length) {
    byte[] bytes = new byte[length];
    new SplittableRandom(seed).nextBytes(bytes);
    return new Entropy(bytes);
  }

  boolean exhausted() {
    return position >= bytes.length;
  }

  int nextByte() {
    return exhausted() ? 0 : bytes[position++] & 0xff;
  }

  /** A choice in {@code [0, bound)}; 0 once the bytes are used up. */
  int below(int bound) {
    if (bound <= 1) {
      return 0;
    }
    long raw = nextByte();
    if (bound > 256) {
      raw = raw << 8 | nextByte();
    }
    if (bound > 65_536) {
      raw = raw << 16 | nextByte() << 8 | nextByte();
    }
    return (int) (raw % bound);
  }

  /** A choice in {@code [low, high]}. */
  int between(int low, int high) {
    return low + below(high - low + 1);
  }

  /** True with about {@code percent}% probability (never once the bytes are used up). */
  boolean chance(int percent) {
    return below(100) >= 100 - percent;
  }

  long nextLong() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | nextByte();
    }
    return v;
  }

  int nextInt() {
    return (int) nextLong();
  }

  <T> T pick(T[] options) {
    return options[below(options.length)];
  }

  long pick(long[] options) {
    return options[below(options.length)];
  }

  int pick(int[] options) {
    return options[below(options.length)];
  }
}
