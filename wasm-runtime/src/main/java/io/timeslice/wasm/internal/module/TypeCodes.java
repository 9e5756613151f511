package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.RefType;
import io.timeslice.wasm.ValType;
import org.jspecify.annotations.Nullable;

/**
 * Value types as the validator's {@code int}s: a numeric type, {@code funcref} and {@code
 * externref} are their binary codes; typed function references add flags. A heap type is abstract
 * (its binary code: {@code func} 0x70, {@code extern} 0x6f, with GC {@code any}, {@code eq}, {@code
 * i31}, {@code struct}, {@code array} and the bottoms {@code none}, {@code nofunc}, {@code
 * noextern}), or {@link #CONCRETE} with a type index — the canonical index of the type ({@link
 * DefType#canonical}), so that two codes are equal exactly when their types are. {@link #NON_NULL}
 * marks a reference without null. The code of {@code (ref null func)} is thus 0x70, funcref's, and
 * that of {@code (ref null any)} 0x6e, anyref's.
 */
public final class TypeCodes {
  private TypeCodes() {}

  public static final int FUNC = 0x70;
  public static final int EXTERN = 0x6f;

  /** The abstract heap type of caught exceptions (exception handling); {@code exnref}'s code. */
  public static final int EXN = 0x69;

  /** The bottom of {@link #EXN}: only null is of {@code (ref null noexn)}. */
  public static final int NOEXN = 0x74;

  /** GC's top of internal references, {@code anyref}'s code. */
  public static final int ANY = 0x6e;

  /** GC: references that {@code ref.eq} compares (i31s, structs, arrays). */
  public static final int EQ = 0x6d;

  /** GC: unboxed 31-bit integers. */
  public static final int I31 = 0x6c;

  /** GC: every struct. */
  public static final int STRUCT = 0x6b;

  /** GC: every array. */
  public static final int ARRAY = 0x6a;

  /** GC: the bottom of {@link #ANY}. */
  public static final int NONE = 0x71;

  /** GC: the bottom of {@link #FUNC}. */
  public static final int NOFUNC = 0x73;

  /** GC: the bottom of {@link #EXTERN}. */
  public static final int NOEXTERN = 0x72;

  /** The packed storage type {@code i8} of a struct field or array element (GC). */
  public static final int I8 = 0x78;

  /** The packed storage type {@code i16}. */
  public static final int I16 = 0x77;

  /** A reference that cannot be null. */
  public static final int NON_NULL = 0x1000_0000;

  /** A concrete heap type: the low bits are the (canonical) type index. */
  public static final int CONCRETE = 0x0800_0000;

  private static final int INDEX = CONCRETE - 1;

  /** Whether {@code code} is a reference type. */
  public static boolean isRef(int code) {
    int heap = code & ~NON_NULL;
    return (heap & CONCRETE) != 0 || isAbstract(heap);
  }

  /** Whether {@code heap} is an abstract heap type's code. */
  public static boolean isAbstract(int heap) {
    return switch (heap) {
      case FUNC, EXTERN, EXN, NOEXN, ANY, EQ, I31, STRUCT, ARRAY, NONE, NOFUNC, NOEXTERN -> true;
      default -> false;
    };
  }

  /** Whether {@code heap} is one of GC's abstract heap types. */
  public static boolean isGc(int heap) {
    return switch (heap) {
      case ANY, EQ, I31, STRUCT, ARRAY, NONE, NOFUNC, NOEXTERN -> true;
      default -> false;
    };
  }

  /**
   * The code of abstract heap type {@code b} (its binary byte) as {@code config} reads it, or -1:
   * exn and noexn only with exception handling, GC's only with GC.
   */
  public static int abstractHeap(int b, io.timeslice.wasm.Config config) {
    if (b == FUNC || b == EXTERN) {
      return b;
    }
    if (b == EXN || b == NOEXN) {
      return config.exceptionHandling() ? b : -1;
    }
    return isGc(b) && config.gc() ? b : -1;
  }

