package io.timeslice.wasm;

import org.jspecify.annotations.Nullable;

/** A WebAssembly value type, with its binary encoding. */
public enum ValType {
  /** 32-bit integer. */
  I32(0x7f),
  /** 64-bit integer. */
  I64(0x7e),
  /** 32-bit IEEE 754 float. */
  F32(0x7d),
  /** 64-bit IEEE 754 float. */
  F64(0x7c),
  /** 128-bit SIMD vector. */
  V128(0x7b),
  /** A reference to a function, or null. */
  FUNCREF(0x70),
  /** A reference to a host object, or null. */
  EXTERNREF(0x6f),
  /**
   * A caught exception (exception handling's {@code exnref}), or null. A host cannot make one: it
   * passes null, or one it received from Wasm.
   */
  EXNREF(0x69),
  /**
   * A reference of GC's {@code any} hierarchy ({@code anyref}), or null: the public type of every
   * reference to {@code any}, {@code eq}, {@code i31}, {@code struct}, {@code array}, {@code none}
   * and to a struct or array type, which {@link RefType} does not tell apart. A host cannot make
   * one: it passes null, or one it received from Wasm.
   */
  ANYREF(0x6e),
  /** GC's {@code nullref}, {@code (ref null none)}: only null. */
  NULLREF(0x71),
  /** GC's {@code nullfuncref}, {@code (ref null nofunc)}: only null. */
  NULLFUNCREF(0x73),
  /** GC's {@code nullexternref}, {@code (ref null noextern)}: only null. */
  NULLEXTERNREF(0x72),
  /** Exception handling's {@code nullexnref}, {@code (ref null noexn)}: only null. */
  NULLEXNREF(0x74);

  private final int code;

  ValType(int code) {
    this.code = code;
  }

  /** The type's byte in the binary format. */
  public int code() {
    return code;
  }

  /**
   * How many longs a value of this type takes in raw-bits arrays ({@link Func#call}'s arguments and
   * results, host functions'): 2 for a v128 (bytes 0-7, then 8-15), else 1.
   */
  public int cells() {
    return this == V128 ? 2 : 1;
  }

  /** Whether this is a reference type. */
  public boolean isReference() {
    return this == FUNCREF || this == EXTERNREF || this == EXNREF || this == ANYREF || isNull();
  }

  /** The type of binary code {@code code}, or null when there is none. */
  /** Whether this is one of GC's bottom reference types, whose only value is null. */
  public boolean isNull() {
    return this == NULLREF || this == NULLFUNCREF || this == NULLEXTERNREF || this == NULLEXNREF;
  }

  /**
   * The value type of binary code {@code code}, or null.
   *
   * @param code a value type's byte
   * @return its type
   */
  public static @Nullable ValType ofCode(int code) {
    return switch (code) {
      case 0x7f -> I32;
      case 0x7e -> I64;
      case 0x7d -> F32;
      case 0x7c -> F64;
      case 0x7b -> V128;
      case 0x70 -> FUNCREF;
      case 0x6f -> EXTERNREF;
      case 0x69 -> EXNREF;
      case 0x6e -> ANYREF;
      case 0x71 -> NULLREF;
      case 0x73 -> NULLFUNCREF;
      case 0x72 -> NULLEXTERNREF;
      case 0x74 -> NULLEXNREF;
      default -> null;
    };
  }

  /** The text format's name, e.g. {@code i32}, {@code funcref}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
