package io.timeslice.wasm.internal.text;

import java.util.HashMap;
import java.util.Map;

/**
 * One index space of a module (functions, tables, memories, globals, element or data segments,
 * types): how many entries are declared, and the index of each {@code $name}.
 */
final class Space {
  /** The space's name in errors: "func", "table", "memory", "global", "elem", "data", "type". */
  final String kind;

  private final Map<String, Integer> names = new HashMap<>();
  private int count;

  Space(String kind) {
    this.kind = kind;
  }

  int count() {
    return count;
  }

  /** Declares the next entry, named {@code id} (or anonymous when null); returns its index. */
  int declare(Token id) {
    if (id != null && names.putIfAbsent(id.text, count) != null) {
      throw TextError.at(id, "duplicate " + kind + " " + id.text);
    }
    return count++;
  }

  /**
   * The index a reference names: a natural number, taken as it is (validation checks the range), or
   * a declared {@code $name}.
   */
  long resolve(Token ref) {
    if (ref.kind == Token.Kind.ID) {
      Integer index = names.get(ref.text);
      if (index == null) {
        throw TextError.at(ref, "unknown " + noun() + " " + ref.text);
      }
      return index;
    }
    if (ref.kind == Token.Kind.NUMBER) {
      try {
        return Numbers.nat(ref.text, 0xffff_ffffL);
      } catch (Numbers.OutOfRange | IllegalArgumentException e) {
        throw TextError.at(ref, "i32 constant out of range: " + ref.text);
      }
    }
    throw TextError.at(
        ref, "unexpected token " + ref.describe() + ", expected a " + kind + " index");
  }

  private String noun() {
    return switch (kind) {
      case "func" -> "function";
      case "elem" -> "elem segment";
      case "data" -> "data segment";
      default -> kind;
    };
  }
}
