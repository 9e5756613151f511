package io.timeslice.bench;

import java.util.Map;

/**
 * The execution workloads of {@code programs/bench/workloads.c} and the argument each is called
 * with: sized so that one call takes about a millisecond under V8. {@code benchmarks/node/run.mjs}
 * uses the same table.
 */
public final class Workloads {
  private Workloads() {}

  /** Export name to argument. */
  public static final Map<String, Integer> ARGS =
      Map.of(
          "fib_rec", 27,
          "fib_iter", 2000,
          "sieve", 200_000,
          "matmul_f32", 64,
          "matmul_f64", 64,
          "sha256", 16,
          "sort", 5000,
          "interp", 100_000);

  /** The argument of {@code workload}. */
  public static int arg(String workload) {
    Integer arg = ARGS.get(workload);
    if (arg == null) {
      throw new IllegalArgumentException("unknown workload " + workload);
    }
    return arg;
  }
}
