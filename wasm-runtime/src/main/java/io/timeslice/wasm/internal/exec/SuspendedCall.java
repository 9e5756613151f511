package io.timeslice.wasm.internal.exec;

/**
 * A suspended call in the interpreter's form, as a checkpoint reads it from an {@link Executor} and
 * puts it back into another: the outermost function, why it is suspended, the callers' frame
 * records (record 0 is the host's, its function null), the current function with its pc and frame
 * pointer, the live value cells and the fuel left. Compiled frames are in this form too once their
 * call is suspended (docs/tiers.md), so nothing of the compiled tier is in it.
 *
 * @param callee the function the host called
 * @param suspension why the call is suspended: out of fuel, interrupted, or a host yield
 * @param requiredFuel the fuel the suspended charge needs (out of fuel only)
 * @param hostResultBase where the yielding host function's results go (host yield only)
 * @param hostResultCount how many cells they take (host yield only)
 * @param callers the caller of each depth below the current function; {@code callers[0]} is null
 * @param returnPcs where each caller goes on
 * @param callerFps each caller's frame pointer
 * @param current the suspended function
 * @param pc where it resumes
 * @param fp its frame pointer
 * @param cells the value cells up to the end of the highest frame
 * @param fuel the fuel left
 */
public record SuspendedCall(
    CompiledFunction callee,
    Executor.Suspension suspension,
    long requiredFuel,
    int hostResultBase,
    int hostResultCount,
    CompiledFunction[] callers,
    int[] returnPcs,
    int[] callerFps,
    CompiledFunction current,
    int pc,
    int fp,
    long[] cells,
    long fuel) {

  /** The depth of the call: its callers' records, the host's included. */
  public int depth() {
    return callers.length;
  }
}
