package io.timeslice.core.modules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.timeslice.wasm.ExternType;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.GlobalType;
import io.timeslice.wasm.MemoryType;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.TagType;
import io.timeslice.wasm.ValType;
import java.util.List;

/**
 * An import or export as the API shows and stores it: kind and, for functions, the signature jobs
 * are checked against.
 *
 * @param module the importing module name (imports only)
 * @param name the import's or export's name
 * @param kind func, table, memory, global or tag (an exception tag)
 * @param params a function's or tag's parameter types
 * @param results a function's result types
 * @param type a global's value type, or a table's element type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternView(
    String module,
    String name,
    String kind,
    List<String> params,
    List<String> results,
    String type) {

  static ExternView of(String module, String name, ExternType type) {
    return switch (type) {
      case FuncType f ->
          new ExternView(module, name, "func", names(f.params()), names(f.results()), null);
      case TableType t -> new ExternView(module, name, "table", null, null, t.element().toString());
      case MemoryType m -> new ExternView(module, name, "memory", null, null, null);
      case GlobalType g -> new ExternView(module, name, "global", null, null, g.type().toString());
      case TagType t -> new ExternView(module, name, "tag", names(t.type().params()), null, null);
    };
  }

  private static List<String> names(List<ValType> types) {
    return types.stream().map(ValType::toString).toList();
  }
}
