package io.timeslice.wasm;

/**
 * One import of a module.
 *
 * @param module the module name it is imported from
 * @param name the field name
 * @param type what is imported
 */
public record ImportType(String module, String name, ExternType type) {}
