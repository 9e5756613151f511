package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.GlobalType;
import io.timeslice.wasm.ImportType;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.Limits;
import io.timeslice.wasm.MalformedModuleException;
import io.timeslice.wasm.MemoryType;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.TagType;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.internal.binary.BodySkimmer;
import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.TypeSection.Typed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes a module's sections into a {@link ModuleInfo}. Decoding errors are thrown at once as
 * {@link MalformedModuleException}s. An engine limit exceeded, or a module-level validity problem
 * met while decoding, is remembered and thrown only once the whole module has decoded, because a
 * malformed module must be reported as malformed whatever else is wrong with it. Function bodies
 * are only framed here; {@code FuncValidator} decodes them.
 */
public final class ModuleParser {
  private static final int MAGIC = 0x6d736100; // "\0asm", little-endian
  private static final int VERSION = 1;
  private static final int SECTION_DATA_COUNT = 12;

  /** The tag section of exception handling, between the memory and global sections. */
  private static final int SECTION_TAG = 13;

  private final Config config;
  private final WasmReader in;
  private final ModuleInfo module;
  private InvalidModuleException deferred;
  private final TypeSection types;

  private ModuleParser(Config config, byte[] bytes) {
    this.config = config;
    this.in = new WasmReader(bytes, 0, bytes.length);
    this.module = new ModuleInfo(bytes);
    this.types = new TypeSection(config, in, module, this::invalid);
  }

  /**
   * Decodes {@code bytes}.
   *
   * @throws MalformedModuleException when the bytes are not a binary module
   * @throws InvalidModuleException when an engine limit is exceeded
   */
  public static ModuleInfo parse(Config config, byte[] bytes) {
    if (bytes.length > config.maxModuleBytes()) {
      throw new InvalidModuleException(
          "module too large: " + bytes.length + " bytes, the limit is " + config.maxModuleBytes(),
          0);
    }
    ModuleParser parser = new ModuleParser(config, bytes);
    parser.parseModule();
    if (parser.deferred != null) {
      throw parser.deferred;
    }
    return parser.module;
  }

  private void invalid(String reason, int offset) {
    if (deferred == null) {
      deferred = new InvalidModuleException(reason, offset);
    }
  }

  private void parseModule() {
    if (in.remaining() < 4) {
      throw in.malformed("unexpected end");
    }
    if (in.fixed32() != MAGIC) {
      throw WasmReader.malformedAt("magic header not detected", 0);
    }
    if (in.remaining() < 4) {
      throw in.malformed("unexpected end");
    }
    if (in.fixed32() != VERSION) {
      throw WasmReader.malformedAt("unknown binary version", 4);
    }
    int lastOrder = 0;
    boolean sawFunctions = false;
    boolean sawCode = false;
    while (in.hasMore()) {
      int idOffset = in.pos();
      int id = in.u8();
      if (id > SECTION_DATA_COUNT && !(id == SECTION_TAG && config.exceptionHandling())) {
        throw WasmReader.malformedAt("malformed section id", idOffset);
      }
      int size = in.u32();
      if (Integer.compareUnsigned(size, in.remaining()) > 0) {
        throw in.malformed("unexpected end: section size " + Integer.toUnsignedString(size));
      }
      int end = in.pos() + size;
      if (id != 0) {
        int order = order(id);
        if (order <= lastOrder) {
          throw WasmReader.malformedAt("unexpected content after last section", idOffset);
        }
        lastOrder = order;
      }
      int outerLimit = in.limit();
      in.limit(end);
      switch (id) {
        case 0 -> customSection(end);
        case 1 -> typeSection();
        case 2 -> importSection();
        case 3 -> {
          functionSection();
          sawFunctions = true;
        }
        case 4 -> tableSection();
        case 5 -> memorySection();
        case 6 -> globalSection();
        case 7 -> exportSection();
        case 8 -> {
          module.start = in.u32();
          module.hasStart = true;
        }
        case 9 -> elementSection();
        case 10 -> {
          codeSection();
          sawCode = true;
        }
        case 11 -> {
          dataSection();
          module.hasDataSection = true;
        }
        case SECTION_TAG -> tagSection();
        default -> module.dataCount = in.u32();
      }
      if (in.pos() != end) {
        throw in.malformed("section size mismatch");
      }
      in.limit(outerLimit);
    }
    int defined = module.funcCount - module.importedFuncs;
    if ((sawFunctions || sawCode) && module.codeOffsets.length != defined) {
      throw in.malformed("function and code section have inconsistent lengths");
    }
    if (module.dataCount >= 0 && module.dataCount != module.datas.size()) {
      throw in.malformed("data count and data section have inconsistent lengths");
    }
  }

