package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.WasmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential testing against binaryen's interpreter: {@code wasm-opt -ttf} turns seeded random
 * bytes into a random valid module (SIMD, tail calls, multi-value, bulk memory and the rest of
 * WebAssembly 2.0, with NaNs removed by {@code --denan}), {@code wasm-opt --fuzz-exec-before} runs
 * its exports, and Timeslice must log the same values and return the same results or trap, export
 * by export. Skipped, with a message, where binaryen is not installed. {@code
 * -Dtimeslice.fuzzSeeds=N} runs more seeds than the build's, from {@code
 * -Dtimeslice.fuzzFirstSeed}. A mismatch found that way needs a look: {@code --denan} does not
 * reach into vectors, so a NaN that binaryen keeps with its payload and Timeslice makes canonical
 * (both allowed) may flow into integer lanes (seeds 1503 and 2577: {@code f64x2.sqrt} of a NaN,
 * then {@code all_true} or {@code lt_u}); the build's seeds have none.
 */
class BinaryenDifferentialTest {
  private static final List<String> FEATURES =
      List.of(
          "--enable-simd",
          "--enable-bulk-memory",
          "--enable-sign-ext",
          "--enable-nontrapping-float-to-int",
          "--enable-multivalue",
          "--enable-mutable-globals",
          "--enable-tail-call");

  /** The default engine, and the plain IR metered lazily: every translation must agree. */
  private static final List<Config> CONFIGS =
      List.of(
          Config.defaults(),
          Config.defaults()
              .withOptimizations(false)
              .withConsumeFuel(true)
              .withCompilationMode(io.timeslice.wasm.CompilationMode.LAZY));

  @TempDir static Path dir;

