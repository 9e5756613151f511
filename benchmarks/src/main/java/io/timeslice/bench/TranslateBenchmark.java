package io.timeslice.bench;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Module.compile} of Lua 5.4 ({@code programs/wasm/lua.wasm}, 281 KB of code) in each
 * compilation mode, against bare decoding and validation ({@code Module.validate}) in the same run:
 * the cost a job pays before its first instruction when the module cache misses. Also {@code
 * Module.compileUnchecked} (trusted bytes) and {@code Module.deserialize} of the module's stored IR
 * (the module cache's second level), which installs every function whatever the mode.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TranslateBenchmark {
  @Param({"EAGER", "LAZY_TRANSLATION", "LAZY"})
  public CompilationMode mode;

  private byte[] lua;
  private byte[] artifact;
  private Engine engine;
  private final Engine plain = new Engine();

  /** Loads the module. */
  @Setup
  public void load() {
    lua = BenchFiles.program("lua.wasm");
    engine = new Engine(Config.defaults().withCompilationMode(mode));
    artifact = Module.compile(engine, lua).serialize();
  }

  /**
   * Compiling in the mode (eager translates everything; lazy-translation validates; lazy decodes).
   */
  @Benchmark
  public Module compile() {
    return Module.compile(engine, lua);
  }

  /** Decoding and validating only, for reference. */
  @Benchmark
  public boolean validateOnly() {
    Module.validate(plain, lua);
    return true;
  }

  /** Compiling trusted bytes in the mode: lazy-translation skips its validation pass. */
  @Benchmark
  public Module compileUnchecked() {
    return Module.compileUnchecked(engine, lua);
  }

  /** Installing the stored IR: decoding, module-level checks, the artifact's checksum and copy. */
  @Benchmark
  public Module deserialize() {
    return Module.deserialize(engine, lua, artifact);
  }
}