  /**
   * Section order: the data count section (12) comes between element (9) and code (10), the tag
   * section (13) between memory (5) and global (6).
   */
  private static int order(int id) {
    return switch (id) {
      case SECTION_DATA_COUNT -> 95;
      case SECTION_TAG -> 55;
      default -> id * 10;
    };
  }

  private void tagSection() {
    int n = count(Integer.MAX_VALUE, "tags");
    for (int i = 0; i < n; i++) {
      module.tags.add(tagType());
    }
  }

  /** A tag type: attribute 0 (an exception) and a type index of a type without results. */
  private FuncType tagType() {
    int at = in.pos();
    if (in.u8() != 0) {
      throw WasmReader.malformedAt("malformed tag attribute", at);
    }
    int typeAt = in.pos();
    int typeIndex = in.u32();
    if (Integer.compareUnsigned(typeIndex, module.types.size()) >= 0) {
      invalid("unknown type " + Integer.toUnsignedString(typeIndex), typeAt);
      module.tagTypeIndices.add(-1);
      return new FuncType(List.of(), List.of());
    }
    module.tagTypeIndices.add(typeIndex);
    FuncType type = module.types.get(typeIndex);
    if (!module.isFunc(typeIndex)) {
      invalid(notFunction(typeIndex), typeAt);
    } else if (type.resultCount() != 0) {
      invalid("non-empty tag result type", typeAt);
    }
    return type;
  }

  /** The error of a struct or array type where a function type must be (GC). */
  static String notFunction(int typeIndex) {
    return "type mismatch: type " + typeIndex + " is not a function type";
  }

  /** A vector's length, checked against the bytes left (every entry takes at least one byte). */
  private int count(int limit, String what) {
    int at = in.pos();
    int n = in.u32();
    if (Integer.compareUnsigned(n, in.remaining()) > 0) {
      throw WasmReader.malformedAt("length out of bounds: " + Integer.toUnsignedString(n), at);
    }
    if (n > limit) {
      invalid("too many " + what + ": " + n + ", the limit is " + limit, at);
    }
    return n;
  }

  /** A constant expression; an invalid one is deferred (see the class comment). */
  private ConstExpr constExpr() {
    int start = in.pos();
    try {
      return ConstExprDecoder.decode(in, config);
    } catch (InvalidModuleException e) {
      if (deferred == null) {
        deferred = e;
      }
      // Decode the expression again, untyped, to its end, so that decoding can go on.
      in.seek(start);
      BodySkimmer.skim(in, 1, config);
      return new ConstExpr(ConstExpr.Kind.CONST, ValType.I32, 0, 0, 0, start);
    }
  }

  private void customSection(int end) {
    String name = in.name();
    int start = in.pos();
    byte[] payload = java.util.Arrays.copyOfRange(in.bytes(), start, end);
    in.seek(end);
    module.customSections.add(Map.entry(name, payload));
    if (name.equals("name")) {
      NameSection.decode(payload, module.functionNames);
    }
  }

  private Typed valType() {
    return types.typed(types.valType());
  }

  private Typed refType() {
    return types.typed(types.refType());
  }

