package io.timeslice.wasm.internal.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A module as parsed from text, ready for {@link BinaryWriter}: its index spaces, its types (the
 * declared ones, then those implied by inline type uses, in the order they are met), and each
 * section's entries already encoded.
 */
final class TextModule {
  final Space funcs = new Space("func");
  final Space tables = new Space("table");
  final Space memories = new Space("memory");
  final Space globals = new Space("global");
  final Space tags = new Space("tag");
  final Space elems = new Space("elem");
  final Space datas = new Space("data");
  final Space types = new Space("type");

  /**
   * Whether the text may use typed function references' reference types, {@code (ref null? ht)}
   * (the engine's proposal is on).
   */
  boolean typedRefs;

  /** Whether the text may use {@code exnref} and the heap types {@code exn}, {@code noexn}. */
  boolean exceptions;

  /** Whether the text may use GC's types: recursion groups, subtypes, structs, arrays. */
  boolean gc;

  /**
   * Every type: the {@link #declaredTypes} declared ones first, then the implied ones. A struct or
   * array type (GC) is here as {@link Sig#EMPTY}, never interned, its encoding in {@link
   * #subTypes}.
   */
  final List<Sig> typeList = new ArrayList<>();

  int declaredTypes;

  final Section imports = new Section();

  /** The type index of each defined function. */
  final List<Long> funcTypes = new ArrayList<>();

  final Section tableSection = new Section();
  final Section memorySection = new Section();
  final Section tagSection = new Section();
  final Section globalSection = new Section();
  final Section exports = new Section();
  final Section elemSection = new Section();
  final Section dataSection = new Section();
  final Section code = new Section();

  /** The start function, or -1. */
  long start = -1;

  /**
   * Whether an instruction needs the data count section ({@code memory.init}, {@code data.drop}).
   */
  boolean usesDataCount;

  /** The entries of one section: their count and their encodings, back to back. */
  static final class Section {
    int count;
    final ByteSink bytes = new ByteSink();

    /** A new entry's sink. */
    ByteSink add() {
      count++;
      return bytes;
    }
  }

  /**
   * The encoding of each declared type, by index, that is not a plain function type (GC: a subtype,
   * or a struct or array type).
   */
  final Map<Integer, ByteSink> subTypes = new HashMap<>();

  /**
   * The declared types' entries of the type section in order: the size of each recursion group
   * ({@code (rec ...)}, GC), or -1 for a type of its own.
   */
  final List<Integer> entries = new ArrayList<>();

  /** Each struct type's field names ({@code (field $f ...)}), by type index (GC). */
  final Map<Integer, Map<String, Integer>> fieldNames = new HashMap<>();

  /** The first index of each signature in {@link #typeList}. */
  private final Map<Sig, Integer> firstIndex = new HashMap<>();

  /** Adds a plain function type, which type uses may stand for; returns its index. */
  int addType(Sig sig) {
    typeList.add(sig);
    firstIndex.putIfAbsent(sig, typeList.size() - 1);
    return typeList.size() - 1;
  }

  /** Adds a declared type encoded as {@code encoding} (GC), which no type use stands for. */
  void addSubType(Sig sig, ByteSink encoding) {
    subTypes.put(typeList.size(), encoding);
    typeList.add(sig);
  }

  /** The index of the first type equal to {@code sig}, which is added if there is none. */
  long intern(Sig sig) {
    Integer i = firstIndex.get(sig);
    return i != null ? i : addType(sig);
  }

  /** The signature of type {@code index}, or null if it is not a type of the module. */
  Sig type(long index) {
    return index >= 0 && index < typeList.size() ? typeList.get((int) index) : null;
  }
}
