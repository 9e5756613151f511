package io.timeslice.wasm.internal.jit;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.internal.exec.InstanceContext;

/**
 * The signatures compiled code of a module is made for: every function's type by index (imports
 * first) and the type section (for {@code call_indirect}), the same in every instance. Taken from
 * the first instance that compiles, so that compiled code and the compiler keep no instance alive.
 */
record ModuleTypes(FuncType[] functions, FuncType[] types, int importedFunctions) {
  static ModuleTypes of(InstanceContext inst, int importedFunctions) {
    FuncType[] functions = new FuncType[inst.functions.length];
    for (int i = 0; i < functions.length; i++) {
      functions[i] = inst.functions[i].type();
    }
    return new ModuleTypes(functions, inst.types.clone(), importedFunctions);
  }
}
