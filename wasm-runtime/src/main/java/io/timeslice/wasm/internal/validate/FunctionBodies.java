package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.internal.module.ModuleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs a pass (validation, translation) over every defined function body, on several cores when the
 * module is large, as V8 and Wasmtime do. Bodies are independent once the module is decoded, so
 * each worker gets its own pass (its own validator or translator) and takes chunks of consecutive
 * functions of about equal size. The outcome does not depend on the threads: when bodies fail, the
 * failure of the lowest function index is thrown, the one a single thread would have met first.
 */
public final class FunctionBodies {
  private FunctionBodies() {}

  /** Below this much code a module is passed over by the calling thread alone. */
  static final int PARALLEL_MIN_BYTES = 256 << 10;

  /** The most code in one chunk, so that a worker that is late takes little with it. */
  private static final int MAX_CHUNK_BYTES = 256 << 10;

  /**
   * Calls a pass from {@code passes} (one per worker) with the index of every defined function of
   * {@code module}, each exactly once unless one fails; on several cores when {@code parallel} and
   * the module is large ({@link #workers}).
   *
   * @throws RuntimeException or {@link Error}: the failure of the lowest function index
   */
  public static void forEach(ModuleInfo module, boolean parallel, Supplier<IntConsumer> passes) {
    forEach(module, workers(module, parallel), passes);
  }

  /**
   * How many workers a pass over {@code module}'s bodies gets: one for small modules or with {@code
   * parallel} off, else up to the available processors, one per {@link #PARALLEL_MIN_BYTES} of
   * code.
   */
  static int workers(ModuleInfo module, boolean parallel) {
    long bytes = codeBytes(module);
    if (!parallel || bytes < PARALLEL_MIN_BYTES) {
      return 1;
    }
    return (int) Math.min(Runtime.getRuntime().availableProcessors(), bytes / PARALLEL_MIN_BYTES);
  }

  private static long codeBytes(ModuleInfo module) {
    long bytes = 0;
    for (int length : module.codeLengths) {
      bytes += length;
    }
    return bytes;
  }

  /** {@link #forEach(ModuleInfo, boolean, Supplier)} with {@code workers} workers. */
  static void forEach(ModuleInfo module, int workers, Supplier<IntConsumer> passes) {
    if (workers <= 1) {
      IntConsumer pass = passes.get();
      for (int i = module.importedFuncs; i < module.funcCount; i++) {
        pass.accept(i);
      }
      return;
    }
    Run run = new Run(chunks(module, workers), passes);
    List<ForkJoinTask<?>> helpers = new ArrayList<>(workers - 1);
    for (int w = 1; w < workers; w++) {
      helpers.add(ForkJoinPool.commonPool().submit(run::work));
    }
    run.work();
    for (ForkJoinTask<?> helper : helpers) {
      helper.join();
    }
    run.rethrow();
  }

  /** The first function index of each chunk, and the end (the module's function count). */
  private static int[] chunks(ModuleInfo module, int workers) {
    long target = Math.max(1, Math.min(MAX_CHUNK_BYTES, codeBytes(module) / (workers * 8L)));
    List<Integer> starts = new ArrayList<>();
    long size = 0;
    for (int d = 0; d < module.codeLengths.length; d++) {
      if (size == 0) {
        starts.add(module.importedFuncs + d);
      }
      size += module.codeLengths[d];
      if (size >= target) {
        size = 0;
      }
    }
    int[] out = new int[starts.size() + 1];
    for (int i = 0; i < starts.size(); i++) {
      out[i] = starts.get(i);
    }
    out[starts.size()] = module.funcCount;
    return out;
  }

  /** One parallel pass: the chunks still to take and the lowest failure so far. */
  private static final class Run {
    private final int[] chunks;
    private final Supplier<IntConsumer> passes;
    private final AtomicInteger next = new AtomicInteger();
    private int failedAt = Integer.MAX_VALUE;
    private Throwable failure;

    Run(int[] chunks, Supplier<IntConsumer> passes) {
      this.chunks = chunks;
      this.passes = passes;
    }

    void work() {
      IntConsumer pass = null;
      int c;
      while ((c = next.getAndIncrement()) < chunks.length - 1) {
        if (chunks[c] > lowestFailure()) {
          return;
        }
        if (pass == null) {
          pass = passes.get();
        }
        for (int i = chunks[c]; i < chunks[c + 1]; i++) {
          try {
            pass.accept(i);
          } catch (RuntimeException | Error e) {
            failed(i, e);
            break;
          }
        }
      }
    }

    private synchronized int lowestFailure() {
      return failedAt;
    }

    private synchronized void failed(int index, Throwable e) {
      if (index < failedAt) {
        failedAt = index;
        failure = e;
      }
    }

    synchronized void rethrow() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
    }
  }
}
