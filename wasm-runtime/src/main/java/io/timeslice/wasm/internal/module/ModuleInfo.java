package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.ExportType;
import io.timeslice.wasm.ExternType;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.GlobalType;
import io.timeslice.wasm.ImportType;
import io.timeslice.wasm.MemoryType;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.TagType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A decoded module, as the parser fills it in. Index spaces list imports first. Function bodies
 * stay in the module's bytes as (offset, length) pairs, to be validated and translated when needed.
 */
public final class ModuleInfo {
  /** The module's bytes; never modified. */
  public final byte[] bytes;

  /** The type section. */
  public final List<FuncType> types = new ArrayList<>();

  /**
   * The lowest index of each function type in {@link #types}, to find a host's types (structurally
   * equal, typed references included) among the module's.
   */
  public final Map<FuncType, Integer> typeIndex = new HashMap<>();

  /**
   * Every type as the validator sees it, with its canonical index ({@link DefType}). {@link #types}
   * holds the public form: a struct or array type there is an empty function type, never used as
   * one ({@link #isFunc}).
   */
  public final List<DefType> defs = new ArrayList<>();

  /** Every type's identity across modules, with GC (empty without). */
  public final List<TypeId> typeIds = new ArrayList<>();

  /** The type code ({@link TypeCodes}) of every global, imported first. */
  public final List<Integer> globalCodes = new ArrayList<>();

  /** The type code of every table's elements, imported first. */
  public final List<Integer> tableCodes = new ArrayList<>();

  /** The type code of every element segment. */
  public final List<Integer> elementCodes = new ArrayList<>();

  /** All imports, in order. */
  public final List<ImportType> imports = new ArrayList<>();

  /** The type index of every function, imported first. */
  public int[] funcTypeIndices = new int[0];

  /** How many functions (and tables, memories, globals) are imported. */
  public int importedFuncs;

  /** How many tables are imported. */
  public int importedTables;

  /** How many memories are imported. */
  public int importedMemories;

  /** How many globals are imported. */
  public int importedGlobals;

  /** Imported exception tags, the first of {@link #tags}. */
  public int importedTags;

  /** The number of functions, imported and defined. */
  public int funcCount;

  /** Every table's type, imported first. */
  public final List<TableType> tables = new ArrayList<>();

  /** Every memory's type, imported first. */
  public final List<MemoryType> memories = new ArrayList<>();

  /** Every global's type, imported first. */
  public final List<GlobalType> globals = new ArrayList<>();

  /** Exception tags (exception handling), imports first: each a type of parameters only. */
  public final List<FuncType> tags = new ArrayList<>();

  /** The type index of every tag, imports first (-1 for an unknown one: the module is invalid). */
  public final List<Integer> tagTypeIndices = new ArrayList<>();

  /**
   * How many globals (the first ones) a constant expression being validated may read: the imported
   * ones, with GC the defined ones before a global's initialiser.
   */
  public int constGlobals;

  /** The initializer of every defined global (index minus {@link #importedGlobals}). */
  public final List<ConstExpr> globalInits = new ArrayList<>();

  /**
   * Each defined table's initialiser (typed function references: {@code 0x40 0x00 tabletype expr}),
   * or null for a table of null references.
   */
  public final List<@Nullable ConstExpr> tableInits = new ArrayList<>();

  /** Exports in order, with the index they export. */
  public final List<Export> exports = new ArrayList<>();

  /** Whether there is a start function. */
  public boolean hasStart;

  /** The start function's index, when {@link #hasStart}. */
  public int start;

  /** Element segments. */
  public final List<ElementSegment> elements = new ArrayList<>();

  /** The data count section's value, or -1 when it is absent. */
  public int dataCount = -1;

  /** Whether the module has a data section (which makes the data count section required). */
  public boolean hasDataSection;

  /** Data segments. */
  public final List<DataSegment> datas = new ArrayList<>();

  /** Where each defined function's body (locals included) starts in {@link #bytes}. */
  public int[] codeOffsets = new int[0];

  /** Each defined function's body length. */
  public int[] codeLengths = new int[0];

  /** Custom sections by name, in order (a name may repeat). */
  public final List<Map.Entry<String, byte[]>> customSections = new ArrayList<>();

  /** Function names from the {@code name} section. */
  public final Map<Integer, String> functionNames = new HashMap<>();

  /** Functions that {@code ref.func} may name: those in exports, element segments and globals. */
  public final BitSet declaredFunctionRefs = new BitSet();

  /** A module being decoded from {@code bytes}. */
  public ModuleInfo(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The lowest index of a function type equal to {@code type}, which is one of this module's. */
  public int indexOf(FuncType type) {
    return typeIndex.get(type);
  }

  /** The canonical index of type {@code index}: that of the first type equal to it. */
  public int canonical(int index) {
    return defs.get(index).canonical();
  }

  /** Whether type {@code index} is a function type (not a struct or array type). */
  public boolean isFunc(int index) {
    return defs.get(index).isFunc();
  }

  /** The type code ({@link TypeCodes}) of global {@code index}. */
  public int globalCode(int index) {
    return globalCodes.get(index);
  }

  /** The type code of table {@code index}'s elements. */
  public int tableCode(int index) {
    return tableCodes.get(index);
  }

  /** The type code of element segment {@code index}. */
  public int elementCode(int index) {
    return elementCodes.get(index);
  }

  /** The type code of function {@code funcIndex}'s reference, {@code (ref $t)}. */
  public int funcRefCode(int funcIndex) {
    return TypeCodes.NON_NULL | TypeCodes.CONCRETE | canonical(funcTypeIndices[funcIndex]);
  }

  /** The signature of function {@code index}. */
  public FuncType funcType(int index) {
    return types.get(funcTypeIndices[index]);
  }

  /**
   * A function's name for traps and listings: from the name section, else its first export name,
   * else {@code func<index>}.
   */
  public String displayName(int funcIndex) {
    String name = functionNames.get(funcIndex);
    if (name != null) {
      return name;
    }
    for (Export e : exports) {
      if (e.kind() == Export.FUNC && e.index() == funcIndex) {
        return e.name();
      }
    }
    return "func" + funcIndex;
  }

  /** Exports as the public API describes them. */
  public List<ExportType> exportTypes() {
    List<ExportType> out = new ArrayList<>(exports.size());
    for (Export e : exports) {
      out.add(new ExportType(e.name(), externType(e.kind(), e.index())));
    }
    return out;
  }

  private ExternType externType(int kind, int index) {
    return switch (kind) {
      case Export.FUNC -> funcType(index);
      case Export.TABLE -> tables.get(index);
      case Export.MEMORY -> memories.get(index);
      case Export.TAG -> new TagType(tags.get(index));
      default -> globals.get(index);
    };
  }

  /**
   * One export.
   *
   * @param name its name
   * @param kind {@link #FUNC}, {@link #TABLE}, {@link #MEMORY}, {@link #GLOBAL} or {@link #TAG}
   * @param index the index in that kind's index space
   */
  public record Export(String name, int kind, int index) {
    /** Export kind of a function. */
    public static final int FUNC = 0;

    /** Export kind of a table. */
    public static final int TABLE = 1;

    /** Export kind of a memory. */
    public static final int MEMORY = 2;

    /** Export kind of a global. */
    public static final int GLOBAL = 3;

    /** Export kind of an exception tag (exception handling). */
    public static final int TAG = 4;
  }
}
