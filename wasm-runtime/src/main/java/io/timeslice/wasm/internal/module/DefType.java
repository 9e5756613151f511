package io.timeslice.wasm.internal.module;

/**
 * One entry of the type section as the validator sees it (GC): a function, struct or array type
 * with its value types as {@link TypeCodes}, its declared supertype and finality, and where its
 * recursion group is. Concrete references in the codes name canonical indices: the first index of
 * an equal type, where types are equal when their recursion groups are, position for position
 * (iso-recursive equality).
 *
 * @param kind {@link #FUNC}, {@link #STRUCT} or {@link #ARRAY}
 * @param params a function type's parameters (empty otherwise)
 * @param results a function type's results
 * @param fields a struct's field types, an array's one element type: value type codes, or {@link
 *     TypeCodes#I8} and {@link TypeCodes#I16}
 * @param mutable whether each field is mutable
 * @param supertype the declared supertype's canonical index, or -1
 * @param isFinal whether the type may have no subtypes
 * @param canonical the canonical index of this type
 */
public record DefType(
    int kind,
    int[] params,
    int[] results,
    int[] fields,
    boolean[] mutable,
    int supertype,
    boolean isFinal,
    int canonical) {
  /** A function type. */
  public static final int FUNC = 0x60;

  /** A struct type. */
  public static final int STRUCT = 0x5f;

  /** An array type. */
  public static final int ARRAY = 0x5e;

  private static final int[] NONE = new int[0];

  /** A final function type without supertype, as WebAssembly 2.0's are. */
  public static DefType func(int[] params, int[] results, int canonical) {
    return new DefType(FUNC, params, results, NONE, new boolean[0], -1, true, canonical);
  }

  /** Whether this is a function type. */
  public boolean isFunc() {
    return kind == FUNC;
  }
}
