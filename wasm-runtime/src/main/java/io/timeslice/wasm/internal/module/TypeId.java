package io.timeslice.wasm.internal.module;

import org.jspecify.annotations.Nullable;

/**
 * A defined type's identity across modules (GC): equal exactly when the types are iso-recursively
 * equal, as a digest of its recursion group's structure (with references out of the group by their
 * own identities) and its position there; with its declared supertype, for the subtype checks of
 * {@code call_indirect} and of linking.
 */
public final class TypeId {
  private final String id;
  private final @Nullable TypeId supertype;
  private final int kind;
  private final boolean publicExact;

  TypeId(String id, @Nullable TypeId supertype, int kind, boolean publicExact) {
    this.id = id;
    this.supertype = supertype;
    this.kind = kind;
    this.publicExact = publicExact;
  }

  /** The type's kind: {@link DefType#FUNC}, {@link DefType#STRUCT} or {@link DefType#ARRAY}. */
  public int kind() {
    return kind;
  }

  /**
   * Whether the type's public {@link io.timeslice.wasm.FuncType} tells it apart from every other
   * type: a final function type alone in its group, without supertype, whose references are to such
   * types or to heap types the public API names ({@code any}, not {@code eq} or a struct). A host's
   * function type is matched structurally against such a type only.
   */
  public boolean publicExact() {
    return publicExact;
  }

  /** Whether this type is {@code other} or declares it among its supertypes. */
  public boolean isSubtypeOf(TypeId other) {
    for (TypeId t = this; t != null; t = t.supertype) {
      if (t.id.equals(other.id)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypeId t && t.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
