package io.timeslice.wasm.internal.exec;

import java.util.Arrays;

/**
 * A linear memory: a {@code byte[]} of exactly the current size, replaced on growth, so that the
 * interpreter's bounds check is against {@code bytes.length}. A Java array holds at most 2^31 - 1
 * bytes, so a memory has at most {@link #MAX_PAGES} pages.
 */
public final class LinearMemory {
  /** Bytes per Wasm page. */
  public static final int PAGE_SIZE = 65_536;

  /** The largest page count a {@code byte[]} can hold. */
  public static final int MAX_PAGES = Integer.MAX_VALUE / PAGE_SIZE;

  /** The bytes; public for compiled code, which reads them after every call. */
  public byte[] bytes;

  private final int maxPages;
  private final long declaredMax;
  private final boolean index64;
  private final boolean shared;

  /**
   * A memory of {@code initialPages}, growable to {@code maxPages} (already the lesser of the
   * declared maximum and the store's limit).
   */
  public LinearMemory(int initialPages, int maxPages) {
    this(initialPages, maxPages, maxPages);
  }

  /**
   * A memory of {@code initialPages}, growable to {@code maxPages}, whose type declares the maximum
   * {@code declaredMax} (-1 when none; it matters when the memory is imported).
   */
  public LinearMemory(int initialPages, int maxPages, long declaredMax) {
    this(initialPages, maxPages, declaredMax, false);
  }

  /**
   * A memory as {@link #LinearMemory(int, int, long)}, 64-bit when {@code index64} (memory64: its
   * type says so; the bytes are bounded by the same store limit).
   */
  public LinearMemory(int initialPages, int maxPages, long declaredMax, boolean index64) {
    this(initialPages, maxPages, declaredMax, index64, false);
  }

  /**
   * A memory as {@link #LinearMemory(int, int, long, boolean)}, shared when {@code shared}
   * (threads: its type says so; one agent runs a job, so its bytes are accessed as any memory's).
   */
  public LinearMemory(
      int initialPages, int maxPages, long declaredMax, boolean index64, boolean shared) {
    this.index64 = index64;
    this.shared = shared;
    if (initialPages < 0 || initialPages > maxPages || maxPages > MAX_PAGES) {
      throw new IllegalArgumentException("bad memory limits " + initialPages + ".." + maxPages);
    }
    this.bytes = new byte[initialPages * PAGE_SIZE];
    this.maxPages = maxPages;
    this.declaredMax = declaredMax;
  }

  /** The declared maximum in pages, or -1 when there is none. */
  public long declaredMax() {
    return declaredMax;
  }

  /** Whether the memory is 64-bit (memory64). */
  public boolean index64() {
    return index64;
  }

  /** Whether the memory is shared (threads). */
  public boolean shared() {
    return shared;
  }

  /** The current size in pages. */
  public int pages() {
    return bytes.length / PAGE_SIZE;
  }

  /** The memory's bytes; the array is replaced when the memory grows. */
  public byte[] bytes() {
    return bytes;
  }

  /** Grows by {@code delta} pages (an unsigned value); returns the old size, or -1 on failure. */
  public int grow(int delta) {
    int old = pages();
    if (Integer.compareUnsigned(delta, maxPages - old) > 0) {
      return -1;
    }
    if (delta != 0) {
      bytes = Arrays.copyOf(bytes, (old + delta) * PAGE_SIZE);
    }
    return old;
  }
}
