package io.timeslice.bench;

import com.dylibso.chicory.wasm.Parser;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode + validate throughput, Timeslice against Chicory's parser and validator in the same run:
 * on Lua 5.4 compiled to WASI (a large, real module) and on every valid module of the spec
 * testsuite. Throughput in MB/s is the module bytes divided by the time per operation; see
 * docs/benchmarks.md for the command and the results.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
// Chicory hashes every module with SHA-256 by default; Timeslice does not: like for like.
@Fork(value = 2, jvmArgsAppend = "-Dcom.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM=none")
@State(Scope.Benchmark)
public class DecodeBenchmark {
  private final Engine engine = new Engine();
  private byte[] lua;
  private List<byte[]> corpus;

  /** Loads the inputs; the corpus keeps only modules both engines accept. */
  @Setup
  public void load() {
    lua = BenchFiles.program("lua.wasm");
    corpus = new ArrayList<>();
    for (byte[] module : BenchFiles.testsuiteModules()) {
      if (acceptedByBoth(module)) {
        corpus.add(module);
      }
    }
  }

  /** Whether both engines accept {@code module} (each reports a rejection as an exception). */
  private boolean acceptedByBoth(byte[] module) {
    try {
      Module.validate(engine, module);
      Parser.parse(module);
      return true;
    } catch (RuntimeException rejected) {
      return false;
    }
  }

  /** The bytes one corpus operation decodes, for the MB/s figure. */
  public long corpusBytes() {
    return corpus.stream().mapToLong(b -> b.length).sum();
  }

  /** The number of modules in one corpus operation. */
  public int corpusModules() {
    return corpus.size();
  }

  @Benchmark
  public void luaTimeslice() {
    Module.validate(engine, lua);
  }

  @Benchmark
  public Object luaChicory() {
    return Parser.parse(lua);
  }

  @Benchmark
  public void corpusTimeslice() {
    for (byte[] module : corpus) {
      Module.validate(engine, module);
    }
  }

  @Benchmark
  public void corpusChicory(Blackhole blackhole) {
    for (byte[] module : corpus) {
      blackhole.consume(Parser.parse(module));
    }
  }
}
