package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.RefType;
import io.timeslice.wasm.ValType;
import org.jspecify.annotations.Nullable;

/**
 * A global's or table's value type as linking compares it across modules: a {@link TypeCodes} code
 * whose concrete heap type is known by its {@link TypeId} (with GC) rather than by an index of one
 * module. A global or table keeps the one it was made with, so that a module importing it can check
 * it exactly: GC's struct and array types, and function types of recursion groups, look alike in
 * the public {@link RefType}.
 *
 * @param code the type's code; a concrete heap type's index is 0 (the identity says which)
 * @param id a concrete heap type's identity, null without GC or for a host's type
 * @param function a concrete function type's public form, null for any other type
 */
public record LinkType(int code, @Nullable TypeId id, @Nullable FuncType function) {
  /** The type of code {@code code} in {@code module}. */
  public static LinkType of(ModuleInfo module, int code) {
    int heap = TypeCodes.heap(code);
    if (!TypeCodes.isRef(code) || !TypeCodes.concrete(heap)) {
      return new LinkType(code, null, null);
    }
    int index = TypeCodes.index(heap);
    TypeId id = module.typeIds.isEmpty() ? null : module.typeIds.get(index);
    FuncType f = module.defs.get(index).isFunc() ? module.types.get(index) : null;
    return new LinkType(TypeCodes.ref(TypeCodes.nullable(code), TypeCodes.CONCRETE), id, f);
  }

  /** The type a host gives in the public API, which names no identity. */
  public static LinkType ofPublic(ValType type, @Nullable RefType ref) {
    if (ref == null) {
      return new LinkType(type.code(), null, null);
    }
    FuncType f = ref.function();
    int heap = f == null ? ref.heap().code() : TypeCodes.CONCRETE;
    return new LinkType(TypeCodes.ref(ref.nullable(), heap), null, f);
  }

  /** Whether a value of this type is one of {@code sup}: subtyping across modules. */
  public boolean matches(LinkType sup) {
    if (!TypeCodes.isRef(code) || !TypeCodes.isRef(sup.code)) {
      return code == sup.code;
    }
    if (TypeCodes.nullable(code) && !TypeCodes.nullable(sup.code)) {
      return false;
    }
    int hs = TypeCodes.heap(code);
    int hp = TypeCodes.heap(sup.code);
    boolean cs = TypeCodes.concrete(hs);
    boolean cp = TypeCodes.concrete(hp);
    if (cs && cp) {
      return concreteMatches(sup);
    }
    if (cs) {
      return switch (kind()) {
        case DefType.FUNC -> hp == TypeCodes.FUNC;
        case DefType.STRUCT -> hp == TypeCodes.STRUCT || hp == TypeCodes.EQ || hp == TypeCodes.ANY;
        default -> hp == TypeCodes.ARRAY || hp == TypeCodes.EQ || hp == TypeCodes.ANY;
      };
    }
    if (cp) {
      return sup.kind() == DefType.FUNC ? hs == TypeCodes.NOFUNC : hs == TypeCodes.NONE;
    }
    return TypeCodes.abstractMatches(hs, hp);
  }

  /** Whether the two types are equal: each matches the other. */
  public boolean sameAs(LinkType other) {
    return matches(other) && other.matches(this);
  }

  /**
   * Two concrete types: by identity and declared supertypes when both have one; without GC (no
   * identities) structurally, as typed function references define it; a host's function type
   * structurally against a type whose public form is exact.
   */
  private boolean concreteMatches(LinkType sup) {
    if (id != null && sup.id != null) {
      return id.isSubtypeOf(sup.id);
    }
    TypeId known = id != null ? id : sup.id;
    return function != null
        && function.equals(sup.function)
        && (known == null || known.publicExact());
  }

  private int kind() {
    return id != null ? id.kind() : DefType.FUNC;
  }
}
