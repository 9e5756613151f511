package io.timeslice.wasm.internal.validate;

import static io.timeslice.wasm.internal.validate.FuncValidator.F32;
import static io.timeslice.wasm.internal.validate.FuncValidator.F64;
import static io.timeslice.wasm.internal.validate.FuncValidator.I32;
import static io.timeslice.wasm.internal.validate.FuncValidator.I64;
import static io.timeslice.wasm.internal.validate.FuncValidator.V128;

import io.timeslice.wasm.internal.binary.WasmReader;

/**
 * Validates the fixed-width SIMD instructions ({@code 0xFD} prefix). Each sub-opcode has a shape —
 * its operand and result types and immediates — in {@link #SHAPE}; the table is the whole typing of
 * the proposal.
 */
final class SimdValidator {
  private SimdValidator() {}

  private static final byte ILLEGAL = 0;
  private static final byte UNARY = 1; // v128 -> v128
  private static final byte BINARY = 2; // v128 v128 -> v128
  private static final byte TERNARY = 3; // v128 v128 v128 -> v128
  private static final byte TEST = 4; // v128 -> i32
  private static final byte SHIFT = 5; // v128 i32 -> v128
  private static final byte SPLAT = 6; // scalar -> v128
  private static final byte EXTRACT = 7; // v128 [lane] -> scalar
  private static final byte REPLACE = 8; // v128 scalar [lane] -> v128
  private static final byte LOAD = 9; // i32 [memarg] -> v128
  private static final byte STORE = 10; // i32 v128 [memarg]
  private static final byte LOAD_LANE = 11; // i32 v128 [memarg lane] -> v128
  private static final byte STORE_LANE = 12; // i32 v128 [memarg lane]
  private static final byte CONST = 13;
  private static final byte SHUFFLE = 14;

  /** The relaxed SIMD instructions, 0x100 to 0x113, exist only with that proposal on. */
  private static final int FIRST_RELAXED = 0x100;

  private static final byte[] SHAPE = new byte[0x114];

  /** For lane ops: the lane count; for loads and stores: the natural alignment's log2. */
  private static final byte[] ARG = new byte[0x114];

  /** For splat, extract and replace: the scalar type. */
  private static final int[] SCALAR = new int[0x114];

  private static void set(int from, int to, byte shape) {
    for (int op = from; op <= to; op++) {
      SHAPE[op] = shape;
    }
  }

  private static void set(int op, byte shape, int arg, int scalar) {
    SHAPE[op] = shape;
    ARG[op] = (byte) arg;
    SCALAR[op] = scalar;
  }

  static {
    set(0x00, LOAD, 4, 0);
    for (int op = 0x01; op <= 0x06; op++) {
      set(op, LOAD, 3, 0);
    }
    set(0x07, LOAD, 0, 0);
    set(0x08, LOAD, 1, 0);
    set(0x09, LOAD, 2, 0);
    set(0x0a, LOAD, 3, 0);
    set(0x0b, STORE, 4, 0);
    set(0x0c, CONST, 0, 0);
    set(0x0d, SHUFFLE, 0, 0);
    set(0x0e, 0x0e, BINARY);
    set(0x0f, SPLAT, 0, I32);
    set(0x10, SPLAT, 0, I32);
    set(0x11, SPLAT, 0, I32);
    set(0x12, SPLAT, 0, I64);
    set(0x13, SPLAT, 0, F32);
    set(0x14, SPLAT, 0, F64);
    set(0x15, EXTRACT, 16, I32);
    set(0x16, EXTRACT, 16, I32);
    set(0x17, REPLACE, 16, I32);
    set(0x18, EXTRACT, 8, I32);
    set(0x19, EXTRACT, 8, I32);
    set(0x1a, REPLACE, 8, I32);
    set(0x1b, EXTRACT, 4, I32);
    set(0x1c, REPLACE, 4, I32);
    set(0x1d, EXTRACT, 2, I64);
    set(0x1e, REPLACE, 2, I64);
    set(0x1f, EXTRACT, 4, F32);
    set(0x20, REPLACE, 4, F32);
    set(0x21, EXTRACT, 2, F64);
    set(0x22, REPLACE, 2, F64);
    set(0x23, 0x4c, BINARY); // comparisons of all shapes
    set(0x4d, 0x4d, UNARY); // v128.not
    set(0x4e, 0x51, BINARY); // and, andnot, or, xor
    set(0x52, 0x52, TERNARY); // bitselect
    set(0x53, 0x53, TEST); // any_true
    set(0x54, LOAD_LANE, 16, 0);
    set(0x55, LOAD_LANE, 8, 1);
    set(0x56, LOAD_LANE, 4, 2);
    set(0x57, LOAD_LANE, 2, 3);
    set(0x58, STORE_LANE, 16, 0);
    set(0x59, STORE_LANE, 8, 1);
    set(0x5a, STORE_LANE, 4, 2);
    set(0x5b, STORE_LANE, 2, 3);
    set(0x5c, LOAD, 2, 0);
    set(0x5d, LOAD, 3, 0);
    set(0x5e, 0x62, UNARY); // demote, promote, i8x16 abs, neg, popcnt
    set(0x63, 0x64, TEST); // i8x16 all_true, bitmask
    set(0x65, 0x66, BINARY); // narrow
    set(0x67, 0x6a, UNARY); // f32x4 ceil floor trunc nearest
    set(0x6b, 0x6d, SHIFT);
    set(0x6e, 0x73, BINARY);
    set(0x74, 0x75, UNARY);
    set(0x76, 0x79, BINARY);
    set(0x7a, 0x7a, UNARY);
    set(0x7b, 0x7b, BINARY);
    set(0x7c, 0x81, UNARY); // extadd_pairwise, i16x8 abs, neg
    set(0x82, 0x82, BINARY); // q15mulr_sat_s
    set(0x83, 0x84, TEST);
    set(0x85, 0x86, BINARY);
    set(0x87, 0x8a, UNARY);
    set(0x8b, 0x8d, SHIFT);
    set(0x8e, 0x93, BINARY);
    set(0x94, 0x94, UNARY); // f64x2.nearest
    set(0x95, 0x99, BINARY);
    set(0x9b, 0x9f, BINARY); // avgr_u, extmul
    set(0xa0, 0xa1, UNARY);
    set(0xa3, 0xa4, TEST);
    set(0xa7, 0xaa, UNARY);
    set(0xab, 0xad, SHIFT);
    set(0xae, 0xae, BINARY);
    set(0xb1, 0xb1, BINARY);
    set(0xb5, 0xba, BINARY);
    set(0xbc, 0xbf, BINARY);
    set(0xc0, 0xc1, UNARY);
    set(0xc3, 0xc4, TEST);
    set(0xc7, 0xca, UNARY);
    set(0xcb, 0xcd, SHIFT);
    set(0xce, 0xce, BINARY);
    set(0xd1, 0xd1, BINARY);
    set(0xd5, 0xdf, BINARY); // i64x2.mul, comparisons, extmul
    set(0xe0, 0xe1, UNARY);
    set(0xe3, 0xe3, UNARY);
    set(0xe4, 0xeb, BINARY);
    set(0xec, 0xed, UNARY);
    set(0xef, 0xef, UNARY);
    set(0xf0, 0xf7, BINARY);
    set(0xf8, 0xff, UNARY); // conversions
    set(0x100, 0x100, BINARY); // relaxed_swizzle
    set(0x101, 0x104, UNARY); // relaxed truncations
    set(0x105, 0x10c, TERNARY); // relaxed madd, nmadd, laneselect
    set(0x10d, 0x112, BINARY); // relaxed min, max, q15mulr, dot
    set(0x113, 0x113, TERNARY); // relaxed dot with accumulator
  }

