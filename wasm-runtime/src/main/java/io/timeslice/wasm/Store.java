package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.Refs;
import io.timeslice.wasm.internal.instance.CodeMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one job: its instances, memories, tables, globals and references, the interpreter's
 * stacks, and host data of type {@code T} that host functions reach through {@link Caller#data()}.
 * Everything created in a store belongs to it and is used only with it. A store is not thread-safe:
 * one thread at a time calls into it ({@link #interrupt()} is the exception).
 *
 * @param <T> the host data's type
 */
public final class Store<T extends @Nullable Object> {
  private final Engine engine;
  private final StoreLimits limits;
  private final Executor executor;
  private final Refs refs = new Refs();
  private T data;
  private int instances;
  private long fuelSet;
  private long fuelConsumedBefore;
  private long suspensions;
  private Object yieldReason;

  /** Host functions with state outside the store that its instances import (checkpoints). */
  private final List<String> externalState = new ArrayList<>();

  /** A store with {@link StoreLimits#DEFAULT}. */
  public Store(Engine engine, T data) {
    this(engine, data, StoreLimits.DEFAULT);
  }

  /** A store with the given limits. */
  public Store(Engine engine, T data, StoreLimits limits) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.data = data;
    this.executor = new Executor(limits.callDepth(), limits.stackCells());
    Config config = engine.config();
    if (config.tier() != Tier.INTERPRETER_ONLY) {
      int period = config.tierLoopThreshold() / CodeMap.LOOP_SAMPLES;
      executor.enableTiering(config.compiledStackBytes(), period, period);
    }
  }

  /** The engine the store runs modules of. */
  public Engine engine() {
    return engine;
  }

  /** The store's limits. */
  public StoreLimits limits() {
    return limits;
  }

  /** The host data. */
  public T data() {
    return data;
  }

  /** Replaces the host data. */
  public void setData(T data) {
    this.data = data;
  }

  /**
   * Asks the call running in this store, from any thread, to stop at its next check (taken backward
   * branches, calls and fuel charges); the call then fails with the trap "interrupted".
   */
  public void interrupt() {
    executor.interrupt();
  }

  /**
   * An {@code externref} value (raw bits) standing for {@code value}; each call makes a new one.
   */
  public long externRef(@Nullable Object value) {
    return refs.externRef(value);
  }

  /** The host value of an {@code externref}, or null for a null reference. */
  public @Nullable Object externValue(long ref) {
    checkRef(ref);
    return refs.externValue(ref);
  }

  /**
   * Sets the fuel left for calls in this store (docs/fuel.md). A call that runs out traps with "all
   * fuel consumed", or, when resumable, suspends until more is set.
   *
   * @throws IllegalStateException when the engine does not meter fuel ({@link
   *     Config#withConsumeFuel})
   */
  public void setFuel(long fuel) {
    requireFuel();
    if (fuel < 0) {
      throw new IllegalArgumentException("fuel must not be negative");
    }
    fuelConsumedBefore += fuelSet - executor.fuel();
    fuelSet = fuel;
    executor.setFuel(fuel);
  }

  /** The fuel left. */
  public long getFuel() {
    requireFuel();
    return executor.fuel();
  }

  /** All the fuel calls in this store have consumed so far. */
  public long fuelConsumed() {
    requireFuel();
    return fuelConsumedBefore + fuelSet - executor.fuel();
  }

  private void requireFuel() {
    if (!engine.config().consumeFuel()) {
      throw new IllegalStateException("fuel metering is off: use Config.withConsumeFuel(true)");
    }
  }

  void setYieldReason(Object reason) {
    yieldReason = reason;
  }

  Object takeYieldReason() {
    Object reason = yieldReason;
    yieldReason = null;
    return reason;
  }

  /**
   * IR instructions executed in this store, when the JVM runs with {@code -Dtimeslice.countIr=true}
   * (a diagnostic for docs/benchmarks.md), else 0.
   */
  public long irInstructionsExecuted() {
    return executor.irExecuted();
  }

  /** Numbers suspensions, so that only the latest one can be resumed, once. */
  long nextSuspension() {
    return ++suspensions;
  }

  long currentSuspension() {
    return suspensions;
  }

  Executor executor() {
    return executor;
  }

  Refs refs() {
    return refs;
  }

  void checkRef(long ref) {
    if (!refs.isValid(ref)) {
      throw new IllegalArgumentException("not a reference of this store: " + ref);
    }
  }

  /**
   * Checks a reference the host gives for a value of type {@code t} ({@code type}: its typed
   * reference details, or null for a plain funcref, externref or exnref). Code trusts its validated
   * types, so null must be nullable, a function reference must be a function (of the function type
   * named, if any), an externref no function, and an exnref an exception Wasm caught and the host
   * received: a host cannot make one, and {@code throw_ref} trusts its type.
   */
  void checkRef(long ref, ValType t, @Nullable RefType type) {
    checkRef(ref);
    if (ref == 0) {
      if (type != null && !type.nullable()) {
        throw new IllegalArgumentException("null is not a value of " + type);
      }
      return;
    }
    if (t == ValType.EXNREF || type != null && type.heap() == ValType.EXNREF) {
      if (!refs.isException(ref)) {
        throw new IllegalArgumentException("not an exception reference: " + ref);
      }
      return;
    }
    if (t == ValType.ANYREF || t.isNull()) {
      // Without GC's instructions no value of the any hierarchy is other than null.
      throw new IllegalArgumentException("not a reference of type " + t + ": " + ref);
    }
    if (type == null) {
      return;
    }
    io.timeslice.wasm.internal.exec.CompiledFunction f = refs.function(ref);
    boolean ok =
        type.heap() == ValType.EXTERNREF
            ? f == null
            : f != null && (type.function() == null || f.type().equals(type.function()));
    if (!ok) {
      throw new IllegalArgumentException("not a reference of type " + type + ": " + ref);
    }
  }

  void countInstance() {
    if (instances == limits.instances()) {
      throw new ResourceLimitException(
          "the store already holds " + instances + " instances, its limit");
    }
    instances++;
  }

  /** The instances made in this store. */
  int instanceCount() {
    return instances;
  }

  /** Notes that an instance of this store imports {@code name}, whose state is outside it. */
  void noteExternalState(String name) {
    externalState.add(name);
  }

  /** The imported host functions whose state is outside the store, by name. */
  List<String> externalState() {
    return externalState;
  }

  /** Sets the fuel counters a checkpoint recorded: consumed so far, and left. */
  void restoreFuel(long consumed, long left) {
    requireFuel();
    fuelConsumedBefore = consumed;
    fuelSet = left;
  }

  void checkOwner(Store<?> owner, String what) {
    if (owner != this) {
      throw new IllegalArgumentException(what + " belongs to another store");
    }
  }
}
