package io.timeslice.wasm.internal.exec;

/**
 * Compiles a hot function to JVM bytecode; the interpreter calls it through {@link FunctionTier}.
 */
public interface JitCompiler {
  /**
   * Compiled code for {@code f} (translated, bound to an instance of the module), or null when the
   * compiler does not take it (too big for one JVM method, or an op it does not compile).
   */
  JitCode compile(CompiledFunction f);
}
