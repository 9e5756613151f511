package io.timeslice.storage;

import java.util.Locale;

/**
 * The Wasm value types a job's arguments and results have, stored by their text-format names
 * ({@code i32}, {@code f64}, ...) in the {@code argument_types} and {@code result_types} columns.
 */
public enum WasmType {
  /** 32-bit integer. */
  I32,
  /** 64-bit integer. */
  I64,
  /** 32-bit float. */
  F32,
  /** 64-bit float. */
  F64,
  /** 128-bit vector. */
  V128,
  /** Function reference. */
  FUNCREF,
  /** Host reference. */
  EXTERNREF;

  /** The text-format name, as stored. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code text} in the text format. */
  public static WasmType ofText(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
