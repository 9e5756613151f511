package io.timeslice.bench;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * CoreMark under two engine builds, or one build with fuel off and on, in one JVM ({@link
 * AbProbe}'s method for CoreMark): each side's engine from its own jar and class loader, the runs
 * alternating (A B, B A, …) so that both see the same machine at the same moments. CoreMark times
 * itself and a score counts only when its timed part ran 10 s or more; a run that scored 0 (the
 * first ones, while CoreMark's calibration meets a JVM still compiling) is left out. Prints every
 * score, each side's median and the median of the per-round ratios B/A.
 *
 * <pre>{@code
 * java [-Dfuel.a=true] [-Dfuel.b=true] [-Dtier=COMPILED_EAGER] \
 *   -cp benchmarks/target/benchmarks.jar io.timeslice.bench.CoreMarkAbProbe A.jar B.jar [ROUNDS]
 * }</pre>
 */
public final class CoreMarkAbProbe {
  private CoreMarkAbProbe() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: CoreMarkAbProbe A.jar B.jar [ROUNDS]");
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    byte[] wasm = Files.readAllBytes(CoreMarkProbe.coremark());
    Callable<Float> a = side(Path.of(args[0]), wasm, Boolean.getBoolean("fuel.a"));
    Callable<Float> b = side(Path.of(args[1]), wasm, Boolean.getBoolean("fuel.b"));
    double[] scoresA = new double[rounds];
    double[] scoresB = new double[rounds];
    double[] ratios = new double[rounds];
    int valid = 0;
    for (int i = 0; i < rounds; i++) {
      boolean aFirst = i % 2 == 0;
      float first = (aFirst ? a : b).call();
      float second = (aFirst ? b : a).call();
      float scoreA = aFirst ? first : second;
      float scoreB = aFirst ? second : first;
      System.out.printf("round %d: A %.1f, B %.1f%n", i + 1, scoreA, scoreB);
      if (scoreA > 0 && scoreB > 0) {
        scoresA[valid] = scoreA;
        scoresB[valid] = scoreB;
        ratios[valid] = scoreB / scoreA;
        valid++;
      }
    }
    if (valid == 0) {
      System.out.println("no round scored on both sides");
      return;
    }
    Arrays.sort(scoresA, 0, valid);
    Arrays.sort(scoresB, 0, valid);
    Arrays.sort(ratios, 0, valid);
    System.out.printf(
        "A median %.1f, B median %.1f, B/A median ratio %.3f over %d rounds%n",
        scoresA[valid / 2], scoresB[valid / 2], ratios[valid / 2], valid);
  }

  /**
   * A run of CoreMark in a fresh instance of the module compiled once by the engine in {@code jar},
   * returning its score, through reflection only.
   */
  private static Callable<Float> side(Path jar, byte[] wasm, boolean fuel) throws Exception {
    ClassLoader loader = AbProbe.loader(jar);
    Class<?> engineClass = loader.loadClass("io.timeslice.wasm.Engine");
    Class<?> storeClass = loader.loadClass("io.timeslice.wasm.Store");
    Class<?> moduleClass = loader.loadClass("io.timeslice.wasm.Module");
    Class<?> linkerClass = loader.loadClass("io.timeslice.wasm.Linker");
    Class<?> funcTypeClass = loader.loadClass("io.timeslice.wasm.FuncType");
    Class<?> valTypeClass = loader.loadClass("io.timeslice.wasm.ValType");
    Class<?> hostClass = loader.loadClass("io.timeslice.wasm.HostFunction");
    Object engine = AbProbe.engine(loader, fuel, System.getProperty("tier", "COMPILED_EAGER"));
    Object module =
        moduleClass.getMethod("compile", engineClass, byte[].class).invoke(null, engine, wasm);
    Object i32 = AbProbe.enumValue(valTypeClass.asSubclass(Enum.class), "I32");
    Object clockType =
        funcTypeClass.getConstructor(List.class, List.class).newInstance(List.of(), List.of(i32));
    return () -> {
      Object store = storeClass.getConstructor(engineClass, Object.class).newInstance(engine, null);
      if (fuel) {
        storeClass.getMethod("setFuel", long.class).invoke(store, Long.MAX_VALUE / 2);
      }
      long start = System.nanoTime();
      // env.clock_ms: milliseconds since the run began.
      Object clock =
          Proxy.newProxyInstance(
              loader,
              new Class<?>[] {hostClass},
              (proxy, method, margs) ->
                  switch (method.getName()) {
                    case "call" -> new long[] {(System.nanoTime() - start) / 1_000_000};
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == margs[0];
                    default -> "clock_ms";
                  });
      Object linker = linkerClass.getConstructor(engineClass).newInstance(engine);
      linkerClass
          .getMethod("func", String.class, String.class, funcTypeClass, hostClass)
          .invoke(linker, "env", "clock_ms", clockType, clock);
      Object instance =
          linkerClass
              .getMethod("instantiate", storeClass, moduleClass)
              .invoke(linker, store, module);
      Object func = instance.getClass().getMethod("func", String.class).invoke(instance, "run");
      long[] results =
          (long[])
              func.getClass()
                  .getMethod("call", storeClass, long[].class)
                  .invoke(func, store, new long[0]);
      return Float.intBitsToFloat((int) results[0]);
    };
  }
}
