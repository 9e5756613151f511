package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.ValType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a valid module that terminates or traps from any {@link Entropy}: the shapes binaryen's
 * {@code -ttf} rarely makes (docs/fuzzing.md). Deep block nesting, {@code br_table}s with thousands
 * of targets, functions with many parameters, locals and results, multi-value blocks with
 * parameters, constants from {@link EdgeValues}, memory and table accesses at and past their ends,
 * bulk operations, and the instruction pairs the translator fuses into superinstructions (address
 * fusion, add-and-branch, copies, select of a comparison, add and load pairs, multiply-add, shift
 * fusion, and-not, return in place).
 *
 * <p>Every NaN an arithmetic operation returns is replaced by the canonical NaN, so that results
 * are deterministic and every engine must agree bit for bit (see {@code canonicalizeNan}).
 *
 * <p>It imports the same {@code fuzzing-support} log functions as binaryen's modules, so that one
 * harness runs both. Termination: every function entry and loop header pays one unit of the global
 * {@code hangLimit} and traps ("unreachable") when none is left; the export {@code
 * hangLimitInitializer} refills it, and the harness calls it before every export, as binaryen's own
 * shell does.
 */
final class ModuleGenerator {
  static final String LOG_MODULE = "fuzzing-support";
  static final String[] LOG_NAMES = {"log-i32", "log-i64", "log-f32", "log-f64"};
  static final ValType[] NUMERIC = {ValType.I32, ValType.I64, ValType.F32, ValType.F64};
  private static final int HANG_LIMIT = 300;
  private static final int IMPORTS = LOG_NAMES.length;
  static final int PAGE = 65_536;

  /** A function or block type. */
  record Sig(List<ValType> params, List<ValType> results) {}

  private final Entropy in;
  private final List<Sig> types = new ArrayList<>();
  private final Map<Sig, Integer> typeIndex = new HashMap<>();
  final List<Integer> funcTypes = new ArrayList<>(); // type index of every function, imports first
  final int memoryPages;
  final int memoryMax;
  final int tableSize;
  final int tableMax;
  final int activeElems; // table slots 0..activeElems-1 start with functions
  final List<ValType> globals = new ArrayList<>(); // global 0 is the hang limit
  final byte[] activeData;
  final int activeDataOffset;
  final byte[] passiveData;
  private int definedFunctions;

  /** A generator reading its choices from {@code in}. */
  ModuleGenerator(Entropy in) {
    this.in = in;
    for (ValType t : NUMERIC) {
      funcTypes.add(type(new Sig(List.of(t), List.of())));
    }
    memoryPages = in.chance(5) ? 0 : in.between(1, 2);
    memoryMax = memoryPages + in.below(3);
    tableSize = in.between(1, 12);
    tableMax = tableSize + in.below(8);
    globals.add(ValType.I32);
    for (ValType t : NUMERIC) {
      globals.add(t);
    }
    // No memory can only hold an empty active segment: anything else traps at instantiation.
    activeData = data(memoryPages == 0 ? 0 : in.between(0, 64));
    activeDataOffset = memoryPages == 0 ? 0 : in.below(memoryPages * PAGE - activeData.length);
    passiveData = data(in.between(0, 300));
    activeElems = in.between(0, tableSize);
  }

