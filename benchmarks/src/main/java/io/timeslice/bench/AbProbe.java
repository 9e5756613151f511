package io.timeslice.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An A/B comparison of two builds (or of fuel off and on) inside one JVM. Each side's engine is
 * loaded from its own jar by its own class loader, so each gets its own JIT-compiled code and
 * profile; after a joint warm-up, the calls alternate (A B, B A, …) and each is timed by thread-CPU
 * time. Both sides then see the same machine at the same moments, which separate JVMs do not: on a
 * shared VM the same machine code runs up to 1.5× slower in one JVM than in the next
 * (docs/benchmarks.md), far more than the changes to be measured. Prints each side's minimum and
 * median and the median of the per-round ratios B/A. Run it in a few JVMs and compare those.
 *
 * <pre>{@code
 * java [-Dwarm=SECONDS] [-Dfuel.a=true] [-Dfuel.b=true] [-Dtier=COMPILED_EAGER] \
 *   -cp benchmarks/target/benchmarks.jar io.timeslice.bench.AbProbe A.jar B.jar WORKLOAD [ROUNDS]
 * }</pre>
 *
 * The jars are the shaded {@code benchmarks.jar} of each build (copy it aside before rebuilding) or
 * its engine jar ({@code wasm-runtime/target/timeslice-wasm.jar}); giving the same jar twice with
 * {@code -Dfuel.b=true} measures the cost of fuel metering. Both sides run in the tier {@code
 * -Dtier} names (default: the engine's default, the interpreter).
 */
public final class AbProbe {
  private AbProbe() {}

  /** One side: a workload's export ready to call. */
  record Side(Class<?> engineClass, MethodHandle call, Object store, long[] args) {
    long[] run() throws Throwable {
      return (long[]) call.invoke(store, args);
    }
  }

  public static void main(String[] args) throws Throwable {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: AbProbe A.jar B.jar WORKLOAD [ROUNDS]");
    }
    String workload = args[2];
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    long warmNanos = Long.getLong("warm", 8) * 1_000_000_000L;
    byte[] wasm = BenchFiles.program("bench.wasm");
    Side a = side(Path.of(args[0]), wasm, workload, Boolean.getBoolean("fuel.a"));
    Side b = side(Path.of(args[1]), wasm, workload, Boolean.getBoolean("fuel.b"));
    if (a.run()[0] != b.run()[0]) {
      throw new IllegalStateException(workload + ": A and B disagree");
    }
    long end = System.nanoTime() + warmNanos;
    while (System.nanoTime() < end) {
      a.run();
      b.run();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] timesA = new long[rounds];
    long[] timesB = new long[rounds];
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      boolean aFirst = i % 2 == 0;
      long first = cpuTime(threads, aFirst ? a : b);
      long second = cpuTime(threads, aFirst ? b : a);
      timesA[i] = aFirst ? first : second;
      timesB[i] = aFirst ? second : first;
      ratios[i] = (double) timesB[i] / timesA[i];
    }
    Arrays.sort(timesA);
    Arrays.sort(timesB);
    Arrays.sort(ratios);
    System.out.printf(
        "%s A min=%.0f median=%.0f us, B min=%.0f median=%.0f us, B/A median ratio %.3f%n",
        workload,
        timesA[0] / 1e3,
        timesA[rounds / 2] / 1e3,
        timesB[0] / 1e3,
        timesB[rounds / 2] / 1e3,
        ratios[rounds / 2]);
  }

  static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
    return Enum.valueOf(type, name);
  }

  /**
   * A class loader of the engine in {@code jar} alone: the platform loader as parent, so that
   * nothing of this JVM's own engine is shared.
   */
  static ClassLoader loader(Path jar) throws Exception {
    return new URLClassLoader(
        new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  /**
   * An {@code Engine} of {@code loader}'s engine, fuel metering on or off, in tier {@code tier}
   * (null: the engine's default), through reflection only.
   */
  static Object engine(ClassLoader loader, boolean fuel, String tier) throws Exception {
    Class<?> configClass = loader.loadClass("io.timeslice.wasm.Config");
    Object config = configClass.getMethod("defaults").invoke(null);
    config = configClass.getMethod("withConsumeFuel", boolean.class).invoke(config, fuel);
    if (tier != null) {
      Class<?> tierClass = loader.loadClass("io.timeslice.wasm.Tier");
      config =
          configClass
              .getMethod("withTier", tierClass)
              .invoke(config, enumValue(tierClass.asSubclass(Enum.class), tier));
    }
    return loader
        .loadClass("io.timeslice.wasm.Engine")
        .getConstructor(configClass)
        .newInstance(config);
  }

  private static long cpuTime(ThreadMXBean threads, Side side) throws Throwable {
    long start = threads.getCurrentThreadCpuTime();
    side.run();
    return threads.getCurrentThreadCpuTime() - start;
  }

  /**
   * Instantiates bench.wasm with the engine in {@code jar} (or a classes directory), through
   * reflection only.
   */
  static Side side(Path jar, byte[] wasm, String workload, boolean fuel) throws Exception {
    ClassLoader loader = loader(jar);
    Class<?> engineClass = loader.loadClass("io.timeslice.wasm.Engine");
    Class<?> storeClass = loader.loadClass("io.timeslice.wasm.Store");
    Class<?> moduleClass = loader.loadClass("io.timeslice.wasm.Module");
    Class<?> linkerClass = loader.loadClass("io.timeslice.wasm.Linker");
    Object engine = engine(loader, fuel, System.getProperty("tier"));
    Object store = storeClass.getConstructor(engineClass, Object.class).newInstance(engine, null);
    if (fuel) {
      storeClass.getMethod("setFuel", long.class).invoke(store, Long.MAX_VALUE);
    }
    Object module =
        moduleClass.getMethod("compile", engineClass, byte[].class).invoke(null, engine, wasm);
    Object linker = linkerClass.getConstructor(engineClass).newInstance(engine);
    Object instance =
        linkerClass.getMethod("instantiate", storeClass, moduleClass).invoke(linker, store, module);
    Object func = instance.getClass().getMethod("func", String.class).invoke(instance, workload);
    MethodHandle call =
        MethodHandles.publicLookup()
            .findVirtual(
                func.getClass(),
                "call",
                MethodType.methodType(long[].class, storeClass, long[].class))
            .bindTo(func);
    return new Side(engineClass, call, store, new long[] {Workloads.arg(workload)});
  }
}