  static void instruction(FuncValidator v, int sub) {
    WasmReader in = v.reader();
    int op = FuncValidator.PREFIX_SIMD | sub;
    // A u32 sub-opcode of 2^31 or more is a negative int: compare unsigned.
    byte shape = Integer.compareUnsigned(sub, SHAPE.length) < 0 ? SHAPE[sub] : ILLEGAL;
    if (sub >= FIRST_RELAXED && !v.relaxedSimd()) {
      shape = ILLEGAL;
    }
    switch (shape) {
      case UNARY -> {
        v.simdUnop(V128, V128);
        v.visitor().plain(op);
      }
      case BINARY -> {
        v.simdBinop(V128, V128);
        v.visitor().plain(op);
      }
      case TERNARY -> {
        v.simdPop(V128);
        v.simdPop(V128);
        v.simdPop(V128);
        v.simdPush(V128);
        v.visitor().plain(op);
      }
      case TEST -> {
        v.simdUnop(V128, I32);
        v.visitor().plain(op);
      }
      case SHIFT -> {
        v.simdPop(I32);
        v.simdPop(V128);
        v.simdPush(V128);
        v.visitor().plain(op);
      }
      case SPLAT -> {
        v.simdUnop(SCALAR[sub], V128);
        v.visitor().plain(op);
      }
      case EXTRACT -> {
        int lane = lane(v, in, ARG[sub]);
        v.simdUnop(V128, SCALAR[sub]);
        v.visitor().lane(op, lane);
      }
      case REPLACE -> {
        int lane = lane(v, in, ARG[sub]);
        v.simdPop(SCALAR[sub]);
        v.simdPop(V128);
        v.simdPush(V128);
        v.visitor().lane(op, lane);
      }
      case LOAD -> {
        long offset = v.memarg(ARG[sub]);
        v.simdUnop(v.lastAddressType(), V128);
        v.visitor().memory(op, v.lastAlign(), offset, v.lastMemory());
      }
      case STORE -> {
        long offset = v.memarg(ARG[sub]);
        v.simdPop(V128);
        v.simdPop(v.lastAddressType());
        v.visitor().memory(op, v.lastAlign(), offset, v.lastMemory());
      }
      case LOAD_LANE, STORE_LANE -> {
        int lanes = ARG[sub];
        long offset = v.memarg(laneAlignment(sub));
        int lane = lane(v, in, lanes);
        v.simdPop(V128);
        v.simdPop(v.lastAddressType());
        if (shape == LOAD_LANE) {
          v.simdPush(V128);
        }
        v.visitor().memoryLane(op, v.lastAlign(), offset, lane, v.lastMemory());
      }
      case CONST -> {
        long low = in.fixed64();
        long high = in.fixed64();
        v.simdPush(V128);
        v.visitor().v128Const(low, high);
      }
      case SHUFFLE -> {
        byte[] lanes = new byte[16];
        for (int i = 0; i < 16; i++) {
          int lane = in.u8();
          if (lane >= 32) {
            throw v.simdInvalid("invalid lane index");
          }
          lanes[i] = (byte) lane;
        }
        v.simdBinop(V128, V128);
        v.visitor().shuffle(lanes);
      }
      default ->
          throw WasmReader.malformedAt(
              "illegal opcode 0xfd " + Integer.toUnsignedString(sub), v.instructionOffset());
    }
  }

  /** Lane loads and stores: 8, 16, 32 and 64-bit lanes have natural alignments 0 to 3. */
  private static int laneAlignment(int sub) {
    return (sub - 0x54) & 3;
  }

  private static int lane(FuncValidator v, WasmReader in, int lanes) {
    int lane = in.u8();
    if (lane >= lanes) {
      throw v.simdInvalid("invalid lane index");
    }
    return lane;
  }
}
