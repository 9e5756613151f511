package io.timeslice.client;

import java.util.List;

/**
 * A module's import or export.
 *
 * @param module the importing module's name (imports only)
 * @param name its name
 * @param kind func, table, memory, global or tag
 * @param params a function's or tag's parameter types
 * @param results a function's result types
 * @param type a global's value type or a table's element type
 */
public record Extern(
    String module,
    String name,
    String kind,
    List<String> params,
    List<String> results,
    String type) {}
