package io.timeslice.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long apart a call is tried again after a transient failure: a connection that
 * could not be made, or a 503 (with the service's {@code Retry-After} as the pause, capped at
 * {@code maxBackoff}). Calls that could have taken effect are tried again only when they are safe
 * to repeat: reads, deletes, uploads (content-addressed) and submits (sent with an idempotency
 * key).
 *
 * @param maxAttempts attempts in all, at least 1 (1: never again)
 * @param initialBackoff the pause before the second attempt; it doubles after each one
 * @param maxBackoff the longest pause
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /** Checks the bounds. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max");
    }
  }

  /** Five attempts, 200 ms doubling up to 5 s: about 10 s of trying before giving up. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  /** One attempt only. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /**
   * The pause after failed attempt {@code attempt} (1-based): the service's {@code retryAfter} when
   * it gave one, else the doubled backoff with jitter (half to all of it, so that many clients
   * retrying at once spread out); never above {@code maxBackoff}.
   */
  Duration pause(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
    }
    long max = maxBackoff.toNanos();
    long ceiling = Math.min(initialBackoff.toNanos(), max);
    for (int i = 1; i < attempt && ceiling < max; i++) {
      ceiling = ceiling > max / 2 ? max : ceiling * 2;
    }
    long half = ceiling / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }
}
