package io.timeslice.scheduler.archfixture;

import io.timeslice.wasm.internal.ir.Disassembler;

/** Breaks the engine's boundary on purpose: its internals are not an API. */
public final class SchedulerUsingEngineInternals {
  private SchedulerUsingEngineInternals() {}

  /** Names an internal class. */
  public static Class<?> internal() {
    return Disassembler.class;
  }
}
