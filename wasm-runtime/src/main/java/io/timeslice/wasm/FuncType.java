package io.timeslice.wasm;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A function signature: parameter and result types. Immutable; equal when the types are. */
public final class FuncType implements ExternType {
  private final ValType[] params;
  private final ValType[] results;

  /**
   * Typed function references' details of the parameters, then the results (null where a type is
   * all its {@link ValType} says); null when no type has any.
   */
  private final @Nullable RefType @Nullable [] refs;

  private final int hash;
  private final int paramCells;
  private final int resultCells;

  /** A signature with the given parameter and result types. */
  public FuncType(List<ValType> params, List<ValType> results) {
    this(params, results, List.of());
  }

  /**
   * A signature whose reference types may have typed function references' details: {@code refs}
   * holds the parameters' then the results' ({@link RefType#of}; null for a plain type), or is
   * empty when none has any.
   *
   * @throws IllegalArgumentException when {@code refs} is neither empty nor one per type, or a
   *     detail's heap type is not its type's
   */
  public FuncType(List<ValType> params, List<ValType> results, List<@Nullable RefType> refs) {
    this.params = params.toArray(ValType[]::new);
    this.results = results.toArray(ValType[]::new);
    this.refs = details(this.params, this.results, refs);
    this.hash =
        31 * (31 * Arrays.hashCode(this.params) + Arrays.hashCode(this.results))
            + Arrays.hashCode(this.refs);
    this.paramCells = cells(this.params);
    this.resultCells = cells(this.results);
  }

  private static @Nullable RefType @Nullable [] details(
      ValType[] params, ValType[] results, List<@Nullable RefType> refs) {
    if (refs.isEmpty()) {
      return null;
    }
    if (refs.size() != params.length + results.length) {
      throw new IllegalArgumentException("one reference detail per type, or none");
    }
    @Nullable RefType[] out = new RefType[refs.size()];
    boolean any = false;
    for (int i = 0; i < out.length; i++) {
      RefType r = refs.get(i);
      ValType t = i < params.length ? params[i] : results[i - params.length];
      if (r != null && r.heap() != t) {
        throw new IllegalArgumentException("the detail " + r + " is not of type " + t);
      }
      out[i] = r;
      any |= r != null;
    }
    return any ? out : null;
  }

  /** Parameter {@code i}'s typed-reference details, or null when its {@link ValType} says all. */
  public @Nullable RefType paramRef(int i) {
    return refs == null ? null : refs[i];
  }

  /** Result {@code i}'s typed-reference details, or null when its {@link ValType} says all. */
  public @Nullable RefType resultRef(int i) {
    return refs == null ? null : refs[params.length + i];
  }

  private static int cells(ValType[] types) {
    int n = 0;
    for (ValType t : types) {
      n += t.cells();
    }
    return n;
  }

  /** The parameter types. */
  public List<ValType> params() {
    return List.of(params);
  }

  /** The result types. */
  public List<ValType> results() {
    return List.of(results);
  }

  /** The number of parameters. */
  public int paramCount() {
    return params.length;
  }

  /** The number of results. */
  public int resultCount() {
    return results.length;
  }

  /** The longs the arguments take as raw bits: the parameters, a v128 counting two. */
  public int paramCells() {
    return paramCells;
  }

  /** The longs the results take as raw bits: the results, a v128 counting two. */
  public int resultCells() {
    return resultCells;
  }

  /** Parameter {@code i}. */
  public ValType param(int i) {
    return params[i];
  }

  /** Result {@code i}. */
  public ValType result(int i) {
    return results[i];
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FuncType other) || !sameShape(other)) {
      return false;
    }
    return refs == null || sameReferencedTypes(other);
  }

  /** Equal value types and hash, and details in the same places, without following them. */
  private boolean sameShape(FuncType other) {
    return hash == other.hash
        && Arrays.equals(params, other.params)
        && Arrays.equals(results, other.results)
        && (refs == null) == (other.refs == null);
  }

  /**
   * Whether the typed-reference details are equal, the function types they name compared
   * structurally: with a work list and the pairs already compared, so that a long chain of types
   * naming types cannot overflow the stack, nor a type naming one type many times take exponential
   * time.
   */
  private boolean sameReferencedTypes(FuncType other) {
    java.util.ArrayDeque<FuncType[]> work = new java.util.ArrayDeque<>();
    java.util.Set<Pair> compared = new java.util.HashSet<>();
    work.push(new FuncType[] {this, other});
    while (!work.isEmpty()) {
      FuncType[] pair = work.pop();
      FuncType a = pair[0];
      FuncType b = pair[1];
      if (a == b || !compared.add(new Pair(a, b))) {
        continue;
      }
      if (!a.sameShape(b)) {
        return false;
      }
      for (int i = 0; a.refs != null && i < a.refs.length; i++) {
        RefType x = a.refs[i];
        RefType y = b.refs[i];
        if (x == null || y == null) {
          if (x != y) {
            return false;
          }
        } else if (x.nullable() != y.nullable() || x.heap() != y.heap()) {
          return false;
        } else if (x.function() == null || y.function() == null) {
          if (x.function() != y.function()) {
            return false;
          }
        } else {
          work.push(new FuncType[] {x.function(), y.function()});
        }
      }
    }
    return true;
  }

  /** Two function types by identity, as a key of the pairs compared. */
  private record Pair(FuncType a, FuncType b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Pair p && a == p.a && b == p.b;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(a) + System.identityHashCode(b);
    }
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The text format's notation, e.g. {@code (func (param i32 i64) (result f32))}. */
  @Override
  public String toString() {
    return describe(1);
  }

  /**
   * The text form, the function types that references name spelled out {@code levels} deep and
   * deeper ones as {@code (func ...)}: types may name the same type many times, and deeply.
   */
  String describe(int levels) {
    StringBuilder s = new StringBuilder("(func");
    if (params.length > 0) {
      s.append(" (param");
      for (int i = 0; i < params.length; i++) {
        s.append(' ').append(name(params[i], paramRef(i), levels));
      }
      s.append(')');
    }
    if (results.length > 0) {
      s.append(" (result");
      for (int i = 0; i < results.length; i++) {
        s.append(' ').append(name(results[i], resultRef(i), levels));
      }
      s.append(')');
    }
    return s.append(')').toString();
  }

  private static String name(ValType type, @Nullable RefType ref, int levels) {
    return ref == null ? type.toString() : ref.describe(levels - 1);
  }
}
