package io.timeslice.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Wasm values with their types: each value's raw bits (as the engine passes them, an i32 in the low
 * 32 bits) beside its type, stored as {@code bigint[]} and a types array.
 *
 * @param types each value's type
 * @param bits each value's raw bits
 */
public record WasmValues(List<WasmType> types, long[] bits) {
  /** No values. */
  public static final WasmValues NONE = new WasmValues(List.of(), new long[0]);

  /** Checks that every value has a type. */
  public WasmValues {
    types = List.copyOf(types);
    bits = bits.clone();
    if (types.size() != bits.length) {
      throw new IllegalArgumentException(
          types.size() + " types for " + bits.length + " values: each value needs its type");
    }
  }

  /** How many values. */
  public int size() {
    return bits.length;
  }

  @Override
  public long[] bits() {
    return bits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WasmValues v && types.equals(v.types) && Arrays.equals(bits, v.bits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(types, Arrays.hashCode(bits));
  }

  @Override
  public String toString() {
    return "WasmValues" + types + Arrays.toString(bits);
  }
}
