package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesPerFailureUpToItsMaximumAndResetsOnSuccess() {
    Backoff b = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(5));
    assertThat(b.delay()).isEqualTo(Duration.ofMillis(25));
    b.failed();
    assertThat(b.delay()).isEqualTo(Duration.ofMillis(50));
    b.failed();
    b.failed();
    assertThat(b.delay()).isEqualTo(Duration.ofMillis(200));
    for (int i = 0; i < 1000; i++) {
      b.failed();
    }
    assertThat(b.delay()).isEqualTo(Duration.ofSeconds(5));
    b.succeeded();
    assertThat(b.delay()).isEqualTo(Duration.ofMillis(25));
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
