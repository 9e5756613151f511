package io.timeslice.wasm.internal.instance;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.MemoryType;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.GlobalCell;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.Refs;
import io.timeslice.wasm.internal.exec.TableInstance;
import io.timeslice.wasm.internal.exec.TagInstance;
import io.timeslice.wasm.internal.module.ConstExpr;
import io.timeslice.wasm.internal.module.DataSegment;
import io.timeslice.wasm.internal.module.ElementSegment;
import io.timeslice.wasm.internal.module.LinkType;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.TypeId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates an instance of a validated module, in the specification's order: translate the functions,
 * allocate tables, memories and globals (imports first, resolved and type-checked by the caller),
 * evaluate the element segments, apply the active element and data segments in order (a segment
 * that does not fit traps, and what earlier segments wrote stays written, as the spec requires),
 * then run the start function.
 *
 * @param context what the interpreter needs of the instance
 * @param exports exported entities by name, in export order: {@link CompiledFunction}, {@link
 *     TableInstance}, {@link LinearMemory} or {@link GlobalCell}
 */
public record Instantiation(InstanceContext context, Map<String, Object> exports) {

  /** Resource limits the instance's own memories and tables must respect. */
  public record Limits(int maxMemoryPages, int maxTableElements) {}

  /**
   * Instantiates {@code module} with {@code imports} in import order: a {@link CompiledFunction},
   * {@link TableInstance}, {@link LinearMemory} or {@link GlobalCell} for each.
   *
   * <p>{@code start} runs the start function; null skips it (an instance a checkpoint restores).
   *
   * @throws Trap when a segment does not fit, or the start function traps
   * @throws ResourceLimitError when a memory or table exceeds {@code limits}
   */
  public static Instantiation of(
      CodeMap code,
      ModuleInfo module,
      List<Object> imports,
      Refs refs,
      Limits limits,
      Executor start) {
    int fi = 0;
    int ti = 0;
    int mi = 0;
    int gi = 0;
    CompiledFunction[] functions = new CompiledFunction[module.funcCount];
    TableInstance[] tables = new TableInstance[module.tables.size()];
    LinearMemory[] memories = new LinearMemory[module.memories.size()];
    GlobalCell[] globals = new GlobalCell[module.globals.size()];
    TagInstance[] tags = new TagInstance[module.tags.size()];
    int tgi = 0;
    for (Object imported : imports) {
      switch (imported) {
        case CompiledFunction f -> functions[fi++] = f;
        case TagInstance t -> tags[tgi++] = t;
        case TableInstance t -> tables[ti++] = t;
        case LinearMemory m -> memories[mi++] = m;
        case GlobalCell g -> globals[gi++] = g;
        default -> throw new IllegalArgumentException("not an importable entity: " + imported);
      }
    }
    if (fi != module.importedFuncs
        || ti != module.importedTables
        || mi != module.importedMemories
        || gi != module.importedGlobals
        || tgi != module.importedTags) {
      throw new IllegalArgumentException("imports do not match the module's import section");
    }
    code.checkSupported();
    for (int i = module.importedFuncs; i < module.funcCount; i++) {
      functions[i] = code.instantiate(i);
    }
    for (int i = ti; i < tables.length; i++) {
      tables[i] = table(module.tables.get(i), limits);
      tables[i].linkType = LinkType.of(module, module.tableCodes.get(i));
    }
    for (int i = mi; i < memories.length; i++) {
      memories[i] = memory(module.memories.get(i), limits);
    }
    for (int i = gi; i < globals.length; i++) {
      ConstExpr init = module.globalInits.get(i - gi);
      globals[i] = new GlobalCell(value(init, globals, functions, refs), high(init, globals));
      globals[i].linkType = LinkType.of(module, module.globalCodes.get(i));
    }
    // Typed function references: a table's initialiser fills it, after the globals it may read.
    for (int i = ti; i < tables.length; i++) {
      ConstExpr init = module.tableInits.get(i - ti);
      if (init != null) {
        Object value = refs.object(value(init, globals, functions, refs));
        for (int e = 0; e < tables[i].size(); e++) {
          tables[i].set(e, value);
        }
      }
    }
    Object[][] elements = new Object[module.elements.size()][];
    for (int s = 0; s < elements.length; s++) {
      List<ConstExpr> items = module.elements.get(s).items();
      Object[] resolved = new Object[items.size()];
      for (int i = 0; i < resolved.length; i++) {
        resolved[i] = refs.object(value(items.get(i), globals, functions, refs));
      }
      elements[s] = resolved;
    }
    byte[][] datas = new byte[module.datas.size()][];
    for (int s = 0; s < datas.length; s++) {
      DataSegment segment = module.datas.get(s);
      datas[s] =
          Arrays.copyOfRange(module.bytes, segment.start(), segment.start() + segment.length());
    }
    InstanceContext context =
        new InstanceContext(
            module.types.toArray(FuncType[]::new),
            functions,
            globals,
            memories,
            tables,
            elements,
            datas,
            refs);
    for (int i = tgi; i < tags.length; i++) {
      tags[i] = new TagInstance(module.tags.get(i));
    }
    context.setTags(tags);
    boolean gc = !module.typeIds.isEmpty();
    if (gc) {
      context.setTypeIds(module.typeIds.toArray(TypeId[]::new));
    }
    for (int i = module.importedFuncs; i < module.funcCount; i++) {
      functions[i].bind(context, gc ? module.typeIds.get(module.funcTypeIndices[i]) : null);
    }
    for (int s = 0; s < elements.length; s++) {
      ElementSegment segment = module.elements.get(s);
      if (segment.mode() == ElementSegment.Mode.ACTIVE) {
        long offset = value(segment.tableOffset(), globals, functions, refs) & 0xffff_ffffL;
        TableInstance table = tables[segment.table()];
        Object[] items = elements[s];
        if (offset + items.length > table.size()) {
          throw new Trap(TrapCode.TABLE_OUT_OF_BOUNDS, "in element segment " + s);
        }
        for (int i = 0; i < items.length; i++) {
          table.set((int) offset + i, items[i]);
        }
      }
      if (segment.mode() != ElementSegment.Mode.PASSIVE) {
        context.dropElements(s);
      }
    }
    for (int s = 0; s < datas.length; s++) {
      DataSegment segment = module.datas.get(s);
      if (segment.active()) {
        LinearMemory target = memories[segment.memory()];
        long offset = value(segment.memoryOffset(), globals, functions, refs);
        if (!target.index64()) {
          offset &= 0xffff_ffffL;
        }
        byte[] memory = target.bytes();
        // A 64-bit offset is unsigned: at 2^63 or above it is out of bounds, as is any beyond 2^31.
        if (offset < 0 || offset > memory.length - datas[s].length) {
          throw new Trap(TrapCode.MEMORY_OUT_OF_BOUNDS, "in data segment " + s);
        }
        System.arraycopy(datas[s], 0, memory, (int) offset, datas[s].length);
        context.dropData(s);
      }
    }
    Map<String, Object> exports = new LinkedHashMap<>();
    for (ModuleInfo.Export e : module.exports) {
      Object entity =
          switch (e.kind()) {
            case ModuleInfo.Export.FUNC -> functions[e.index()];
            case ModuleInfo.Export.TABLE -> tables[e.index()];
            case ModuleInfo.Export.MEMORY -> memories[e.index()];
            case ModuleInfo.Export.TAG -> tags[e.index()];
            default -> globals[e.index()];
          };
      exports.put(e.name(), entity);
    }
    if (module.hasStart && start != null) {
      start.invoke(functions[module.start]);
    }
    return new Instantiation(context, Collections.unmodifiableMap(exports));
  }

