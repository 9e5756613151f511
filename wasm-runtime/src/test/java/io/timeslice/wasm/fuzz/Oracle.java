package io.timeslice.wasm.fuzz;

import java.util.List;

/** An engine that runs a module's export calls and reports what each did. */
interface Oracle extends AutoCloseable {
  String name();

  /**
   * Instantiates {@code wasm} and makes the calls of {@code plan} in order on that one instance; a
   * module that fails to instantiate gives one {@link Call.Status#NOT_INSTANTIATED} (or {@link
   * Call.Status#REJECTED}) call. Stops after the first inconclusive call.
   */
  List<Call> run(byte[] wasm, List<Invocation> plan);

  @Override
  default void close() {}
}
