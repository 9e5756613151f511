package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Memory;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.fuzz.Call.Status;
import io.timeslice.wasm.fuzz.Call.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timeslice under one configuration. With fuel on, every call gets {@link #BUDGET} fuel, granted in
 * slices of {@code slice} through {@link Func#callResumable} (a grant always covers the charge the
 * call waits for), or in one piece through {@link Func#call}; the fuel each call consumed is part
 * of its outcome, so that configurations must agree on it. With fuel off, a watchdog interrupts a
 * call after {@link #WATCHDOG_SECONDS}.
 */
final class TimesliceOracle implements Oracle {
  /** The fuel a call may consume: the generated programs need far less unless they trap. */
  static final long BUDGET = 300_000;

  static final long WHOLE = Long.MAX_VALUE;
  private static final int WATCHDOG_SECONDS = 20;
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fuzz-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final String name;
  private final Engine engine;
  private final long slice;

  TimesliceOracle(String name, Config config, long slice) {
    this.name = name;
    this.engine = new Engine(config);
    this.slice = slice;
  }

  @Override
  public String name() {
    return name;
  }

  Config config() {
    return engine.config();
  }

  /** The configurations every differential run compares, the reference first. */
  static List<TimesliceOracle> configurations() {
    Config fuel = Config.builder().consumeFuel(true).build();
    Config noFuel = Config.defaults();
    Config tiered =
        Config.builder().tier(Tier.TIERED).tierCallThreshold(2).tierLoopThreshold(8).build();
    Config compiled = Config.builder().tier(Tier.COMPILED_EAGER).build();
    var lazy = io.timeslice.wasm.CompilationMode.LAZY;
    var lazyTranslation = io.timeslice.wasm.CompilationMode.LAZY_TRANSLATION;
    return List.of(
        new TimesliceOracle("interpreter, fuel", fuel, WHOLE),
        new TimesliceOracle("interpreter", noFuel, WHOLE),
        new TimesliceOracle("interpreter, unoptimised", noFuel.withOptimizations(false), WHOLE),
        new TimesliceOracle(
            "interpreter, lazy translation, unoptimised, fuel in slices of 7",
            fuel.toBuilder().compilationMode(lazyTranslation).optimizations(false).build(),
            7),
        new TimesliceOracle(
            "interpreter, lazy, fuel in slices of 1",
            fuel.toBuilder().compilationMode(lazy).build(),
            1),
        new TimesliceOracle("compiled", compiled, WHOLE),
        new TimesliceOracle(
            "compiled, fuel", compiled.toBuilder().consumeFuel(true).build(), WHOLE),
        new TimesliceOracle(
            "compiled, unoptimised, fuel in slices of 7",
            compiled.toBuilder().consumeFuel(true).optimizations(false).build(),
            7),
        new TimesliceOracle(
            "compiled, lazy, fuel in slices of 1",
            compiled.toBuilder().consumeFuel(true).compilationMode(lazy).build(),
            1),
        new TimesliceOracle("tiered", tiered, WHOLE),
        new TimesliceOracle(
            "tiered, fuel in slices of 1", tiered.toBuilder().consumeFuel(true).build(), 1),
        new TimesliceOracle(
            "tiered, lazy translation, unoptimised, fuel in slices of 1000",
            tiered.toBuilder()
                .consumeFuel(true)
                .compilationMode(lazyTranslation)
                .optimizations(false)
                .build(),
            1_000));
  }

  @Override
  public List<Call> run(byte[] wasm, List<Invocation> plan) {
    List<Call> calls = new ArrayList<>();
    Module module;
    try {
      module = Module.compile(engine, wasm);
    } catch (WasmException e) {
      calls.add(failed("<compile>", Status.REJECTED, e.getMessage()));
      return calls;
    }
    Store<List<Value>> store = new Store<>(engine, new ArrayList<>());
    Linker<List<Value>> linker = new Linker<>(engine);
    for (int i = 0; i < ModuleGenerator.LOG_NAMES.length; i++) {
      ValType t = ModuleGenerator.NUMERIC[i];
      linker.func(
          ModuleGenerator.LOG_MODULE,
          ModuleGenerator.LOG_NAMES[i],
          new FuncType(List.of(t), List.of()),
          (caller, args) -> {
            caller.data().add(new Value(t, args[0]));
            return new long[0];
          });
    }
    Instance instance;
    try {
      instance = linker.instantiate(store, module);
    } catch (Trap e) {
      calls.add(failed("<instantiate>", Status.NOT_INSTANTIATED, e.code().name()));
      return calls;
    } catch (WasmException e) {
      calls.add(failed("<instantiate>", Status.REJECTED, e.getMessage()));
      return calls;
    }
    Memory memory =
        instance.export("memory").orElse(null) instanceof Memory exported ? exported : null;
    for (Invocation invocation : plan) {
      Call call = call(store, instance.func(invocation.export()), invocation, memory);
      calls.add(call);
      if (call.status().inconclusive() || call.status() == Status.CRASHED) {
        break;
      }
    }
    return calls;
  }

  private static Call failed(String what, Status status, String detail) {
    return new Call(what, List.of(), status, detail, List.of(), 0, -1);
  }

  private Call call(Store<List<Value>> store, Func f, Invocation invocation, Memory memory) {
    store.data().clear();
    boolean metered = engine.config().consumeFuel();
    long before = metered ? store.fuelConsumed() : 0;
    Status status = Status.RETURNED;
    String detail = "";
    long[] results = new long[0];
    ScheduledFuture<?> watchdog =
        metered ? null : WATCHDOG.schedule(store::interrupt, WATCHDOG_SECONDS, TimeUnit.SECONDS);
    try {
      results = metered ? metered(store, f, invocation.args()) : f.call(store, invocation.args());
    } catch (Trap trap) {
      status =
          switch (trap.code()) {
            case CALL_STACK_EXHAUSTED -> Status.EXHAUSTED;
            case OUT_OF_FUEL -> Status.OUT_OF_FUEL;
            case INTERRUPTED -> Status.TIMED_OUT;
            default -> Status.TRAPPED;
          };
      detail = trap.code() == TrapCode.INVALID_IR ? trap.getMessage() : trap.code().name();
      if (trap.code() == TrapCode.INVALID_IR) {
        status = Status.CRASHED;
      }
    } catch (RuntimeException | Error e) {
      // A JVM exception reaching the embedder is a bug whatever the program did.
      status = Status.CRASHED;
      detail = e.toString();
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
    }
    List<Value> values = new ArrayList<>();
    FuncType type = invocation.type();
    for (int i = 0; i < results.length; i++) {
      ValType t = type.result(i);
      values.add(new Value(t, t.isReference() ? (results[i] == 0 ? 0 : 1) : results[i]));
    }
    int hash =
        memory != null && memory.pages() <= Call.HASHED_PAGES
            ? Call.hash(memory.read(0, memory.byteSize()))
            : 0;
    long fuel = metered ? store.fuelConsumed() - before : -1;
    return new Call(
        invocation.export(), List.copyOf(store.data()), status, detail, values, hash, fuel);
  }

  /** The call with {@link #BUDGET} fuel, in slices; out of fuel is a trap like the plain call's. */
  private long[] metered(Store<?> store, Func f, long[] args) {
    if (slice == WHOLE) {
      store.setFuel(BUDGET);
      return f.call(store, args);
    }
    long start = store.fuelConsumed();
    store.setFuel(Math.min(slice, BUDGET));
    ResumableCall call = f.callResumable(store, args);
    while (call instanceof ResumableCall.OutOfFuel out) {
      long left = BUDGET - (store.fuelConsumed() - start);
      if (out.requiredFuel() > left) {
        // Where the unsliced call runs out: the charge exceeds what is left of the budget.
        out.abandon(store);
        throw new Trap(TrapCode.OUT_OF_FUEL, "");
      }
      store.setFuel(Math.min(left, Math.max(slice, out.requiredFuel())));
      call = out.resume(store);
    }
    if (call instanceof ResumableCall.Finished finished) {
      return finished.results();
    }
    throw new IllegalStateException("suspended unexpectedly: " + call);
  }
}