  private void typeSection() {
    types.decode(count(config.maxTypes(), "types"));
  }

  private Limits limits(long maxAllowed) {
    int at = in.pos();
    int flags = in.u1();
    long min = in.u32() & 0xffff_ffffL;
    long max = flags == 1 ? in.u32() & 0xffff_ffffL : Limits.NO_MAX;
    if (min > maxAllowed || max > maxAllowed) {
      invalid("memory size must be at most 65536 pages (4GiB)", at);
    }
    if (max != Limits.NO_MAX && min > max) {
      invalid("size minimum must not be greater than maximum", at);
    }
    return new Limits(min, max);
  }

  /** A table type; its element type's code goes to {@link ModuleInfo#tableCodes}. */
  private TableType tableType() {
    Typed element = refType();
    module.tableCodes.add(element.code());
    return new TableType(element.type(), limits(0xffff_ffffL), element.ref());
  }

  /**
   * A memory type: limits flags 0 or 1 (a maximum); with threads 2 or 3 (shared), and with memory64
   * 4 or 5 (a 64-bit memory, at most 2^48 pages), 6 and 7 with both; with memory64 the limits of
   * every memory are u64 numbers, as in its reference interpreter. A shared memory without a
   * maximum decodes, and is invalid.
   */
  private MemoryType memoryType() {
    if (!config.memory64() && !config.threads()) {
      return new MemoryType(limits(65_536));
    }
    int at = in.pos();
    int flags = in.u8();
    boolean index64 = (flags & 4) != 0;
    boolean shared = (flags & 2) != 0;
    if (flags > 7 || (index64 && !config.memory64()) || (shared && !config.threads())) {
      // Without memory64 the flags are a u1 (a u2 with threads), as in the core suite's decoder.
      throw WasmReader.malformedAt(
          config.memory64()
              ? "malformed limits flags"
              : (flags & 0x80) != 0 ? "integer representation too long" : "integer too large",
          at);
    }
    long min = config.memory64() ? in.u64() : in.u32() & 0xffff_ffffL;
    long max =
        (flags & 1) == 0 ? Limits.NO_MAX : config.memory64() ? in.u64() : in.u32() & 0xffff_ffffL;
    long maxAllowed = index64 ? 1L << 48 : 65_536;
    if (Long.compareUnsigned(min, maxAllowed) > 0
        || (max != Limits.NO_MAX && Long.compareUnsigned(max, maxAllowed) > 0)) {
      invalid(
          index64
              ? "memory size must be at most 2^48 pages (2^64 bytes)"
              : "memory size must be at most 65536 pages (4GiB)",
          at);
    }
    if (max != Limits.NO_MAX && Long.compareUnsigned(min, max) > 0) {
      invalid("size minimum must not be greater than maximum", at);
    }
    if (shared && max == Limits.NO_MAX) {
      invalid("shared memory must have maximum", at);
    }
    return new MemoryType(new Limits(min, max), index64, shared);
  }

  /** A global type; its code goes to {@link ModuleInfo#globalCodes}. */
  private GlobalType globalType() {
    Typed type = valType();
    module.globalCodes.add(type.code());
    int at = in.pos();
    int mut = in.u8();
    if (mut > 1) {
      throw WasmReader.malformedAt("malformed mutability", at);
    }
    return new GlobalType(type.type(), mut == 1, type.ref());
  }

