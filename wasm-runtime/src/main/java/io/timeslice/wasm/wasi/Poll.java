package io.timeslice.wasm.wasi;

import io.timeslice.wasm.Caller;
import io.timeslice.wasm.Memory;

/**
 * {@code poll_oneoff}: clock subscriptions (relative or absolute) and readiness of the standard
 * descriptors, which never block (stdin is all there, or at its end). With nothing ready it sleeps
 * until the earliest clock: in deterministic mode on the virtual clock; in a resumable call as a
 * {@link Sleep} host yield, so no thread waits; otherwise on the calling thread.
 */
final class Poll {
  /** The body's answer when it asked for a host yield instead of returning an errno. */
  static final int YIELDED = -1;

  private static final int SUBSCRIPTION = 48;
  private static final int EVENT = 32;
  private static final int CLOCK = 0;
  private static final int FD_READ = 1;
  private static final int FD_WRITE = 2;

  private Poll() {}

  static <T> int pollOneoff(Caller<T> caller, WasiContext w, Memory m, long[] a) {
    long in = Integer.toUnsignedLong((int) a[0]);
    long out = Integer.toUnsignedLong((int) a[1]);
    int n = (int) a[2];
    if (n <= 0) {
      return Wasi.EINVAL;
    }
    long[] wait = new long[n];
    boolean ready = false;
    long sleep = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      long sub = in + (long) SUBSCRIPTION * i;
      int tag = m.read(sub + 8, 1)[0];
      wait[i] = -1;
      if (tag == CLOCK) {
        int clock = m.readInt(sub + 16);
        long timeout = m.readLong(sub + 24);
        boolean absolute = (m.read(sub + 40, 1)[0] & 1) != 0;
        long now = clock == 0 ? w.realtimeNanos(caller.store()) : w.monotonicNanos(caller.store());
        wait[i] = Math.max(0, absolute ? timeout - now : timeout);
        sleep = Math.min(sleep, wait[i]);
      } else if (tag == FD_READ || tag == FD_WRITE) {
        int fd = m.readInt(sub + 16);
        ready |= tag == FD_READ ? fd == 0 && w.isOpen(0) : (fd == 1 || fd == 2) && w.isOpen(fd);
      } else {
        return Wasi.EINVAL;
      }
    }
    long slept = ready || sleep == Long.MAX_VALUE ? 0 : sleep;
    int events = 0;
    for (int i = 0; i < n; i++) {
      long sub = in + (long) SUBSCRIPTION * i;
      int tag = m.read(sub + 8, 1)[0];
      boolean fires;
      int error = 0;
      long nbytes = 0;
      if (tag == CLOCK) {
        fires = wait[i] <= slept;
      } else {
        int fd = m.readInt(sub + 16);
        fires = tag == FD_READ ? fd == 0 : fd == 1 || fd == 2;
        if (fires && !w.isOpen(fd)) {
          error = Wasi.EBADF;
        }
        nbytes = tag == FD_READ ? w.stdinRemaining() : 1 << 16;
      }
      if (fires) {
        long ev = out + (long) EVENT * events++;
        m.write(ev, new byte[EVENT]);
        m.writeLong(ev, m.readLong(sub));
        m.write(ev + 8, new byte[] {(byte) error, (byte) (error >>> 8), (byte) tag});
        m.writeLong(ev + 16, nbytes);
      }
    }
    m.writeInt(a[3], events);
    if (slept > 0) {
      if (w.config().deterministic()) {
        w.slept(slept);
      } else if (caller.canYield()) {
        w.setPendingYield(new Sleep(slept));
        return YIELDED;
      } else {
        sleepHere(slept);
      }
    }
    return Wasi.SUCCESS;
  }

  private static void sleepHere(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
