package io.timeslice.wasm;

/** The type of something a module imports or exports. */
public sealed interface ExternType permits FuncType, TableType, MemoryType, GlobalType, TagType {}
