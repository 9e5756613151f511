package io.timeslice.wasm.internal.jit;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap of compiled code's direct calls: every {@code invokedynamic} to a function of the
 * same module links to that function's call site in the module's {@link JitModule} (the hidden
 * class's class data), which runs the callee compiled once it is, and through the interpreter
 * before.
 */
public final class JitBootstrap {
  private JitBootstrap() {}

  /** Links a call of function {@code func} with the call's {@code type}. */
  public static CallSite call(MethodHandles.Lookup caller, String name, MethodType type, int func)
      throws IllegalAccessException {
    JitModule module = MethodHandles.classData(caller, ConstantDescs.DEFAULT_NAME, JitModule.class);
    return module.callSite(func, type);
  }
}