  /** A memory or table larger than the store allows. */
  public static final class ResourceLimitError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ResourceLimitError(String message) {
      super(message, null, false, false);
    }
  }

  private static LinearMemory memory(MemoryType type, Limits limits) {
    long min = type.limits().min();
    long declaredMax = type.limits().hasMax() ? type.limits().max() : -1;
    int cap = Math.min(limits.maxMemoryPages(), LinearMemory.MAX_PAGES);
    if (min > cap) {
      throw new ResourceLimitError(
          "a memory of " + min + " pages exceeds the limit of " + cap + " pages");
    }
    long max = declaredMax < 0 ? cap : Math.min(declaredMax, cap);
    return new LinearMemory((int) min, (int) max, declaredMax, type.index64(), type.shared());
  }

  private static TableInstance table(TableType type, Limits limits) {
    long min = type.limits().min();
    long declaredMax = type.limits().hasMax() ? type.limits().max() : -1;
    int cap = limits.maxTableElements();
    if (min > cap) {
      throw new ResourceLimitError(
          "a table of " + min + " elements exceeds the limit of " + cap + " elements");
    }
    long max = declaredMax < 0 ? cap : Math.min(declaredMax, cap);
    TableInstance table =
        new TableInstance(type.element().code(), (int) min, declaredMax, (int) max);
    table.setRef(type.ref());
    return table;
  }

  /** Bytes 8-15 of a v128 constant expression's value; 0 for other types. */
  private static long high(ConstExpr expr, GlobalCell[] globals) {
    return expr.kind() == ConstExpr.Kind.GLOBAL_GET ? globals[expr.index()].high() : expr.high();
  }

  /**
   * A constant expression's value as raw bits (of a v128, bytes 0-7); references become ids in
   * {@code refs}.
   */
  private static long value(
      ConstExpr expr, GlobalCell[] globals, CompiledFunction[] functions, Refs refs) {
    return switch (expr.kind()) {
      case CONST -> expr.bits();
      case REF_NULL -> 0;
      case REF_FUNC -> refs.idOf(functions[expr.index()]);
      case GLOBAL_GET -> globals[expr.index()].get();
      case ARITH ->
          ConstExpr.apply(
              expr.index(),
              value(expr.operands().get(0), globals, functions, refs),
              value(expr.operands().get(1), globals, functions, refs));
      // ref.i31 tags its operand; the conversions keep the reference as it is.
      case GC -> {
        long operand = value(expr.operands().get(0), globals, functions, refs);
        yield expr.index() == 0x1c ? Refs.i31((int) operand) : operand;
      }
    };
  }
}
