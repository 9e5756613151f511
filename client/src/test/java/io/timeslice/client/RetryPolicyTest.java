package io.timeslice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));

  @Test
  void backoffDoublesWithJitterUpToTheMaximum() {
    for (int i = 0; i < 200; i++) {
      assertThat(policy.pause(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(policy.pause(3, null)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(policy.pause(30, null)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
  }

  @Test
  void theServicesRetryAfterIsUsedButCapped() {
    assertThat(policy.pause(1, Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(700));
    assertThat(policy.pause(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void boundsAreChecked() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
