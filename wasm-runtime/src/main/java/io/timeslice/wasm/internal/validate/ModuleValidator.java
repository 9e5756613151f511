package io.timeslice.wasm.internal.validate;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.GlobalType;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.internal.module.ConstExpr;
import io.timeslice.wasm.internal.module.DataSegment;
import io.timeslice.wasm.internal.module.ElementSegment;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.TypeCodes;
import java.util.HashSet;
import java.util.Set;

/**
 * Validates everything of a decoded module except function bodies: index spaces, limits, constant
 * expressions, exports, the start function and segments. It also collects the functions that {@code
 * ref.func} may name in bodies, so it runs before {@link FuncValidator}.
 */
public final class ModuleValidator {
  private ModuleValidator() {}

  /**
   * Validates {@code module}.
   *
   * @throws InvalidModuleException at the first problem
   */
  public static void validate(Config config, ModuleInfo module) {
    if (module.memories.size() > 1 && !config.multiMemory()) {
      throw new InvalidModuleException("multiple memories", 0);
    }
    if (module.tables.size() > 1 && !config.referenceTypes()) {
      throw new InvalidModuleException("multiple tables", 0);
    }
    // WebAssembly 2.0 constant expressions read imported globals; with GC also defined ones, a
    // global's initialiser those before it.
    for (int i = 0; i < module.globalInits.size(); i++) {
      int global = module.importedGlobals + i;
      module.constGlobals = config.gc() ? global : module.importedGlobals;
      constExpr(module, module.globalInits.get(i), module.globalCode(global));
    }
    module.constGlobals = config.gc() ? module.globals.size() : module.importedGlobals;
    for (int i = 0; i < module.tableInits.size(); i++) {
      int table = module.importedTables + i;
      ConstExpr init = module.tableInits.get(i);
      if (init != null) {
        constExpr(module, init, module.tableCode(table));
      }
    }
    exports(config, module);
    if (module.hasStart) {
      int start = module.start;
      if (Integer.compareUnsigned(start, module.funcCount) >= 0) {
        throw new InvalidModuleException("unknown function " + Integer.toUnsignedString(start), 0);
      }
      FuncType type = module.funcType(start);
      if (type.paramCount() != 0 || type.resultCount() != 0) {
        throw new InvalidModuleException("start function must have type [] -> []", 0);
      }
    }
    for (int i = 0; i < module.elements.size(); i++) {
      element(module, module.elements.get(i), module.elementCode(i));
    }
    for (DataSegment segment : module.datas) {
      if (segment.active()) {
        if (Integer.compareUnsigned(segment.memory(), module.memories.size()) >= 0) {
          throw new InvalidModuleException(
              "unknown memory " + Integer.toUnsignedString(segment.memory()),
              segment.memoryOffset().offset());
        }
        boolean index64 = module.memories.get(segment.memory()).index64();
        constExpr(module, segment.memoryOffset(), index64 ? I64 : I32);
      }
    }
  }

  private static void exports(Config config, ModuleInfo module) {
    Set<String> names = new HashSet<>();
    for (ModuleInfo.Export e : module.exports) {
      if (!names.add(e.name())) {
        throw new InvalidModuleException("duplicate export name \"" + e.name() + "\"", 0);
      }
      int index = e.index();
      String what;
      int size;
      switch (e.kind()) {
        case ModuleInfo.Export.FUNC -> {
          what = "function";
          size = module.funcCount;
        }
        case ModuleInfo.Export.TABLE -> {
          what = "table";
          size = module.tables.size();
        }
        case ModuleInfo.Export.MEMORY -> {
          what = "memory";
          size = module.memories.size();
        }
        case ModuleInfo.Export.TAG -> {
          what = "tag";
          size = module.tags.size();
        }
        default -> {
          what = "global";
          size = module.globals.size();
        }
      }
      if (Integer.compareUnsigned(index, size) >= 0) {
        throw new InvalidModuleException(
            "unknown " + what + " " + Integer.toUnsignedString(index), 0);
      }
      if (e.kind() == ModuleInfo.Export.FUNC) {
        module.declaredFunctionRefs.set(index);
      }
      if (e.kind() == ModuleInfo.Export.GLOBAL
          && module.globals.get(index).mutable()
          && !config.mutableGlobals()) {
        throw new InvalidModuleException("mutable global export is not enabled", 0);
      }
    }
  }

