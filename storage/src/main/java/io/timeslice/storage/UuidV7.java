package io.timeslice.storage;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits, with a
 * counter in the random part so that ids made in the same millisecond still increase.
 */
public final class UuidV7 {
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private long sequence;

  /** A generator reading {@code clock}. */
  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  /** The next id, greater than every earlier one of this generator. */
  public synchronized UUID next() {
    long millis = clock.millis();
    if (millis <= lastMillis) {
      millis = lastMillis;
      sequence++;
    } else {
      lastMillis = millis;
      sequence = random.nextInt(1 << 10);
    }
    // 12 bits of counter (rand_a), then 62 random bits (rand_b).
    long high = (millis << 16) | 0x7000L | (sequence & 0xfff);
    long low = (random.nextLong() & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
