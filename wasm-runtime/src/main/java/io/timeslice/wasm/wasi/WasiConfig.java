package io.timeslice.wasm.wasi;

import io.timeslice.wasm.internal.settings.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a WASI program sees: its arguments and environment (nothing of the host's leaks), its stdin,
 * the caps on what it may write, and whether it runs deterministically (virtual clocks driven by
 * fuel and sleeps, randomness from {@link #seed()}), so that a re-run gives byte-identical output.
 * Immutable: build one with {@link #builder()} (every setting starts at its default, listed in
 * {@link Builder}), or change a copy with {@link #toBuilder()} or a {@code with…} method.
 */
public final class WasiConfig {
  private final List<String> args;
  private final Map<String, String> env;
  private final byte[] stdin;
  private final int stdoutCap;
  private final int stderrCap;
  private final boolean stopAtOutputCap;
  private final boolean deterministic;
  private final long seed;

  private WasiConfig(Builder b) {
    args = b.args;
    env = b.env;
    stdin = b.stdin;
    stdoutCap = b.stdoutCap;
    stderrCap = b.stderrCap;
    stopAtOutputCap = b.stopAtOutputCap;
    deterministic = b.deterministic;
    seed = b.seed;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A program called {@code name} with no arguments, environment or input; 1 MiB output caps. */
  public static WasiConfig of(String name) {
    return builder().args(name).build();
  }

  /** The arguments, {@code args[0]} being the program name. */
  public List<String> args() {
    return args;
  }

  /** The environment variables. */
  public Map<String, String> env() {
    return env;
  }

  /** A copy of the bytes stdin reads. */
  public byte[] stdin() {
    return stdin.clone();
  }

  /** The bytes stdin reads, not copied: the context reads them on every {@code fd_read}. */
  byte[] stdinBytes() {
    return stdin;
  }

  /** The most stdout bytes kept. */
  public int stdoutCap() {
    return stdoutCap;
  }

  /** The most stderr bytes kept. */
  public int stderrCap() {
    return stderrCap;
  }

  /**
   * Whether reaching a cap stops the program ({@link WasiExit.Reason#OUTPUT_LIMIT}) rather than
   * dropping the rest.
   */
  public boolean stopAtOutputCap() {
    return stopAtOutputCap;
  }

  /** Virtual clocks and seeded randomness. */
  public boolean deterministic() {
    return deterministic;
  }

  /** The random seed in deterministic mode. */
  public long seed() {
    return seed;
  }

  /** A copy with these arguments after the program name. */
  public WasiConfig withArgs(String... more) {
    List<String> all = new ArrayList<>();
    all.add(args.isEmpty() ? "program" : args.get(0));
    all.addAll(Arrays.asList(more));
    return toBuilder().args(all).build();
  }

  /** A copy with this environment. */
  public WasiConfig withEnv(Map<String, String> variables) {
    return toBuilder().env(variables).build();
  }

  /** A copy with this stdin. */
  public WasiConfig withStdin(byte[] bytes) {
    return toBuilder().stdin(bytes).build();
  }

  /** A copy with these output caps and overflow behaviour. */
  public WasiConfig withOutputCaps(int stdout, int stderr, boolean stop) {
    return toBuilder().stdoutCap(stdout).stderrCap(stderr).stopAtOutputCap(stop).build();
  }

  /** A copy that runs deterministically with {@code randomSeed}. */
  public WasiConfig withDeterminism(long randomSeed) {
    return toBuilder().deterministic(true).seed(randomSeed).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WasiConfig c && toBuilder().equals(c.toBuilder());
  }

  @Override
  public int hashCode() {
    return toBuilder().hashCode();
  }

  @Override
  public String toString() {
    return "WasiConfig" + toBuilder();
  }

  /**
   * Every setting with its default. Setters copy and check their value at once and throw {@link
   * IllegalArgumentException} naming the setting; {@link #build()} makes an immutable {@link
   * WasiConfig}.
   */
  public static final class Builder {
    private List<String> args = List.of();
    private Map<String, String> env = Map.of();
    private byte[] stdin = new byte[0];
    private int stdoutCap = 1 << 20;
    private int stderrCap = 1 << 20;
    private boolean stopAtOutputCap = false;
    private boolean deterministic = false;
    private long seed = 0;

    private Builder() {}

    private Builder(WasiConfig c) {
      args = c.args;
      env = c.env;
      stdin = c.stdin;
      stdoutCap = c.stdoutCap;
      stderrCap = c.stderrCap;
      stopAtOutputCap = c.stopAtOutputCap;
      deterministic = c.deterministic;
      seed = c.seed;
    }

    /** WASI hands strings to the program NUL-terminated: a NUL inside one would cut it short. */
    private static String string(String setting, String s) {
      if (s == null) {
        throw new IllegalArgumentException(setting + " must not hold null");
      }
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(setting + " must not contain NUL: " + s);
      }
      return s;
    }

    /**
     * The arguments, the first being the program name (default none: {@code argc} is 0).
     *
     * @throws IllegalArgumentException for a null argument or one containing NUL
     */
    public Builder args(List<String> arguments) {
      if (arguments == null) {
        throw new IllegalArgumentException("args must not be null");
      }
      for (String a : arguments) {
        string("args", a);
      }
      args = List.copyOf(arguments);
      return this;
    }

    /** The arguments, the first being the program name (default none). */
    public Builder args(String... arguments) {
      return args(arguments == null ? null : Arrays.asList(arguments));
    }

    /**
     * The environment variables (default none: nothing of the host's leaks).
     *
     * @throws IllegalArgumentException for an empty name, a name containing {@code =}, or a null or
     *     NUL anywhere
     */
    public Builder env(Map<String, String> variables) {
      if (variables == null) {
        throw new IllegalArgumentException("env must not be null");
      }
      for (Map.Entry<String, String> e : variables.entrySet()) {
        String name = string("env", e.getKey());
        if (name.isEmpty() || name.indexOf('=') >= 0) {
          throw new IllegalArgumentException("env names must be non-empty without '=': " + name);
        }
        string("env", e.getValue());
      }
      env = Map.copyOf(variables);
      return this;
    }

    /** The bytes stdin reads, copied (default none: stdin is at its end). */
    public Builder stdin(byte[] bytes) {
      if (bytes == null) {
        throw new IllegalArgumentException("stdin must not be null");
      }
      stdin = bytes.clone();
      return this;
    }

    /** The most stdout bytes kept (default 1 MiB). */
    public Builder stdoutCap(int bytes) {
      stdoutCap = (int) Settings.notNegative("stdoutCap", bytes);
      return this;
    }

    /** The most stderr bytes kept (default 1 MiB). */
    public Builder stderrCap(int bytes) {
      stderrCap = (int) Settings.notNegative("stderrCap", bytes);
      return this;
    }

    /**
     * Whether writing past a cap stops the program with {@link WasiExit.Reason#OUTPUT_LIMIT} rather
     * than dropping the rest (default off: dropped).
     */
    public Builder stopAtOutputCap(boolean stop) {
      stopAtOutputCap = stop;
      return this;
    }

    /** Virtual clocks and seeded randomness, for byte-identical re-runs (default off). */
    public Builder deterministic(boolean on) {
      deterministic = on;
      return this;
    }

    /** The random seed in deterministic mode (default 0). */
    public Builder seed(long randomSeed) {
      seed = randomSeed;
      return this;
    }

    /** The immutable configuration. */
    public WasiConfig build() {
      return new WasiConfig(this);
    }

    private static final String[] NAMES = {
      "args", "env", "stdin", "stdoutCap", "stderrCap", "stopAtOutputCap", "deterministic", "seed"
    };

    /** The settings in {@link #NAMES}' order, stdin by content, for equality and printing. */
    private Object[] values() {
      return new Object[] {
        args,
        env,
        Arrays.hashCode(stdin),
        stdoutCap,
        stderrCap,
        stopAtOutputCap,
        deterministic,
        seed
      };
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Builder b
          && Arrays.equals(stdin, b.stdin)
          && Arrays.equals(values(), b.values());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
      Object[] values = values();
      values[2] = stdin.length + " bytes";
      return Settings.format(NAMES, values);
    }
  }
}
