package io.timeslice.wasm.internal.instance;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.GlobalType;
import io.timeslice.wasm.MemoryType;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.GlobalCell;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.TableInstance;
import io.timeslice.wasm.internal.module.ConstExpr;
import io.timeslice.wasm.internal.module.DataSegment;
import io.timeslice.wasm.internal.module.ElementSegment;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.translate.Translator;
import io.timeslice.wasm.internal.validate.FuncValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates an instance of a validated module: translates its functions, allocates its memory, tables
 * and globals, writes the active segments and runs the start function. Function imports are
 * supplied resolved; importing memories, tables and globals comes with the {@code Linker}.
 *
 * @param context what the interpreter needs of the instance
 * @param exports exported functions by name
 */
public record Instantiation(InstanceContext context, Map<String, CompiledFunction> exports) {

  /**
   * Instantiates {@code module} with its function imports, in order.
   *
   * @throws Trap when a segment does not fit, or the start function traps
   * @throws UnsupportedOperationException for what the engine cannot instantiate yet
   */
  public static Instantiation of(
      Config config, ModuleInfo module, List<CompiledFunction> functionImports, Executor start) {
    if (module.importedTables + module.importedMemories + module.importedGlobals > 0) {
      throw new UnsupportedOperationException("importing tables, memories or globals");
    }
    if (functionImports.size() != module.importedFuncs) {
      throw new IllegalArgumentException(
          "the module imports " + module.importedFuncs + " functions");
    }
    CompiledFunction[] functions = new CompiledFunction[module.funcCount];
    for (int i = 0; i < module.importedFuncs; i++) {
      functions[i] = functionImports.get(i);
    }
    Translator translator = new Translator(module, new FuncValidator(config, module));
    for (int i = module.importedFuncs; i < module.funcCount; i++) {
      functions[i] = translator.translate(i);
    }
    LinearMemory memory = null;
    if (!module.memories.isEmpty()) {
      memory = memory(module.memories.get(0));
    }
    GlobalCell[] globals = new GlobalCell[module.globals.size()];
    for (int i = 0; i < globals.length; i++) {
      globals[i] = new GlobalCell(constant(module.globalInits.get(i), module.globals.get(i)));
    }
    TableInstance[] tables = new TableInstance[module.tables.size()];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = table(module.tables.get(i));
    }
    InstanceContext context =
        new InstanceContext(
            module.types.toArray(FuncType[]::new), functions, globals, memory, tables);
    for (int i = module.importedFuncs; i < module.funcCount; i++) {
      functions[i].bind(context);
    }
    for (ElementSegment segment : module.elements) {
      if (segment.mode() == ElementSegment.Mode.ACTIVE) {
        writeElements(segment, tables[segment.table()], functions);
      }
    }
    for (DataSegment segment : module.datas) {
      if (segment.active()) {
        writeData(module, segment, memory);
      }
    }
    Map<String, CompiledFunction> exports = new HashMap<>();
    for (ModuleInfo.Export e : module.exports) {
      if (e.kind() == ModuleInfo.Export.FUNC) {
        exports.put(e.name(), functions[e.index()]);
      }
    }
    if (module.hasStart) {
      start.invoke(functions[module.start]);
    }
    return new Instantiation(context, Map.copyOf(exports));
  }

  private static LinearMemory memory(MemoryType type) {
    long min = type.limits().min();
    long max = type.limits().hasMax() ? type.limits().max() : LinearMemory.MAX_PAGES;
    if (min > LinearMemory.MAX_PAGES) {
      throw new UnsupportedOperationException("a memory of " + min + " pages");
    }
    return new LinearMemory((int) min, (int) Math.min(max, LinearMemory.MAX_PAGES));
  }

  private static TableInstance table(TableType type) {
    long min = type.limits().min();
    if (min > 10_000_000) {
      throw new UnsupportedOperationException("a table of " + min + " elements");
    }
    return new TableInstance((int) min);
  }

  private static long constant(ConstExpr expr, GlobalType type) {
    return switch (expr.kind()) {
      case CONST -> expr.bits();
      case REF_NULL -> 0;
      default ->
          throw new UnsupportedOperationException(
              "global initializer " + expr.kind() + " of type " + type.type());
    };
  }

  private static void writeElements(
      ElementSegment segment, TableInstance table, CompiledFunction[] functions) {
    long offset = segment.tableOffset().bits() & 0xffff_ffffL;
    List<ConstExpr> items = segment.items();
    if (offset + items.size() > table.size()) {
      throw new Trap(TrapCode.TABLE_OUT_OF_BOUNDS, "in an element segment");
    }
    for (int i = 0; i < items.size(); i++) {
      ConstExpr item = items.get(i);
      table.set(
          (int) offset + i,
          item.kind() == ConstExpr.Kind.REF_FUNC ? functions[item.index()] : null);
    }
  }

  private static void writeData(ModuleInfo module, DataSegment segment, LinearMemory memory) {
    long offset = segment.memoryOffset().bits() & 0xffff_ffffL;
    if (offset + segment.length() > memory.bytes().length) {
      throw new Trap(TrapCode.MEMORY_OUT_OF_BOUNDS, "in a data segment");
    }
    System.arraycopy(module.bytes, segment.start(), memory.bytes(), (int) offset, segment.length());
  }
}
