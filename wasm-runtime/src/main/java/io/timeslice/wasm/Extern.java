package io.timeslice.wasm;

/** Something an instance exports and a linker defines: a function, table, memory or global. */
public sealed interface Extern permits Func, Table, Memory, Global {
  /** Its type, as imports are matched against. */
  ExternType type();
}
