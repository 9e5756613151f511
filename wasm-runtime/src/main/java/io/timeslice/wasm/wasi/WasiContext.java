package io.timeslice.wasm.wasi;

import io.timeslice.wasm.Store;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * One WASI program's state: its configuration, how much stdin it has read, what it wrote (capped),
 * which standard descriptors it closed, and its clocks and randomness. Keep one per store, in the
 * store's data.
 */
public final class WasiContext {
  /** The virtual realtime clock starts at 2000-01-01T00:00:00Z, in nanoseconds. */
  static final long VIRTUAL_EPOCH_NANOS = 946_684_800_000_000_000L;

  /** Without fuel, each clock read advances the virtual clocks by this much. */
  static final long NANOS_PER_READ = 1_000;

  private final WasiConfig config;
  private final Output stdout;
  private final Output stderr;
  private final boolean[] closed = new boolean[3];
  private SplittableRandom seeded;
  private final SecureRandom secure;
  private int stdinPosition;
  private long sleptNanos;
  private long clockReads;
  private long randomLongs;

  /** A fresh program state for {@code config}. */
  public WasiContext(WasiConfig config) {
    this.config = config;
    this.stdout = new Output(config.stdoutCap());
    this.stderr = new Output(config.stderrCap());
    this.seeded = config.deterministic() ? new SplittableRandom(config.seed()) : null;
    this.secure = config.deterministic() ? null : new SecureRandom();
  }

  /** The configuration. */
  public WasiConfig config() {
    return config;
  }

  /** What the program wrote to stdout, up to the cap. */
  public byte[] stdout() {
    return stdout.bytes.toByteArray();
  }

  /** What the program wrote to stderr, up to the cap. */
  public byte[] stderr() {
    return stderr.bytes.toByteArray();
  }

  /** Whether stdout reached its cap and bytes were dropped. */
  public boolean stdoutTruncated() {
    return stdout.truncated;
  }

  /** Whether stderr reached its cap and bytes were dropped. */
  public boolean stderrTruncated() {
    return stderr.truncated;
  }

  /** A capped output stream. */
  static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final int cap;
    boolean truncated;

    Output(int cap) {
      this.cap = cap;
    }

    /** Keeps what fits; returns whether everything fitted. */
    boolean write(byte[] data) {
      int room = cap - bytes.size();
      if (data.length <= room) {
        bytes.writeBytes(data);
        return true;
      }
      bytes.write(data, 0, Math.max(room, 0));
      truncated = true;
      return false;
    }
  }

  Output output(int fd) {
    return fd == 1 ? stdout : stderr;
  }

  boolean isOpen(int fd) {
    return fd >= 0 && fd < 3 && !closed[fd];
  }

  void close(int fd) {
    closed[fd] = true;
  }

  /** Reads up to {@code max} bytes of stdin. */
  byte[] readStdin(int max) {
    byte[] in = config.stdinBytes();
    int n = Math.min(max, in.length - stdinPosition);
    byte[] out = java.util.Arrays.copyOfRange(in, stdinPosition, stdinPosition + n);
    stdinPosition += n;
    return out;
  }

  int stdinRemaining() {
    return config.stdinBytes().length - stdinPosition;
  }

  /**
   * Fills {@code into} with random bytes: in deterministic mode from the seeded generator, eight
   * bytes per long drawn (little-endian, the last long's surplus bytes dropped, as {@link
   * SplittableRandom#nextBytes} does), counting the longs so that a checkpoint can replay the
   * generator to the same point.
   */
  void randomBytes(byte[] into) {
    if (seeded == null) {
      secure.nextBytes(into);
      return;
    }
    for (int i = 0; i < into.length; i += 8) {
      long bits = seeded.nextLong();
      randomLongs++;
      for (int j = i; j < Math.min(i + 8, into.length); j++, bits >>>= 8) {
        into[j] = (byte) bits;
      }
    }
  }

  /**
   * The monotonic clock in nanoseconds: real, or in deterministic mode virtual: the fuel consumed
   * (1 ns per unit) or, without fuel, 1 µs per clock read, plus the time slept.
   */
  long monotonicNanos(Store<?> store) {
    if (!config.deterministic()) {
      return System.nanoTime();
    }
    clockReads++;
    long work =
        store.engine().config().consumeFuel() ? store.fuelConsumed() : clockReads * NANOS_PER_READ;
    return work + sleptNanos;
  }

  /** The realtime clock in nanoseconds since the Unix epoch. */
  long realtimeNanos(Store<?> store) {
    if (!config.deterministic()) {
      java.time.Instant now = java.time.Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
    return VIRTUAL_EPOCH_NANOS + monotonicNanos(store);
  }

  private Object pendingYield;

  void setPendingYield(Object reason) {
    pendingYield = reason;
  }

  Object pendingYield() {
    Object reason = pendingYield;
    pendingYield = null;
    return reason;
  }

  void slept(long nanos) {
    sleptNanos += nanos;
  }

  /** The program's state so far, for a checkpoint ({@link io.timeslice.wasm.Checkpoint}). */
  public WasiState state() {
    return new WasiState(
        stdinPosition,
        closed.clone(),
        stdout(),
        stdout.truncated,
        stderr(),
        stderr.truncated,
        randomLongs,
        sleptNanos,
        clockReads);
  }

  /**
   * Puts a checkpoint's {@code state} into this fresh context (made from the configuration the
   * checkpoint was written with): what was read and written, closed descriptors, the clocks, and
   * the seeded generator replayed to the same point.
   *
   * @throws IllegalStateException when the program already ran in this context
   * @throws IllegalArgumentException when the state does not fit the configuration
   */
  public void restore(WasiState state) {
    if (stdinPosition != 0 || clockReads != 0 || randomLongs != 0 || stdout.bytes.size() != 0) {
      throw new IllegalStateException("the WASI context is not fresh");
    }
    if (state.stdinPosition() < 0
        || state.stdinPosition() > config.stdinBytes().length
        || state.stdout().length > config.stdoutCap()
        || state.stderr().length > config.stderrCap()
        || state.closed().length != closed.length
        || state.randomLongs() < 0) {
      throw new IllegalArgumentException("the WASI state does not fit the configuration");
    }
    stdinPosition = state.stdinPosition();
    System.arraycopy(state.closed(), 0, closed, 0, closed.length);
    stdout.bytes.writeBytes(state.stdout());
    stdout.truncated = state.stdoutTruncated();
    stderr.bytes.writeBytes(state.stderr());
    stderr.truncated = state.stderrTruncated();
    sleptNanos = state.sleptNanos();
    clockReads = state.clockReads();
    if (seeded != null) {
      seeded = new SplittableRandom(config.seed());
      for (long i = 0; i < state.randomLongs(); i++) {
        seeded.nextLong();
      }
    }
    randomLongs = state.randomLongs();
  }
}
