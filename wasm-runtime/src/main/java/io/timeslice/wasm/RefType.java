package io.timeslice.wasm;

import org.jspecify.annotations.Nullable;

/**
 * A reference type of typed function references, {@code (ref null? ht)}, where {@link ValType}
 * alone says too little: a non-nullable reference, or one to a function type. Its heap type is
 * abstract ({@code func} or {@code extern}: {@link #function} is null) or a function type. A plain
 * {@code funcref} ({@code (ref null func)}) or {@code externref} ({@code (ref null extern)}) has
 * none: the types that carry one ({@link FuncType#paramRef}, {@link GlobalType#ref}, {@link
 * TableType#ref}) hold null there.
 *
 * @param nullable whether null is a value of the type
 * @param heap {@link ValType#FUNCREF} for the func heap types (abstract or a function type), {@link
 *     ValType#EXTERNREF} for extern, {@link ValType#EXNREF} for exn (exception handling), with GC
 *     {@link ValType#ANYREF} for any and the heap types below it (eq, i31, struct, array and struct
 *     and array types, which it does not tell apart), and the bottoms' {@link ValType#NULLREF},
 *     {@link ValType#NULLFUNCREF}, {@link ValType#NULLEXTERNREF} and exception handling's {@link
 *     ValType#NULLEXNREF}
 * @param function the function type of a concrete heap type, or null for an abstract one
 */
public record RefType(boolean nullable, ValType heap, @Nullable FuncType function) {
  /** A reference type with details, or null for the plain {@code funcref}/{@code externref}. */
  public static @Nullable RefType of(boolean nullable, ValType heap, @Nullable FuncType function) {
    return nullable && function == null ? null : new RefType(nullable, heap, function);
  }

  /**
   * Whether a value of type {@code sub} (with details {@code subRef}) is one of type {@code sup}
   * ({@code supRef}): equal numeric types; for references the same top heap type, nullability only
   * widening, and a function type only to itself (structurally) or to the abstract {@code func}.
   */
  public static boolean matches(
      ValType sub, @Nullable RefType subRef, ValType sup, @Nullable RefType supRef) {
    if (sub != sup) {
      return false;
    }
    if (!sub.isReference() || supRef == null) {
      return true;
    }
    if (subRef == null) {
      return false;
    }
    if (subRef.nullable && !supRef.nullable) {
      return false;
    }
    return supRef.function == null
        || (subRef.function != null && subRef.function.equals(supRef.function));
  }

  /** The text format's form, e.g. {@code (ref null (func (param i32)))}, {@code (ref extern)}. */
  @Override
  public String toString() {
    return describe(1);
  }

  /** The text form, a function type spelled out when {@code levels} is not negative. */
  String describe(int levels) {
    String ht =
        function != null
            ? levels >= 0 ? function.describe(levels) : "(func ...)"
            : switch (heap) {
              case FUNCREF -> "func";
              case EXNREF -> "exn";
              case ANYREF -> "any";
              case NULLREF -> "none";
              case NULLFUNCREF -> "nofunc";
              case NULLEXTERNREF -> "noextern";
              case NULLEXNREF -> "noexn";
              default -> "extern";
            };
    return nullable ? "(ref null " + ht + ")" : "(ref " + ht + ")";
  }
}
