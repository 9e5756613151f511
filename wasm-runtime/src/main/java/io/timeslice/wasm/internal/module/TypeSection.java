package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.RefType;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.internal.binary.WasmReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * Decodes the type section and value types into {@link TypeCodes}. With GC an entry is a recursion
 * group ({@code 0x4e} and its types) or one type; a type is a function ({@code 0x60}), struct
 * ({@code 0x5f}) or array ({@code 0x5e}) type, possibly with a supertype ({@code 0x50}, open, or
 * {@code 0x4f}, final). Types of a group may name each other; a group is canonicalised as a whole:
 * two are equal when their types are, position for position, with references inside the group
 * compared by position and others by canonical index (iso-recursive equality).
 */
final class TypeSection {
  private final Config config;
  private final WasmReader in;
  private final ModuleInfo module;
  private final ObjIntConsumer<String> invalid;

  /** While a group is decoded, the index after its last type; else -1. */
  private int groupEnd = -1;

  /** Each group's description ({@link #key}) and its first type's index. */
  private final Map<String, Integer> groups = new HashMap<>();

  TypeSection(Config config, WasmReader in, ModuleInfo module, ObjIntConsumer<String> invalid) {
    this.config = config;
    this.in = in;
    this.module = module;
    this.invalid = invalid;
  }

  void decode(int entries) {
    for (int i = 0; i < entries; i++) {
      if (config.gc() && in.remaining() > 0 && (in.bytes()[in.pos()] & 0xff) == 0x4e) {
        in.u8();
        int at = in.pos();
        int n = in.u32();
        if (Integer.compareUnsigned(n, in.remaining()) > 0) {
          throw WasmReader.malformedAt("length out of bounds: " + Integer.toUnsignedString(n), at);
        }
        group(n);
      } else {
        group(1);
      }
      if (module.defs.size() > config.maxTypes()) {
        invalid.accept("too many types, the limit is " + config.maxTypes(), in.pos());
      }
    }
  }

  private void group(int n) {
    int start = module.defs.size();
    // Without GC a type names only types before it.
    groupEnd = config.gc() ? start + n : start;
    List<DefType> raw = new ArrayList<>(n);
    int[] offsets = new int[n];
    for (int k = 0; k < n; k++) {
      offsets[k] = in.pos();
      raw.add(subType(start + k));
    }
    groupEnd = -1;
    String key = describe(raw, start, false);
    Integer first = groups.putIfAbsent(key, start);
    int base = first == null ? start : first;
    for (DefType d : raw) {
      module.defs.add(rewrite(d, start, base));
    }
    for (int k = 0; k < n; k++) {
      DefType d = module.defs.get(start + k);
      if (base != start) {
        // Equal types share their public form.
        module.types.add(module.types.get(base + k));
      } else if (d.isFunc()) {
        FuncType f = publicType(d, start);
        module.typeIndex.putIfAbsent(f, start + k);
        module.types.add(f);
      } else {
        module.types.add(new FuncType(List.of(), List.of()));
      }
    }
    if (config.gc()) {
      identities(start, n, base);
    }
    for (int k = 0; k < n; k++) {
      checkSupertype(start + k, offsets[k]);
    }
  }

  /** A type with its codes' concrete indices as written (those of the group not yet canonical). */
  private DefType subType(int index) {
    int at = in.pos();
    int b = in.u8();
    int supertype = -1;
    boolean isFinal = true;
    if ((b == 0x50 || b == 0x4f) && config.gc()) {
      isFinal = b == 0x4f;
      int n = in.u32();
      if (Integer.compareUnsigned(n, 1) > 0) {
        invalid.accept("multiple supertypes", at);
      }
      for (int i = 0; i < n && in.remaining() > 0; i++) {
        int superAt = in.pos();
        int s = in.u32();
        if (Integer.compareUnsigned(s, index) >= 0) {
          invalid.accept("unknown type " + Integer.toUnsignedString(s), superAt);
        } else {
          supertype = s;
        }
      }
      at = in.pos();
      b = in.u8();
    }
    switch (b) {
      case DefType.FUNC -> {
        int[] params = valTypes();
        int[] results = valTypes();
        if (results.length > 1 && !config.multiValue()) {
          invalid.accept("invalid result arity: multi-value is not enabled", at);
        }
        return new DefType(b, params, results, new int[0], new boolean[0], supertype, isFinal, 0);
      }
      case DefType.STRUCT, DefType.ARRAY -> {
        if (config.gc()) {
          int n = b == DefType.ARRAY ? 1 : count("fields");
          int[] fields = new int[n];
          boolean[] mutable = new boolean[n];
          for (int i = 0; i < n; i++) {
            fields[i] = storageType();
            int mutAt = in.pos();
            int mut = in.u8();
            if (mut > 1) {
              throw WasmReader.malformedAt("malformed mutability", mutAt);
            }
            mutable[i] = mut == 1;
          }
          return new DefType(b, new int[0], new int[0], fields, mutable, supertype, isFinal, 0);
        }
      }
      default -> {}
    }
    throw WasmReader.malformedAt("integer representation too long: malformed function type", at);
  }

