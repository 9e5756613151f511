package io.timeslice.wasm;

import java.util.Arrays;
import java.util.List;

/** A function signature: parameter and result types. Immutable; equal when the types are. */
public final class FuncType implements ExternType {
  private final ValType[] params;
  private final ValType[] results;
  private final int hash;
  private final int paramCells;
  private final int resultCells;

  /** A signature with the given parameter and result types. */
  public FuncType(List<ValType> params, List<ValType> results) {
    this.params = params.toArray(ValType[]::new);
    this.results = results.toArray(ValType[]::new);
    this.hash = 31 * Arrays.hashCode(this.params) + Arrays.hashCode(this.results);
    this.paramCells = cells(this.params);
    this.resultCells = cells(this.results);
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
    return o instanceof FuncType other
        && hash == other.hash
        && Arrays.equals(params, other.params)
        && Arrays.equals(results, other.results);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** The text format's notation, e.g. {@code (func (param i32 i64) (result f32))}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("(func");
    if (params.length > 0) {
      s.append(" (param");
      for (ValType t : params) {
        s.append(' ').append(t);
      }
      s.append(')');
    }
    if (results.length > 0) {
      s.append(" (result");
      for (ValType t : results) {
        s.append(' ').append(t);
      }
      s.append(')');
    }
    return s.append(')').toString();
  }
}