  private void importSection() {
    int n = count(config.maxImports(), "imports");
    List<Integer> funcTypes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String moduleName = in.name();
      String name = in.name();
      int at = in.pos();
      int kind = in.u8();
      switch (kind) {
        case 0 -> {
          int typeIndex = in.u32();
          funcTypes.add(typeIndex);
          if (Integer.compareUnsigned(typeIndex, module.types.size()) >= 0) {
            invalid("unknown type " + Integer.toUnsignedString(typeIndex), at + 1);
            module.imports.add(
                new ImportType(moduleName, name, new FuncType(List.of(), List.of())));
          } else {
            if (!module.isFunc(typeIndex)) {
              invalid(notFunction(typeIndex), at + 1);
            }
            module.imports.add(new ImportType(moduleName, name, module.types.get(typeIndex)));
          }
        }
        case 1 -> {
          TableType t = tableType();
          module.tables.add(t);
          module.importedTables++;
          module.imports.add(new ImportType(moduleName, name, t));
        }
        case 2 -> {
          MemoryType t = memoryType();
          module.memories.add(t);
          module.importedMemories++;
          module.imports.add(new ImportType(moduleName, name, t));
        }
        case 3 -> {
          GlobalType t = globalType();
          if (t.mutable() && !config.mutableGlobals()) {
            invalid("mutable global import is not enabled", at);
          }
          module.globals.add(t);
          module.importedGlobals++;
          module.imports.add(new ImportType(moduleName, name, t));
        }
        case 4 -> {
          if (!config.exceptionHandling()) {
            throw WasmReader.malformedAt("malformed import kind", at);
          }
          FuncType t = tagType();
          module.tags.add(t);
          module.importedTags++;
          module.imports.add(new ImportType(moduleName, name, new TagType(t)));
        }
        default -> throw WasmReader.malformedAt("malformed import kind", at);
      }
    }
    module.importedFuncs = funcTypes.size();
    module.funcCount = funcTypes.size();
    module.funcTypeIndices = funcTypes.stream().mapToInt(Integer::intValue).toArray();
  }

  private void functionSection() {
    int n = count(config.maxFunctions(), "functions");
    int[] indices = java.util.Arrays.copyOf(module.funcTypeIndices, module.importedFuncs + n);
    for (int i = 0; i < n; i++) {
      int at = in.pos();
      int typeIndex = in.u32();
      if (Integer.compareUnsigned(typeIndex, module.types.size()) >= 0) {
        invalid("unknown type " + Integer.toUnsignedString(typeIndex), at);
        typeIndex = 0;
      } else if (!module.isFunc(typeIndex)) {
        invalid(notFunction(typeIndex), at);
      }
      indices[module.importedFuncs + i] = typeIndex;
    }
    module.funcTypeIndices = indices;
    module.funcCount = indices.length;
    if (module.funcCount > config.maxFunctions()) {
      invalid("too many functions: " + module.funcCount, in.pos());
    }
  }

  private void tableSection() {
    int n = count(config.maxTables(), "tables");
    for (int i = 0; i < n; i++) {
      // Typed function references: 0x40 0x00, then the table type and its initialiser.
      if (config.functionReferences()
          && in.remaining() > 0
          && (in.bytes()[in.pos()] & 0xff) == 0x40) {
        in.u8();
        int at = in.pos();
        if (in.u8() != 0) {
          throw WasmReader.malformedAt("malformed table", at);
        }
        module.tables.add(tableType());
        module.tableInits.add(constExpr());
      } else {
        int at = in.pos();
        TableType t = tableType();
        if (t.ref() != null && !t.ref().nullable()) {
          invalid("type mismatch: a table of non-null references needs an initialiser", at);
        }
        module.tables.add(t);
        module.tableInits.add(null);
      }
    }
  }

  private void memorySection() {
    int n = count(Integer.MAX_VALUE, "memories");
    for (int i = 0; i < n; i++) {
      module.memories.add(memoryType());
    }
  }

  private void globalSection() {
    int n = count(config.maxGlobals(), "globals");
    for (int i = 0; i < n; i++) {
      module.globals.add(globalType());
      module.globalInits.add(constExpr());
    }
  }

  private void exportSection() {
    int n = count(config.maxExports(), "exports");
    for (int i = 0; i < n; i++) {
      String name = in.name();
      int at = in.pos();
      int kind = in.u8();
      if (kind > ModuleInfo.Export.GLOBAL
          && !(kind == ModuleInfo.Export.TAG && config.exceptionHandling())) {
        throw WasmReader.malformedAt("malformed export kind", at);
      }
      module.exports.add(new ModuleInfo.Export(name, kind, in.u32()));
    }
  }

  private void elementSection() {
    int n = count(config.maxElementSegments(), "element segments");
    for (int i = 0; i < n; i++) {
      int at = in.pos();
      int flags = in.u32();
      if (flags > 7) {
        throw WasmReader.malformedAt("malformed elements segment kind", at);
      }
      if (flags != 0 && !config.bulkMemory() && !config.referenceTypes()) {
        invalid("bulk memory support is not enabled", at);
      }
      boolean passiveOrDeclarative = (flags & 1) != 0;
      boolean explicitTable = (flags & 2) != 0;
      boolean usesExpressions = (flags & 4) != 0;
      ElementSegment.Mode mode =
          !passiveOrDeclarative
              ? ElementSegment.Mode.ACTIVE
              : explicitTable ? ElementSegment.Mode.DECLARATIVE : ElementSegment.Mode.PASSIVE;
      int table = 0;
      ConstExpr offset = null;
      if (mode == ElementSegment.Mode.ACTIVE) {
        table = explicitTable ? in.u32() : 0;
        offset = constExpr();
      }
      // Function indices are non-null references with typed function references.
      Typed type =
          types.typed(
              config.functionReferences() && !usesExpressions
                  ? TypeCodes.ref(false, TypeCodes.FUNC)
                  : TypeCodes.FUNC);
      if (passiveOrDeclarative || explicitTable) {
        if (usesExpressions) {
          type = refType();
        } else {
          int kindAt = in.pos();
          if (in.u8() != 0) {
            throw WasmReader.malformedAt("malformed element kind", kindAt);
          }
        }
      }
      int count = count(Integer.MAX_VALUE, "elements");
      List<ConstExpr> items = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        if (usesExpressions) {
          items.add(constExpr());
        } else {
          int fAt = in.pos();
          int func = in.u32();
          items.add(new ConstExpr(ConstExpr.Kind.REF_FUNC, ValType.FUNCREF, 0, 0, func, fAt));
        }
      }
      module.elementCodes.add(type.code());
      module.elements.add(
          new ElementSegment(mode, table, offset, type.type(), type.ref(), items, at));
    }
  }

  private void codeSection() {
    int n = count(config.maxFunctions(), "function bodies");
    int[] offsets = new int[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      int at = in.pos();
      int size = in.u32();
      if (Integer.compareUnsigned(size, in.remaining()) > 0) {
        throw WasmReader.malformedAt("unexpected end of section or function", at);
      }
      if (size > config.maxFunctionBodyBytes()) {
        invalid(
            "function body too large: "
                + size
                + " bytes, the limit is "
                + config.maxFunctionBodyBytes(),
            at);
      }
      offsets[i] = in.pos();
      lengths[i] = size;
      in.skip(size);
    }
    module.codeOffsets = offsets;
    module.codeLengths = lengths;
  }

  private void dataSection() {
    int n = count(config.maxDataSegments(), "data segments");
    for (int i = 0; i < n; i++) {
      int at = in.pos();
      int flags = in.u32();
      boolean active;
      int memory = 0;
      ConstExpr offset = null;
      switch (flags) {
        case 0 -> active = true;
        case 1 -> active = false;
        case 2 -> {
          active = true;
          memory = in.u32();
        }
        default -> throw WasmReader.malformedAt("malformed data segment kind", at);
      }
      if (flags != 0 && !config.bulkMemory()) {
        invalid("bulk memory support is not enabled", at);
      }
      if (active) {
        offset = constExpr();
      }
      int length = in.u32();
      if (Integer.compareUnsigned(length, in.remaining()) > 0) {
        throw in.malformed("unexpected end of section or function");
      }
      int start = in.skip(length);
      module.datas.add(new DataSegment(active, memory, offset, start, length));
    }
  }
}