  private int count(String what) {
    int at = in.pos();
    int n = in.u32();
    if (Integer.compareUnsigned(n, in.remaining()) > 0) {
      throw WasmReader.malformedAt(
          "length out of bounds: " + Integer.toUnsignedString(n) + " " + what, at);
    }
    return n;
  }

  private int[] valTypes() {
    int n = count("value types");
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = valType();
    }
    return out;
  }

  /** A field's storage type: a value type, or the packed {@code i8} and {@code i16}. */
  private int storageType() {
    int b = in.remaining() > 0 ? in.bytes()[in.pos()] & 0xff : 0;
    if (b == TypeCodes.I8 || b == TypeCodes.I16) {
      in.u8();
      return b;
    }
    return valType();
  }

  /**
   * A value type's code: a numeric type's byte, a reference type's shorthand byte, or {@code 0x64
   * ht} ({@code (ref ht)}) and {@code 0x63 ht} ({@code (ref null ht)}).
   */
  int valType() {
    int at = in.pos();
    int code = in.u8();
    if ((code == 0x63 || code == 0x64) && config.functionReferences()) {
      return TypeCodes.ref(code == 0x63, heapType());
    }
    ValType t = ValType.ofCode(code);
    if (t != null && !t.isReference()) {
      if (t == ValType.V128 && !config.simd()) {
        invalid.accept("SIMD support is not enabled", at);
      }
      return code;
    }
    if (!shorthand(code)) {
      throw WasmReader.malformedAt("malformed value type", at);
    }
    if (code != TypeCodes.FUNC && !config.referenceTypes()) {
      invalid.accept("reference types support is not enabled", at);
    }
    return code;
  }

  /** A reference type's code: a shorthand byte, or {@code 0x64 ht} and {@code 0x63 ht}. */
  int refType() {
    int at = in.pos();
    int code = in.u8();
    if ((code == 0x63 || code == 0x64) && config.functionReferences()) {
      return TypeCodes.ref(code == 0x63, heapType());
    }
    if (!shorthand(code)) {
      throw WasmReader.malformedAt("malformed reference type", at);
    }
    return code;
  }

  /**
   * Whether {@code code} is a reference type's one-byte form ({@code funcref}, {@code anyref}…).
   */
  private boolean shorthand(int code) {
    return TypeCodes.abstractHeap(code, config) >= 0;
  }

  /**
   * A heap type (an s33): an abstract one as a negative number, else a type index, which must be
   * defined before it or, with GC, in the same recursion group.
   */
  private int heapType() {
    int at = in.pos();
    long h = in.s33();
    if (h < 0) {
      return TypeCodes.abstractHeapAt(h, at, config);
    }
    int limit = groupEnd >= 0 ? groupEnd : module.defs.size();
    if (h >= limit) {
      invalid.accept("unknown type " + h, at);
      return TypeCodes.FUNC;
    }
    // Inside the type section, indices are rewritten once their group is canonical.
    return TypeCodes.CONCRETE | (groupEnd >= 0 ? (int) h : module.canonical((int) h));
  }

  /** {@code code}'s value type and reference details, for the public API. */
  Typed typed(int code) {
    return new Typed(
        TypeCodes.valType(module, code), TypeCodes.refType(module, code, module.defs.size()), code);
  }

  /**
   * The {@link TypeId}s of the group of {@code n} types at {@code start}: those of the equal group
   * at {@code base}, or a digest of its description with references out of it by their identities.
   */
  private void identities(int start, int n, int base) {
    if (base != start) {
      for (int k = 0; k < n; k++) {
        module.typeIds.add(module.typeIds.get(base + k));
      }
      return;
    }
    String digest = digest(describe(module.defs.subList(start, start + n), start, true));
    for (int k = 0; k < n; k++) {
      DefType d = module.defs.get(start + k);
      int sup = d.supertype();
      module.typeIds.add(
          new TypeId(
              digest + "." + k,
              sup < 0 ? null : module.typeIds.get(sup),
              d.kind(),
              n == 1 && publicExact(d, start)));
    }
  }

  /** Whether a function type alone in its group has a public form no other type shares. */
  private boolean publicExact(DefType d, int start) {
    if (!d.isFunc() || !d.isFinal() || d.supertype() >= 0) {
      return false;
    }
    for (int[] codes : new int[][] {d.params(), d.results()}) {
      for (int c : codes) {
        int heap = TypeCodes.heap(c);
        boolean exact =
            !TypeCodes.isRef(c)
                ? true
                : TypeCodes.concrete(heap)
                    ? TypeCodes.index(heap) < start
                        && module.typeIds.get(TypeCodes.index(heap)).publicExact()
                    : switch (heap) {
                      case TypeCodes.EQ, TypeCodes.I31, TypeCodes.STRUCT, TypeCodes.ARRAY -> false;
                      default -> true;
                    };
        if (!exact) {
          return false;
        }
      }
    }
    return true;
  }

  private static String digest(String description) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(description.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * A group's description: its types, references within it by position, others by canonical index
   * or, when {@code global}, by their {@link TypeId}s.
   */
  private String describe(List<DefType> group, int start, boolean global) {
    StringBuilder s = new StringBuilder();
    for (DefType d : group) {
      s.append(d.kind()).append(d.isFinal() ? 'f' : 'o').append('^');
      s.append(d.supertype() < 0 ? "-" : ref(TypeCodes.CONCRETE | d.supertype(), start, global));
      for (int c : d.params()) {
        s.append('p').append(ref(c, start, global));
      }
      for (int c : d.results()) {
        s.append('r').append(ref(c, start, global));
      }
      for (int i = 0; i < d.fields().length; i++) {
        s.append(d.mutable()[i] ? 'm' : 'c').append(ref(d.fields()[i], start, global));
      }
      s.append(';');
    }
    return s.toString();
  }

  private String ref(int code, int start, boolean global) {
    int heap = TypeCodes.heap(code);
    if (!TypeCodes.concrete(heap)) {
      return Integer.toHexString(code);
    }
    int j = TypeCodes.index(heap);
    String flag = TypeCodes.nullable(code) ? "n" : "";
    if (j >= start) {
      return flag + "r" + (j - start);
    }
    return flag + (global ? "{" + module.typeIds.get(j) + "}" : "c" + module.canonical(j));
  }

  private DefType rewrite(DefType d, int start, int base) {
    int supertype = d.supertype() < 0 ? -1 : canonical(d.supertype(), start, base);
    return new DefType(
        d.kind(),
        rewrite(d.params(), start, base),
        rewrite(d.results(), start, base),
        rewrite(d.fields(), start, base),
        d.mutable(),
        supertype,
        d.isFinal(),
        base + module.defs.size() - start);
  }

  private int[] rewrite(int[] codes, int start, int base) {
    int[] out = codes.clone();
    for (int i = 0; i < out.length; i++) {
      int heap = TypeCodes.heap(out[i]);
      if (TypeCodes.concrete(heap)) {
        int index = canonical(TypeCodes.index(heap), start, base);
        out[i] = (out[i] & TypeCodes.NON_NULL) | TypeCodes.CONCRETE | index;
      }
    }
    return out;
  }

  private int canonical(int index, int start, int base) {
    return index >= start ? base + index - start : module.canonical(index);
  }

  /** A function type's public form; references into its own group only as their top. */
  private FuncType publicType(DefType d, int start) {
    List<ValType> params = new ArrayList<>();
    List<ValType> results = new ArrayList<>();
    List<RefType> refs = new ArrayList<>();
    for (int c : d.params()) {
      params.add(TypeCodes.valType(module, c));
      refs.add(TypeCodes.refType(module, c, start));
    }
    for (int c : d.results()) {
      results.add(TypeCodes.valType(module, c));
      refs.add(TypeCodes.refType(module, c, start));
    }
    return new FuncType(params, results, refs);
  }

  /**
   * Checks type {@code index}'s declared supertype: not final, of the same kind, and matched
   * structurally — parameters contravariant and results covariant, a struct's fields a prefix of
   * the subtype's, immutable fields covariant, mutable ones equal.
   */
  private void checkSupertype(int index, int at) {
    DefType d = module.defs.get(index);
    if (d.supertype() < 0) {
      return;
    }
    DefType s = module.defs.get(d.supertype());
    if (s.isFinal() || s.kind() != d.kind() || !structural(d, s)) {
      invalid.accept("sub type " + index + " does not match super type " + d.supertype(), at);
    }
  }

  private boolean structural(DefType d, DefType s) {
    if (d.isFunc()) {
      return all(s.params(), d.params()) && all(d.results(), s.results());
    }
    if (d.fields().length < s.fields().length) {
      return false;
    }
    for (int i = 0; i < s.fields().length; i++) {
      int sub = d.fields()[i];
      int sup = s.fields()[i];
      boolean ok =
          d.mutable()[i] == s.mutable()[i]
              && (s.mutable()[i] ? sub == sup : TypeCodes.matches(module, sub, sup));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private boolean all(int[] sub, int[] sup) {
    if (sub.length != sup.length) {
      return false;
    }
    for (int i = 0; i < sub.length; i++) {
      if (!TypeCodes.matches(module, sub[i], sup[i])) {
        return false;
      }
    }
    return true;
  }

  /** A value type with its public form and its code. */
  record Typed(ValType type, @org.jspecify.annotations.Nullable RefType ref, int code) {}
}
