package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.RefType;
import io.timeslice.wasm.ValType;
import org.jspecify.annotations.Nullable;

/**
 * Value types as the validator's {@code int}s: a numeric type, {@code funcref} and {@code
 * externref} are their binary codes; typed function references add flags. A heap type is the
 * abstract {@code func} (0x70) or {@code extern} (0x6f), or {@link #CONCRETE} with a type index —
 * the lowest index of an equal function type ({@link ModuleInfo#canonicalType}), so that two codes
 * are equal exactly when their types are. {@link #NON_NULL} marks a reference without null. The
 * code of {@code (ref null func)} is thus 0x70, funcref's. (GC's heap types would be more abstract
 * codes below {@link #CONCRETE}.)
 */
public final class TypeCodes {
  private TypeCodes() {}

  public static final int FUNC = 0x70;
  public static final int EXTERN = 0x6f;

  /** The abstract heap type of caught exceptions (exception handling); {@code exnref}'s code. */
  public static final int EXN = 0x69;

  /** The bottom of {@link #EXN}: only null is of {@code (ref null noexn)}. */
  public static final int NOEXN = 0x74;

  /** A reference that cannot be null. */
  public static final int NON_NULL = 0x1000_0000;

  /** A concrete heap type: the low bits are the (canonical) type index. */
  public static final int CONCRETE = 0x0800_0000;

  private static final int INDEX = CONCRETE - 1;

  /** Whether {@code code} is a reference type. */
  public static boolean isRef(int code) {
    int heap = code & ~NON_NULL;
    return heap == FUNC || heap == EXTERN || heap == EXN || heap == NOEXN || (heap & CONCRETE) != 0;
  }

  /** The heap type of reference {@code code}: abstract, or {@link #CONCRETE} with an index. */
  public static int heap(int code) {
    return code & ~NON_NULL;
  }

  /** Whether reference {@code code} admits null. */
  public static boolean nullable(int code) {
    return (code & NON_NULL) == 0;
  }

  /** Whether a value of type {@code code} has a default (every one but a non-null reference). */
  public static boolean defaultable(int code) {
    return (code & NON_NULL) == 0;
  }

  /** The nullable or non-null reference to heap type {@code heap}. */
  public static int ref(boolean nullable, int heap) {
    return nullable ? heap : heap | NON_NULL;
  }

  /** The type index of a concrete heap type. */
  public static int index(int heap) {
    return heap & INDEX;
  }

  /**
   * The abstract top of reference {@code code}'s heap type: {@link #FUNC}, {@link #EXTERN} or
   * {@link #EXN}.
   */
  public static int top(int code) {
    int heap = heap(code);
    return (heap & CONCRETE) != 0 ? FUNC : heap == NOEXN ? EXN : heap;
  }

  /**
   * Whether {@code sub} matches {@code sup}: equal types; a reference also into a nullable one of
   * its heap type, a concrete function type into {@code func}, and {@code noexn} into {@code exn}.
   */
  public static boolean matches(int sub, int sup) {
    if (sub == sup) {
      return true;
    }
    if (!isRef(sub) || !isRef(sup) || (nullable(sub) && !nullable(sup))) {
      return false;
    }
    int hs = heap(sub);
    int hp = heap(sup);
    return hs == hp || (hp == FUNC && (hs & CONCRETE) != 0) || (hp == EXN && hs == NOEXN);
  }

  /** The code of a type with its typed-reference details, in {@code module}'s type indices. */
  public static int of(ModuleInfo module, ValType type, @Nullable RefType ref) {
    if (ref == null) {
      return type.code();
    }
    FuncType f = ref.function();
    int heap = f == null ? ref.heap().code() : CONCRETE | module.indexOf(f);
    return ref(ref.nullable(), heap);
  }

  /** The public form of code {@code code}: its {@link ValType}. */
  public static ValType valType(int code) {
    if (!isRef(code)) {
      return ofCode(code);
    }
    int top = top(code);
    return top == FUNC ? ValType.FUNCREF : top == EXN ? ValType.EXNREF : ValType.EXTERNREF;
  }

  private static ValType ofCode(int code) {
    ValType t = ValType.ofCode(code);
    if (t == null) {
      throw new IllegalArgumentException("no value type " + code);
    }
    return t;
  }

  /** The public details of reference code {@code code} in {@code module}, or null for none. */
  public static @Nullable RefType refType(ModuleInfo module, int code) {
    if (!isRef(code)) {
      return null;
    }
    int heap = heap(code);
    FuncType f = (heap & CONCRETE) != 0 ? module.types.get(index(heap)) : null;
    return RefType.of(nullable(code), valType(code), f);
  }

  /** The text format's name of {@code code}, e.g. {@code (ref null 3)}, {@code funcref}. */
  public static String name(int code) {
    if (!isRef(code) || (nullable(code) && (heap(code) & CONCRETE) == 0 && heap(code) != NOEXN)) {
      ValType t = ValType.ofCode(code);
      return t == null ? "?" : t.toString();
    }
    int heap = heap(code);
    String ht =
        (heap & CONCRETE) != 0
            ? Integer.toString(index(heap))
            : switch (heap) {
              case FUNC -> "func";
              case EXN -> "exn";
              case NOEXN -> "noexn";
              default -> "extern";
            };
    return nullable(code) ? "(ref null " + ht + ")" : "(ref " + ht + ")";
  }
}