  /**
   * The abstract heap type a negative s33 {@code h}, read at byte {@code at}, encodes.
   *
   * @throws io.timeslice.wasm.MalformedModuleException when it encodes none {@code config} reads
   */
  public static int abstractHeapAt(long h, int at, io.timeslice.wasm.Config config) {
    int heap = h >= -0x40 ? abstractHeap((int) h + 0x80, config) : -1;
    if (heap < 0) {
      throw io.timeslice.wasm.internal.binary.WasmReader.malformedAt("malformed heap type", at);
    }
    return heap;
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

  /** Whether {@code heap} is concrete. */
  public static boolean concrete(int heap) {
    return (heap & CONCRETE) != 0;
  }

  /**
   * The abstract top of reference {@code code}'s heap type in {@code module}: {@link #FUNC}, {@link
   * #EXTERN}, {@link #EXN} or {@link #ANY}.
   */
  public static int top(ModuleInfo module, int code) {
    int heap = heap(code);
    if (concrete(heap)) {
      return module.defs.get(index(heap)).isFunc() ? FUNC : ANY;
    }
    return abstractTop(heap);
  }

  /** The top of abstract heap type {@code heap}'s hierarchy. */
  public static int abstractTop(int heap) {
    return switch (heap) {
      case NOEXN -> EXN;
      case NOFUNC -> FUNC;
      case NOEXTERN -> EXTERN;
      case EQ, I31, STRUCT, ARRAY, NONE -> ANY;
      default -> heap;
    };
  }

  /** The bottom of reference {@code code}'s hierarchy: {@code none}, {@code nofunc}, .... */
  public static int bottom(ModuleInfo module, int code) {
    return switch (top(module, code)) {
      case FUNC -> NOFUNC;
      case EXTERN -> NOEXTERN;
      case EXN -> NOEXN;
      default -> NONE;
    };
  }

  /**
   * Whether {@code sub} matches {@code sup} in {@code module} (its types give concrete heap types'
   * kinds and declared supertypes): equal types; a reference also into a nullable one, and into one
   * whose heap type is above its own: none below i31, struct and array (each above its concrete
   * types) below eq below any; nofunc below function types below func; noextern below extern, noexn
   * below exn; a concrete type below its declared supertypes.
   */
  public static boolean matches(ModuleInfo module, int sub, int sup) {
    if (sub == sup) {
      return true;
    }
    if (!isRef(sub) || !isRef(sup) || (nullable(sub) && !nullable(sup))) {
      return false;
    }
    return heapMatches(module, heap(sub), heap(sup));
  }

  /** Whether heap type {@code hs} is a subtype of {@code hp}. */
  public static boolean heapMatches(ModuleInfo module, int hs, int hp) {
    if (hs == hp) {
      return true;
    }
    if (concrete(hs)) {
      DefType d = module.defs.get(index(hs));
      if (concrete(hp)) {
        for (int s = d.supertype(); s >= 0; s = module.defs.get(s).supertype()) {
          if ((CONCRETE | s) == hp) {
            return true;
          }
        }
        return false;
      }
      return switch (d.kind()) {
        case DefType.FUNC -> hp == FUNC;
        case DefType.STRUCT -> hp == STRUCT || hp == EQ || hp == ANY;
        default -> hp == ARRAY || hp == EQ || hp == ANY;
      };
    }
    if (concrete(hp)) {
      boolean func = module.defs.get(index(hp)).isFunc();
      return func ? hs == NOFUNC : hs == NONE;
    }
    return abstractMatches(hs, hp);
  }

  /** Whether abstract heap type {@code hs} is a subtype of abstract {@code hp}. */
  public static boolean abstractMatches(int hs, int hp) {
    return hs == hp
        || switch (hs) {
          case NONE -> abstractTop(hp) == ANY;
          case NOFUNC -> hp == FUNC;
          case NOEXTERN -> hp == EXTERN;
          case NOEXN -> hp == EXN;
          case I31, STRUCT, ARRAY -> hp == EQ || hp == ANY;
          case EQ -> hp == ANY;
          default -> false;
        };
  }

  /** The code of a type with its typed-reference details, in {@code module}'s type indices. */
  public static int of(ModuleInfo module, ValType type, @Nullable RefType ref) {
    if (ref == null) {
      return type.code();
    }
    FuncType f = ref.function();
    int heap = f == null ? ref.heap().code() : CONCRETE | module.canonical(module.indexOf(f));
    return ref(ref.nullable(), heap);
  }

  /**
   * The public form of code {@code code}: its {@link ValType}, a reference's top, or GC's bottom
   * ({@code nullref}…) for a reference to {@code none}, {@code nofunc} or {@code noextern}.
   */
  public static ValType valType(ModuleInfo module, int code) {
    if (!isRef(code)) {
      return ofCode(code);
    }
    int heap = heap(code);
    boolean bottom = heap == NONE || heap == NOFUNC || heap == NOEXTERN || heap == NOEXN;
    return ofCode(bottom ? heap : top(module, code));
  }

  private static ValType ofCode(int code) {
    ValType t = ValType.ofCode(code);
    if (t == null) {
      throw new IllegalArgumentException("no value type " + code);
    }
    return t;
  }

  /**
   * The public details of reference code {@code code} in {@code module}, or null for none: a
   * function type's when it is complete (below index {@code defined}); GC's inner heap types and
   * struct and array types only as their top, {@code any} ({@link ValType#ANYREF}).
   */
  public static @Nullable RefType refType(ModuleInfo module, int code, int defined) {
    if (!isRef(code)) {
      return null;
    }
    int heap = heap(code);
    ValType top = valType(module, code);
    FuncType f =
        concrete(heap) && index(heap) < defined && top == ValType.FUNCREF
            ? module.types.get(index(heap))
            : null;
    return RefType.of(nullable(code), top, f);
  }

  /** The text format's name of {@code code}, e.g. {@code (ref null 3)}, {@code funcref}. */
  public static String name(int code) {
    if (!isRef(code) || (nullable(code) && ValType.ofCode(code) != null)) {
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
              case ANY -> "any";
              case EQ -> "eq";
              case I31 -> "i31";
              case STRUCT -> "struct";
              case ARRAY -> "array";
              case NONE -> "none";
              case NOFUNC -> "nofunc";
              case NOEXTERN -> "noextern";
              default -> "extern";
            };
    return nullable(code) ? "(ref null " + ht + ")" : "(ref " + ht + ")";
  }
}
