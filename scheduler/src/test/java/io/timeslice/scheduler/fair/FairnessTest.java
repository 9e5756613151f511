package io.timeslice.scheduler.fair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FairnessTest {

  @Test
  void equalServiceIsPerfectlyFair() {
    assertThat(Fairness.jainIndex(new double[] {5, 5, 5, 5})).isEqualTo(1.0);
  }

  @Test
  void oneTenantGettingEverythingScoresOneOverN() {
    assertThat(Fairness.jainIndex(new double[] {10, 0, 0, 0})).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void knownValue() {
    // (1 + 2 + 3)^2 / (3 * (1 + 4 + 9)) = 36 / 42
    assertThat(Fairness.jainIndex(new double[] {1, 2, 3})).isCloseTo(36.0 / 42, within(1e-12));
  }

  @Test
  void weightsNormaliseService() {
    double[] weights = {1, 2, 3};
    assertThat(Fairness.jainIndex(new double[] {100, 200, 300}, weights)).isEqualTo(1.0);
    assertThat(Fairness.jainIndex(new double[] {100, 100, 100}, weights)).isLessThan(0.9);
    assertThat(Fairness.shareErrors(new double[] {100, 200, 300}, weights))
        .containsExactly(new double[] {0, 0, 0}, within(1e-12));
    assertThat(Fairness.shareErrors(new double[] {110, 190, 300}, weights)[0])
        .isCloseTo(0.1, within(1e-12));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Fairness.jainIndex(new double[] {1}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fairness.jainIndex(new double[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fairness.jainIndex(new double[] {1, 2}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Fairness.jainIndex(new double[0])).isEqualTo(1.0);
  }
}
