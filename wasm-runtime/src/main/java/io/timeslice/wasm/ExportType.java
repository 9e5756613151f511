package io.timeslice.wasm;

/**
 * One export of a module.
 *
 * @param name the export's name, unique within the module
 * @param type what is exported
 */
public record ExportType(String name, ExternType type) {}
