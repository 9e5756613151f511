package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.storage.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Saves are skipped for a doubling while after the database fails one, and resume at once after one
 * works.
 */
class CheckpointGateTest {
  @Test
  void failuresCloseTheGateForADoublingWhile() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    CheckpointGate gate = new CheckpointGate(clock);
    assertThat(gate.open()).isTrue();
    gate.failed();
    assertThat(gate.open()).isFalse();
    clock.advance(Duration.ofMillis(1999));
    assertThat(gate.open()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(gate.open()).isTrue();
    gate.failed();
    clock.advance(Duration.ofSeconds(3));
    assertThat(gate.open()).as("closed for 4 s after the second failure").isFalse();
    gate.succeeded();
    assertThat(gate.open()).isTrue();
    gate.failed();
    clock.advance(Duration.ofSeconds(2));
    assertThat(gate.open()).as("back to the first delay after a success").isTrue();
  }
}
