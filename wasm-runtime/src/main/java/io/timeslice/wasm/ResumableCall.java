package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.Executor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Func#callResumable}: finished, or suspended. A suspended call lives in its
 * store, holds no thread and can be resumed from any thread (one at a time); only the latest
 * suspension of a store can be resumed, once. Traps are final: they are thrown, not returned.
 */
public sealed interface ResumableCall {

  /** The call returned; {@code results} are raw bits. */
  record Finished(long[] results) implements ResumableCall {}

  /** A call suspended in its store, to be resumed or abandoned. */
  abstract sealed class Suspended implements ResumableCall
      permits OutOfFuel, Interrupted, HostYield {
    private final Store<?> store;
    private final long suspension;
    private final List<ValType> resultTypes;

    Suspended(Store<?> store, List<ValType> resultTypes) {
      this.store = store;
      this.suspension = store.nextSuspension();
      this.resultTypes = resultTypes;
    }

    Executor claim(Store<?> caller) {
      store.checkOwner(caller, "the suspended call");
      if (store.currentSuspension() != suspension
          || store.executor().suspension() == Executor.Suspension.NONE) {
        throw new IllegalStateException("the call was already resumed or abandoned");
      }
      store.nextSuspension();
      return store.executor();
    }

    ResumableCall next(int status) {
      return Func.outcome(store, resultTypes, status);
    }

    /** The store the call is suspended in. */
    Store<?> store() {
      return store;
    }

    /** Whether this is the store's latest suspension, not yet resumed or abandoned. */
    boolean isCurrent() {
      return store.currentSuspension() == suspension
          && store.executor().suspension() != Executor.Suspension.NONE;
    }

    /** Drops the call; the store can run other calls. */
    public void abandon(Store<?> caller) {
      claim(caller).abandon();
    }
  }

  /** Fuel ran out before a block that needs {@code requiredFuel}: set more fuel, then resume. */
  final class OutOfFuel extends Suspended {
    private final long requiredFuel;

    OutOfFuel(Store<?> store, List<ValType> resultTypes, long requiredFuel) {
      super(store, resultTypes);
      this.requiredFuel = requiredFuel;
    }

    /** The fuel the suspended charge needs; resuming with less suspends again right away. */
    public long requiredFuel() {
      return requiredFuel;
    }

    /** Resumes at the charge that could not be paid. */
    public ResumableCall resume(Store<?> caller) {
      return next(claim(caller).resume());
    }
  }

  /** Another thread called {@link Store#interrupt()}; resume goes on where the call stopped. */
  final class Interrupted extends Suspended {
    Interrupted(Store<?> store, List<ValType> resultTypes) {
      super(store, resultTypes);
    }

    /** Resumes where the call stopped. */
    public ResumableCall resume(Store<?> caller) {
      return next(claim(caller).resume());
    }
  }

  /** A host function yielded ({@link Caller#yield}); resume with that host function's results. */
  final class HostYield extends Suspended {
    private final @Nullable Object reason;

    HostYield(Store<?> store, List<ValType> resultTypes, @Nullable Object reason) {
      super(store, resultTypes);
      this.reason = reason;
    }

    /** What the host function gave as its reason to yield. */
    public @Nullable Object reason() {
      return reason;
    }

    /** Resumes with the results the yielding host function returns. */
    public ResumableCall resume(Store<?> caller, long... hostResults) {
      Executor executor = claim(caller);
      FuncType type = executor.hostYieldType();
      if (type != null && hostResults.length == type.resultCells()) {
        // References must be the store's, and of the host function's typed result types.
        int cell = 0;
        for (int i = 0; i < type.resultCount(); i++) {
          if (type.result(i).isReference()) {
            store().checkRef(hostResults[cell], type.result(i), type.resultRef(i));
          }
          cell += type.result(i).cells();
        }
      }
      return next(executor.resumeFromHost(hostResults));
    }
  }
}