  @TestFactory
  Stream<DynamicTest> timesliceAgreesWithBinaryen() {
    int first = Integer.getInteger("timeslice.fuzzFirstSeed", 0);
    int seeds = Integer.getInteger("timeslice.fuzzSeeds", 40);
    return IntStream.range(first, first + seeds)
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> compare(seed)));
  }

  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException noBinaryen) {
      System.err.println(
          "BINARYEN NOT FOUND: the differential test is SKIPPED (" + noBinaryen + ")");
      Assumptions.abort("wasm-opt is not installed");
      return List.of();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out.lines().toList();
  }

  private static void compare(int seed) throws Exception {
    byte[] random = new byte[16_384];
    new Random(seed).nextBytes(random);
    Path input = dir.resolve("seed" + seed + ".bin");
    Path wasm = dir.resolve("seed" + seed + ".wasm");
    Files.write(input, random);
    List<String> generate = new ArrayList<>(List.of("wasm-opt", "-ttf", input.toString()));
    generate.addAll(FEATURES);
    generate.addAll(List.of("--denan", "-o", wasm.toString()));
    run(generate);
    List<String> execute = new ArrayList<>(List.of("wasm-opt", wasm.toString()));
    execute.addAll(FEATURES);
    execute.addAll(List.of("--fuzz-exec-before", "-q"));
    List<String> expected = normalise(run(execute));
    for (Config config : CONFIGS) {
      List<String> actual = timeslice(Files.readAllBytes(wasm), expected, config);
      int at = 0;
      while (at < actual.size() && at < expected.size() && same(expected.get(at), actual.get(at))) {
        at++;
      }
      assertThat(at < actual.size() ? actual.get(at) : "(end)")
          .as(
              "seed %d (%s), %s, line %d after %s",
              seed,
              wasm,
              config.optimizations() ? "default engine" : "plain IR, fuel, lazy",
              at,
              at > 0 ? expected.get(at - 1) : "")
          .isEqualTo(at < expected.size() ? expected.get(at) : "(end)");
    }
  }

  /**
   * Whether two lines say the same: equal, or equal token by token where a float (a point or an
   * exponent in either text) is the same double in Java's text and binaryen's own, and where two
   * v128 lanes are both a quiet NaN: binaryen's {@code --denan} does not reach into vectors, and
   * which NaN an operation makes is the engine's choice (Timeslice's is the canonical one).
   */
  private static boolean same(String expected, String actual) {
    if (expected.equals(actual)) {
      return true;
    }
    String[] e = expected.split("[\\[\\](), ]+");
    String[] a = actual.split("[\\[\\](), ]+");
    if (e.length != a.length) {
      return false;
    }
    for (int i = 0; i < e.length; i++) {
      if (e[i].equals(a[i])) {
        continue;
      }
      boolean floats =
          (looksFloat(a[i]) || looksFloat(e[i]))
              && parses(e[i])
              && parses(a[i])
              && Double.parseDouble(e[i]) == Double.parseDouble(a[i]);
      boolean nans = a[i].startsWith("0x") && quietNaN(e[i]) && quietNaN(a[i]);
      if (!floats && !nans) {
        return false;
      }
    }
    return true;
  }

  /** A float's text: integers (i32, i64) are printed without a point or an exponent. */
  private static boolean looksFloat(String token) {
    return !token.startsWith("0x")
        && (token.contains(".") || token.contains("e") || token.contains("E"));
  }

  private static boolean parses(String number) {
    try {
      Double.parseDouble(number);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether a lane printed as {@code 0x…} (32 bits) is a quiet f32 NaN. */
  private static boolean quietNaN(String lane) {
    if (!lane.startsWith("0x")) {
      return false;
    }
    int bits = Integer.parseUnsignedInt(lane.substring(2), 16);
    return (bits & 0x7fc0_0000) == 0x7fc0_0000;
  }

  /** binaryen's lines that say what ran: calls, logs, results, traps (trap messages dropped). */
  private static List<String> normalise(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("[fuzz-exec] calling ")
          || line.startsWith("[LoggingExternalInterface logging ")
          || line.startsWith("[fuzz-exec] note result: ")) {
        out.add(line);
      } else if (line.startsWith("[trap ")) {
        out.add("[trap]");
      }
    }
    return out;
  }

  /** Calls the exports binaryen called, in its order, and writes what happened as it does. */
  private static List<String> timeslice(byte[] bytes, List<String> expected, Config config) {
    Engine engine = new Engine(config);
    Store<List<String>> store = new Store<>(engine, new ArrayList<>());
    if (config.consumeFuel()) {
      store.setFuel(Long.MAX_VALUE);
    }
    Linker<List<String>> linker = new Linker<>(engine);
    for (ValType t : List.of(ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128)) {
      linker.func(
          "fuzzing-support",
          "log-" + t,
          new FuncType(List.of(t), List.of()),
          (caller, args) -> {
            caller.data().add("[LoggingExternalInterface logging " + log(t, args) + "]");
            return new long[0];
          });
    }
    Instance instance;
    try {
      instance = linker.instantiate(store, Module.compile(engine, bytes));
    } catch (WasmException e) {
      return List.of("instantiation failed: " + e.getMessage());
    }
    List<String> out = store.data();
    for (String line : expected) {
      if (!line.startsWith("[fuzz-exec] calling ")) {
        continue;
      }
      String name = line.substring("[fuzz-exec] calling ".length());
      out.add(line);
      // binaryen resets the generated code's hang limit before every call, silently.
      instance.export("hangLimitInitializer").ifPresent(e -> ((Func) e).call(store));
      Func f = instance.func(name);
      FuncType type = f.type();
      try {
        long[] results = f.call(store, new long[type.paramCells()]);
        if (type.resultCount() > 0) {
          out.add("[fuzz-exec] note result: " + name + " => " + results(type, results));
        }
      } catch (Trap trap) {
        out.add("[trap]");
      }
    }
    return out;
  }

  private static String log(ValType t, long[] args) {
    return switch (t) {
      case I64 -> (int) args[0] + " " + (int) (args[0] >>> 32);
      default -> value(t, args, 0);
    };
  }

  private static String results(FuncType type, long[] cells) {
    List<String> values = new ArrayList<>();
    int cell = 0;
    for (ValType t : type.results()) {
      values.add(value(t, cells, cell));
      cell += t.cells();
    }
    return values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
  }

  /** A value as binaryen prints it. */
  private static String value(ValType t, long[] cells, int at) {
    long bits = cells[at];
    return switch (t) {
      case I32 -> Integer.toString((int) bits);
      case I64 -> Long.toString(bits);
      case F32 -> floatText(Float.intBitsToFloat((int) bits));
      case F64 -> floatText(Double.longBitsToDouble(bits));
      case V128 ->
          String.format(
              "i32x4 0x%08x 0x%08x 0x%08x 0x%08x",
              (int) bits, (int) (bits >>> 32), (int) cells[at + 1], (int) (cells[at + 1] >>> 32));
      default -> "ref";
    };
  }

  private static String floatText(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return (d == 0 && 1 / d < 0 ? "-" : "") + Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