  private byte[] data(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) in.nextByte();
    }
    return b;
  }

  int type(Sig sig) {
    return typeIndex.computeIfAbsent(
        sig,
        s -> {
          types.add(s);
          return types.size() - 1;
        });
  }

  Sig sig(int typeIndex) {
    return types.get(typeIndex);
  }

  /** The signature of function {@code index} (imports included). */
  Sig funcSig(int index) {
    return types.get(funcTypes.get(index));
  }

  int functionCount() {
    return funcTypes.size();
  }

  private ValType numeric() {
    return in.pick(NUMERIC);
  }

  private List<ValType> valueTypes(int max) {
    int n = in.below(max + 1);
    List<ValType> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(numeric());
    }
    return list;
  }

  /** A function signature: usually small, sometimes with very many parameters or results. */
  private Sig functionSig() {
    int shape = in.below(20);
    if (shape == 0) {
      return new Sig(valueTypes(in.between(20, 130)), valueTypes(3));
    }
    if (shape == 1) {
      return new Sig(valueTypes(3), valueTypes(in.between(4, 40)));
    }
    return new Sig(valueTypes(4), valueTypes(in.chance(60) ? 1 : 3));
  }

  byte[] generate() {
    definedFunctions = in.between(1, 8);
    for (int i = 0; i < definedFunctions; i++) {
      funcTypes.add(type(functionSig()));
    }
    int initializer = funcTypes.size();
    funcTypes.add(type(new Sig(List.of(), List.of())));
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < definedFunctions; i++) {
      bodies.add(new BodyGenerator(this, in, IMPORTS + i).generate());
    }
    WasmWriter init = new WasmWriter();
    init.u32(0).u8(0x41).s32(HANG_LIMIT).u8(0x24).u32(0).u8(0x0b);
    bodies.add(init.toByteArray());
    return assemble(bodies, initializer);
  }

  private byte[] assemble(List<byte[]> bodies, int initializer) {
    WasmWriter m = new WasmWriter();
    m.u8(0).u8('a').u8('s').u8('m').u8(1).u8(0).u8(0).u8(0);
    WasmWriter s = new WasmWriter().u32(types.size());
    for (Sig t : types) {
      s.u8(0x60).u32(t.params().size());
      t.params().forEach(v -> s.u8(v.code()));
      s.u32(t.results().size());
      t.results().forEach(v -> s.u8(v.code()));
    }
    m.section(1, s);
    WasmWriter imports = new WasmWriter().u32(IMPORTS);
    for (int i = 0; i < IMPORTS; i++) {
      imports.name(LOG_MODULE).name(LOG_NAMES[i]).u8(0).u32(funcTypes.get(i));
    }
    m.section(2, imports);
    WasmWriter funcs = new WasmWriter().u32(funcTypes.size() - IMPORTS);
    for (int i = IMPORTS; i < funcTypes.size(); i++) {
      funcs.u32(funcTypes.get(i));
    }
    m.section(3, funcs);
    m.section(4, new WasmWriter().u32(1).u8(0x70).u8(1).u32(tableSize).u32(tableMax));
    m.section(5, new WasmWriter().u32(1).u8(1).u32(memoryPages).u32(memoryMax));
    WasmWriter g = new WasmWriter().u32(globals.size());
    for (int i = 0; i < globals.size(); i++) {
      ValType t = globals.get(i);
      g.u8(t.code()).u8(1);
      BodyGenerator.constant(g, t, i == 0 ? HANG_LIMIT : BodyGenerator.value(in, t));
      g.u8(0x0b);
    }
    m.section(6, g);
    WasmWriter exports = new WasmWriter().u32(definedFunctions + 3);
    for (int i = 0; i < definedFunctions; i++) {
      exports.name("f" + i).u8(0).u32(IMPORTS + i);
    }
    exports.name("memory").u8(2).u32(0);
    exports.name("table").u8(1).u32(0);
    exports.name("hangLimitInitializer").u8(0).u32(initializer);
    m.section(7, exports);
    // Element segments: 0 active at 0 (the table's first functions), 1 passive (every function, so
    // that ref.func may name any), 2 declarative.
    WasmWriter e = new WasmWriter().u32(3);
    e.u8(0).u8(0x41).s32(0).u8(0x0b).u32(activeElems);
    for (int i = 0; i < activeElems; i++) {
      e.u32(elemFunction(i));
    }
    int all = funcTypes.size();
    e.u8(1).u8(0).u32(all);
    for (int i = 0; i < all; i++) {
      e.u32(i);
    }
    e.u8(3).u8(0).u32(all);
    for (int i = 0; i < all; i++) {
      e.u32(i);
    }
    m.section(9, e);
    m.section(12, new WasmWriter().u32(2));
    WasmWriter code = new WasmWriter().u32(bodies.size());
    for (byte[] body : bodies) {
      code.u32(body.length).bytes(body);
    }
    m.section(10, code);
    WasmWriter d = new WasmWriter().u32(2);
    d.u8(0).u8(0x41).s32(activeDataOffset).u8(0x0b).u32(activeData.length).bytes(activeData);
    d.u8(1).u32(passiveData.length).bytes(passiveData);
    m.section(11, d);
    return m.toByteArray();
  }

  /** The function at table slot {@code slot} initially (a deterministic choice of the slot). */
  int elemFunction(int slot) {
    return (slot * 7 + 3) % functionCount();
  }
}