  private static void element(ModuleInfo module, ElementSegment segment, int type) {
    if (segment.mode() == ElementSegment.Mode.ACTIVE) {
      if (Integer.compareUnsigned(segment.table(), module.tables.size()) >= 0) {
        throw new InvalidModuleException(
            "unknown table " + Integer.toUnsignedString(segment.table()), segment.offset());
      }
      if (!TypeCodes.matches(module, type, module.tableCode(segment.table()))) {
        throw new InvalidModuleException("type mismatch: element segment type", segment.offset());
      }
      constExpr(module, segment.tableOffset(), I32);
    }
    for (ConstExpr item : segment.items()) {
      constExpr(module, item, type);
    }
  }

  /** Checks that {@code expr} is a valid constant of type {@code expected}. */
  private static final int I32 = 0x7f;

  private static final int I64 = 0x7e;

  /** Checks that {@code expr} is a constant of a type matching {@code expected} (a type code). */
  static void constExpr(ModuleInfo module, ConstExpr expr, int expected) {
    int actual = type(module, expr);
    if (!TypeCodes.matches(module, actual, expected)) {
      throw new InvalidModuleException(
          "type mismatch: expected "
              + TypeCodes.name(expected)
              + ", found "
              + TypeCodes.name(actual),
          expr.offset());
    }
  }

  /** The type of valid constant expression {@code expr}. */
  private static int type(ModuleInfo module, ConstExpr expr) {
    return switch (expr.kind()) {
      case CONST -> expr.type().code();
      case REF_NULL -> {
        int heap = expr.index();
        if ((heap & TypeCodes.CONCRETE) != 0) {
          int index = TypeCodes.index(heap);
          if (index >= module.types.size()) {
            throw new InvalidModuleException("unknown type " + index, expr.offset());
          }
          heap = TypeCodes.CONCRETE | module.canonical(index);
        }
        yield heap;
      }
      case REF_FUNC -> {
        if (Integer.compareUnsigned(expr.index(), module.funcCount) >= 0) {
          throw new InvalidModuleException(
              "unknown function " + Integer.toUnsignedString(expr.index()), expr.offset());
        }
        module.declaredFunctionRefs.set(expr.index());
        yield module.funcRefCode(expr.index());
      }
      case GLOBAL_GET -> {
        if (Integer.compareUnsigned(expr.index(), module.constGlobals) >= 0) {
          throw new InvalidModuleException(
              "unknown global " + Integer.toUnsignedString(expr.index()), expr.offset());
        }
        GlobalType global = module.globals.get(expr.index());
        if (global.mutable()) {
          throw new InvalidModuleException("constant expression required", expr.offset());
        }
        yield module.globalCode(expr.index());
      }
      case ARITH -> {
        for (ConstExpr operand : expr.operands()) {
          constExpr(module, operand, expr.type().code());
        }
        yield expr.type().code();
      }
      case GC -> gcType(module, expr);
    };
  }

  /** {@code ref.i31} is a {@code (ref i31)}; a conversion keeps its operand's nullability. */
  private static int gcType(ModuleInfo module, ConstExpr expr) {
    ConstExpr operand = expr.operands().get(0);
    if (expr.index() == 0x1c) {
      constExpr(module, operand, I32);
      return TypeCodes.ref(false, TypeCodes.I31);
    }
    int from = expr.index() == 0x1a ? TypeCodes.EXTERN : TypeCodes.ANY;
    int to = expr.index() == 0x1a ? TypeCodes.ANY : TypeCodes.EXTERN;
    int t = type(module, operand);
    constExpr(module, operand, from);
    return TypeCodes.nullable(t) ? to : TypeCodes.ref(false, to);
  }
}
