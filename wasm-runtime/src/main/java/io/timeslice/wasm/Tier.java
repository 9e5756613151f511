package io.timeslice.wasm;

/**
 * Which execution tiers run Wasm code (docs/tiers.md). Results, traps and fuel are the same in
 * every tier, to the unit; only speed differs.
 */
public enum Tier {
  /** Every function runs in the interpreter. */
  INTERPRETER_ONLY,
  /**
   * Functions start in the interpreter; a function that gets hot (called often, or spending long in
   * its loops) is compiled to JVM bytecode and runs compiled from then on, in every instance of its
   * module.
   */
  TIERED,
  /**
   * Every function is compiled on its first call. A function the compiler cannot take (too big for
   * one JVM method, or using what it does not compile) stays interpreted.
   */
  COMPILED_EAGER
}
