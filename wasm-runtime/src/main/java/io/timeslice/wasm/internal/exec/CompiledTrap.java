package io.timeslice.wasm.internal.exec;

/**
 * A trap in compiled code, thrown to the executor, which reports it like an interpreter trap. No
 * stack trace: where the trap happened in Wasm is its function and IR pc.
 */
public final class CompiledTrap extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int code;
  final transient CompiledFunction function;
  final int pc;

  /**
   * A trap with {@link io.timeslice.wasm.TrapCode} number {@code code} at {@code pc} of {@code f}.
   */
  public CompiledTrap(int code, CompiledFunction f, int pc) {
    super(null, null, false, false);
    this.code = code;
    this.function = f;
    this.pc = pc;
  }
}
