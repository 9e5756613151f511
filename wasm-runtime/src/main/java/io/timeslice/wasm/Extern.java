package io.timeslice.wasm;

/**
 * Something an instance exports and a linker defines: a function, table, memory, global or
 * exception tag.
 */
public sealed interface Extern permits Func, Table, Memory, Global, Tag {
  /** Its type, as imports are matched against. */
  ExternType type();
}
