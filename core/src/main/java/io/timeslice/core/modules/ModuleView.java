package io.timeslice.core.modules;

import java.util.List;

/**
 * A module as the API shows it.
 *
 * @param id its SHA-256, in hex: the same bytes always have the same id
 * @param sizeBytes its size
 * @param imports what it imports
 * @param exports what it exports
 */
public record ModuleView(
    String id, int sizeBytes, List<ExternView> imports, List<ExternView> exports) {

  /** The export {@code name}, if the module has it. */
  public java.util.Optional<ExternView> export(String name) {
    return exports.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
