package io.timeslice.scheduler.fair;

/**
 * Jain's fairness index, the measure the scheduler's fairness targets are stated in: J = (Σx)² /
 * (n·Σx²), from 1/n (one tenant got everything) to 1 (all equal). With weights, each tenant's
 * service is first divided by its weight, so that a tenant of weight 2 getting twice the fuel of a
 * tenant of weight 1 is perfectly fair.
 */
public final class Fairness {
  private Fairness() {}

  /** Jain's index of {@code service} (e.g. fuel consumed per tenant); 1 for no tenants. */
  public static double jainIndex(double[] service) {
    double[] ones = new double[service.length];
    java.util.Arrays.fill(ones, 1);
    return jainIndex(service, ones);
  }

  /**
   * Jain's index of {@code service[i] / weights[i]}.
   *
   * @throws IllegalArgumentException when the arrays differ in length, or a weight is not positive,
   *     or a service is negative
   */
  public static double jainIndex(double[] service, double[] weights) {
    if (service.length != weights.length) {
      throw new IllegalArgumentException("one weight per tenant");
    }
    double sum = 0;
    double sumOfSquares = 0;
    for (int i = 0; i < service.length; i++) {
      if (!(weights[i] > 0) || !(service[i] >= 0)) {
        throw new IllegalArgumentException("weights must be positive and service non-negative");
      }
      double x = service[i] / weights[i];
      sum += x;
      sumOfSquares += x * x;
    }
    if (sumOfSquares == 0) {
      return 1; // nobody got anything: equally so
    }
    return sum * sum / (service.length * sumOfSquares);
  }

  /**
   * How far each tenant's share of the total service is from its weighted fair share, as a relative
   * error: {@code (share - fairShare) / fairShare}.
   */
  public static double[] shareErrors(double[] service, double[] weights) {
    double total = 0;
    double totalWeight = 0;
    for (int i = 0; i < service.length; i++) {
      total += service[i];
      totalWeight += weights[i];
    }
    double[] errors = new double[service.length];
    for (int i = 0; i < service.length; i++) {
      double fair = weights[i] / totalWeight;
      errors[i] = total == 0 ? 0 : (service[i] / total - fair) / fair;
    }
    return errors;
  }
}
