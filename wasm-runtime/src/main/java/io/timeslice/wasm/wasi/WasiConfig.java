package io.timeslice.wasm.wasi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a WASI program sees: its arguments and environment (nothing of the host's leaks), its stdin,
 * the caps on what it may write, and whether it runs deterministically (virtual clocks driven by
 * fuel and sleeps, randomness from {@code seed}), so that a re-run gives byte-identical output.
 *
 * @param args the arguments, {@code args[0]} being the program name
 * @param env the environment variables
 * @param stdin the bytes stdin reads
 * @param stdoutCap the most stdout bytes kept
 * @param stderrCap the most stderr bytes kept
 * @param stopAtOutputCap whether reaching a cap stops the program ({@link WasiExit.Reason
 *     #OUTPUT_LIMIT}) rather than dropping the rest
 * @param deterministic virtual clocks and seeded randomness
 * @param seed the random seed in deterministic mode
 */
public record WasiConfig(
    List<String> args,
    Map<String, String> env,
    byte[] stdin,
    int stdoutCap,
    int stderrCap,
    boolean stopAtOutputCap,
    boolean deterministic,
    long seed) {

  /** Copies the collections and checks the caps. */
  public WasiConfig {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    stdin = Objects.requireNonNull(stdin, "stdin").clone();
    if (stdoutCap < 0 || stderrCap < 0) {
      throw new IllegalArgumentException("output caps must not be negative");
    }
  }

  /** A program called {@code name} with no arguments, environment or input; 1 MiB output caps. */
  public static WasiConfig of(String name) {
    return new WasiConfig(List.of(name), Map.of(), new byte[0], 1 << 20, 1 << 20, false, false, 0);
  }

  /** A copy with these arguments after the program name. */
  public WasiConfig withArgs(String... more) {
    List<String> all = new java.util.ArrayList<>();
    all.add(args.isEmpty() ? "program" : args.get(0));
    all.addAll(List.of(more));
    return new WasiConfig(
        all, env, stdin, stdoutCap, stderrCap, stopAtOutputCap, deterministic, seed);
  }

  /** A copy with this environment. */
  public WasiConfig withEnv(Map<String, String> variables) {
    return new WasiConfig(
        args, variables, stdin, stdoutCap, stderrCap, stopAtOutputCap, deterministic, seed);
  }

  /** A copy with this stdin. */
  public WasiConfig withStdin(byte[] bytes) {
    return new WasiConfig(
        args, env, bytes, stdoutCap, stderrCap, stopAtOutputCap, deterministic, seed);
  }

  /** A copy with these output caps and overflow behaviour. */
  public WasiConfig withOutputCaps(int stdout, int stderr, boolean stop) {
    return new WasiConfig(args, env, stdin, stdout, stderr, stop, deterministic, seed);
  }

  /** A copy that runs deterministically with {@code randomSeed}. */
  public WasiConfig withDeterminism(long randomSeed) {
    return new WasiConfig(
        args, env, stdin, stdoutCap, stderrCap, stopAtOutputCap, true, randomSeed);
  }
}
