package io.timeslice.wasm.internal.exec;

/**
 * Thrown through compiled frames when the call suspends (fuel, interruption, a host yield). Each
 * compiled frame it passes writes its cells to the value stack and its frame record before passing
 * it on, so that when it reaches the executor the suspended call is in the interpreter's form: the
 * explicit frame stack and the value cells. One instance, without a stack trace: it carries no
 * data.
 */
public final class Suspended extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The only instance. */
  public static final Suspended INSTANCE = new Suspended();

  private Suspended() {
    super("suspended", null, false, false);
  }
}
