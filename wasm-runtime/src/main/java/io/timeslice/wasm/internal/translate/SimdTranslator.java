package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.validate.FuncValidator;

/**
 * The v128 part of the {@link Translator}: emits the IR ops of simd.isa for the {@code 0xFD}
 * instructions, which the validator has checked. The ops have the Wasm names ({@code i8x16.add} is
 * {@code i8x16_add}); an f32x4 or f64x2 splat or lane access is the i32x4 or i64x2 one, since a
 * cell holds a float as its bits. A v128 result takes the cells where its first operand began, like
 * any result; the operands' slots are read before the result is written (docs/ir.md).
 */
final class SimdTranslator {
  private static final int I32 = 0x7f;
  private static final int I64 = 0x7e;
  private static final int F32 = 0x7d;
  private static final int F64 = 0x7c;
  private static final int V128 = 0x7b;

  /** The Wasm name of each SIMD sub-opcode (null: none), from the specification's opcode table. */
  private static final String[] NAMES = new String[0x114];

  /** The IR op of each sub-opcode. */
  private static final int[] OPS = new int[0x114];

  private static void name(int sub, String... names) {
    for (int i = 0; i < names.length; i++) {
      NAMES[sub + i] = names[i];
    }
  }

  static {
    name(
        0x00,
        "v128.load",
        "v128.load8x8_s",
        "v128.load8x8_u",
        "v128.load16x4_s",
        "v128.load16x4_u",
        "v128.load32x2_s",
        "v128.load32x2_u",
        "v128.load8_splat",
        "v128.load16_splat",
        "v128.load32_splat",
        "v128.load64_splat",
        "v128.store",
        null,
        "i8x16.shuffle",
        "i8x16.swizzle",
        "i8x16.splat",
        "i16x8.splat",
        "i32x4.splat",
        "i64x2.splat",
        "i32x4.splat", // f32x4.splat
        "i64x2.splat", // f64x2.splat
        "i8x16.extract_lane_s",
        "i8x16.extract_lane_u",
        "i8x16.replace_lane",
        "i16x8.extract_lane_s",
        "i16x8.extract_lane_u",
        "i16x8.replace_lane",
        "i32x4.extract_lane",
        "i32x4.replace_lane",
        "i64x2.extract_lane",
        "i64x2.replace_lane",
        "i32x4.extract_lane", // f32x4.extract_lane
        "i32x4.replace_lane", // f32x4.replace_lane
        "i64x2.extract_lane", // f64x2.extract_lane
        "i64x2.replace_lane"); // f64x2.replace_lane
    String[] cmp = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
    for (int i = 0; i < cmp.length; i++) {
      NAMES[0x23 + i] = "i8x16." + cmp[i];
      NAMES[0x2d + i] = "i16x8." + cmp[i];
      NAMES[0x37 + i] = "i32x4." + cmp[i];
    }
    String[] fcmp = {"eq", "ne", "lt", "gt", "le", "ge"};
    for (int i = 0; i < fcmp.length; i++) {
      NAMES[0x41 + i] = "f32x4." + fcmp[i];
      NAMES[0x47 + i] = "f64x2." + fcmp[i];
    }
    name(
        0x4d,
        "v128.not",
        "v128.and",
        "v128.andnot",
        "v128.or",
        "v128.xor",
        "v128.bitselect",
        "v128.any_true",
        "v128.load8_lane",
        "v128.load16_lane",
        "v128.load32_lane",
        "v128.load64_lane",
        "v128.store8_lane",
        "v128.store16_lane",
        "v128.store32_lane",
        "v128.store64_lane",
        "v128.load32_zero",
        "v128.load64_zero",
        "f32x4.demote_f64x2_zero",
        "f64x2.promote_low_f32x4",
        "i8x16.abs",
        "i8x16.neg",
        "i8x16.popcnt",
        "i8x16.all_true",
        "i8x16.bitmask",
        "i8x16.narrow_i16x8_s",
        "i8x16.narrow_i16x8_u",
        "f32x4.ceil",
        "f32x4.floor",
        "f32x4.trunc",
        "f32x4.nearest",
        "i8x16.shl",
        "i8x16.shr_s",
        "i8x16.shr_u",
        "i8x16.add",
        "i8x16.add_sat_s",
        "i8x16.add_sat_u",
        "i8x16.sub",
        "i8x16.sub_sat_s",
        "i8x16.sub_sat_u",
        "f64x2.ceil",
        "f64x2.floor",
        "i8x16.min_s",
        "i8x16.min_u",
        "i8x16.max_s",
        "i8x16.max_u",
        "f64x2.trunc",
        "i8x16.avgr_u",
        "i16x8.extadd_pairwise_i8x16_s",
        "i16x8.extadd_pairwise_i8x16_u",
        "i32x4.extadd_pairwise_i16x8_s",
        "i32x4.extadd_pairwise_i16x8_u",
        "i16x8.abs",
        "i16x8.neg",
        "i16x8.q15mulr_sat_s",
        "i16x8.all_true",
        "i16x8.bitmask",
        "i16x8.narrow_i32x4_s",
        "i16x8.narrow_i32x4_u",
        "i16x8.extend_low_i8x16_s",
        "i16x8.extend_high_i8x16_s",
        "i16x8.extend_low_i8x16_u",
        "i16x8.extend_high_i8x16_u",
        "i16x8.shl",
        "i16x8.shr_s",
        "i16x8.shr_u",
        "i16x8.add",
        "i16x8.add_sat_s",
        "i16x8.add_sat_u",
        "i16x8.sub",
        "i16x8.sub_sat_s",
        "i16x8.sub_sat_u",
        "f64x2.nearest",
        "i16x8.mul",
        "i16x8.min_s",
        "i16x8.min_u",
        "i16x8.max_s",
        "i16x8.max_u",
        null,
        "i16x8.avgr_u",
        "i16x8.extmul_low_i8x16_s",
        "i16x8.extmul_high_i8x16_s",
        "i16x8.extmul_low_i8x16_u",
        "i16x8.extmul_high_i8x16_u",
        "i32x4.abs",
        "i32x4.neg",
        null,
        "i32x4.all_true",
        "i32x4.bitmask",
        null,
        null,
        "i32x4.extend_low_i16x8_s",
        "i32x4.extend_high_i16x8_s",
        "i32x4.extend_low_i16x8_u",
        "i32x4.extend_high_i16x8_u",
        "i32x4.shl",
        "i32x4.shr_s",
        "i32x4.shr_u",
        "i32x4.add",
        null,
        null,
        "i32x4.sub",
        null,
        null,
        null,
        "i32x4.mul",
        "i32x4.min_s",
        "i32x4.min_u",
        "i32x4.max_s",
        "i32x4.max_u",
        "i32x4.dot_i16x8_s",
        null,
        "i32x4.extmul_low_i16x8_s",
        "i32x4.extmul_high_i16x8_s",
        "i32x4.extmul_low_i16x8_u",
        "i32x4.extmul_high_i16x8_u",
        "i64x2.abs",
        "i64x2.neg",
        null,
        "i64x2.all_true",
        "i64x2.bitmask",
        null,
        null,
        "i64x2.extend_low_i32x4_s",
        "i64x2.extend_high_i32x4_s",
        "i64x2.extend_low_i32x4_u",
        "i64x2.extend_high_i32x4_u",
        "i64x2.shl",
        "i64x2.shr_s",
        "i64x2.shr_u",
        "i64x2.add",
        null,
        null,
        "i64x2.sub",
        null,
        null,
        null,
        "i64x2.mul",
        "i64x2.eq",
        "i64x2.ne",
        "i64x2.lt_s",
        "i64x2.gt_s",
        "i64x2.le_s",
        "i64x2.ge_s",
        "i64x2.extmul_low_i32x4_s",
        "i64x2.extmul_high_i32x4_s",
        "i64x2.extmul_low_i32x4_u",
        "i64x2.extmul_high_i32x4_u",
        "f32x4.abs",
        "f32x4.neg",
        null,
        "f32x4.sqrt",
        "f32x4.add",
        "f32x4.sub",
        "f32x4.mul",
        "f32x4.div",
        "f32x4.min",
        "f32x4.max",
        "f32x4.pmin",
        "f32x4.pmax",
        "f64x2.abs",
        "f64x2.neg",
        null,
        "f64x2.sqrt",
        "f64x2.add",
        "f64x2.sub",
        "f64x2.mul",
        "f64x2.div",
        "f64x2.min",
        "f64x2.max",
        "f64x2.pmin",
        "f64x2.pmax",
        "i32x4.trunc_sat_f32x4_s",
        "i32x4.trunc_sat_f32x4_u",
        "f32x4.convert_i32x4_s",
        "f32x4.convert_i32x4_u",
        "i32x4.trunc_sat_f64x2_s_zero",
        "i32x4.trunc_sat_f64x2_u_zero",
        "f64x2.convert_low_i32x4_s",
        "f64x2.convert_low_i32x4_u");
    // Relaxed SIMD: the fixed choice of each (docs/proposals.md), most of them ops above.
    name(
        0x100,
        "i8x16.swizzle", // relaxed_swizzle: 0 for an index of 16 or more
        "i32x4.trunc_sat_f32x4_s", // relaxed_trunc: saturating, NaN 0
        "i32x4.trunc_sat_f32x4_u",
        "i32x4.trunc_sat_f64x2_s_zero",
        "i32x4.trunc_sat_f64x2_u_zero",
        "f32x4.relaxed_madd",
        "f32x4.relaxed_nmadd",
        "f64x2.relaxed_madd",
        "f64x2.relaxed_nmadd",
        "v128.bitselect", // relaxed_laneselect of any lane width: bit by bit
        "v128.bitselect",
        "v128.bitselect",
        "v128.bitselect",
        "f32x4.min", // relaxed_min and max: as min and max, NaN and -0 included
        "f32x4.max",
        "f64x2.min",
        "f64x2.max",
        "i16x8.q15mulr_sat_s", // relaxed_q15mulr_s: saturating
        "i16x8.relaxed_dot_i8x16_i7x16_s",
        "i32x4.relaxed_dot_i8x16_i7x16_add_s");
    for (int sub = 0; sub < NAMES.length; sub++) {
      OPS[sub] = NAMES[sub] == null ? WasmOps.NONE : WasmOps.byName(NAMES[sub].replace('.', '_'));
      if (NAMES[sub] != null && OPS[sub] == WasmOps.NONE) {
        throw new ExceptionInInitializerError("no IR op for " + NAMES[sub]);
      }
    }
  }

  private final OperandStack s;
  private final Fusion fusion;
  private final IrWriter w;
  private final MemoryTranslator memories;

  SimdTranslator(OperandStack stack, Fusion fusion, IrWriter w, MemoryTranslator memories) {
    this.s = stack;
    this.fusion = fusion;
    this.w = w;
    this.memories = memories;
  }

  /** The IR op of {@code opcode} ({@code PREFIX_SIMD | sub}). */
  private static int op(int opcode) {
    int sub = opcode - FuncValidator.PREFIX_SIMD;
    int op = sub >= 0 && sub < OPS.length ? OPS[sub] : WasmOps.NONE;
    if (op == WasmOps.NONE) {
      throw new UnsupportedOperationException(
          "not supported by the translator yet: SIMD opcode 0xfd " + Integer.toHexString(sub));
    }
    return op;
  }

  /** The type code of an instruction's result that is not a v128: the tests and lane reads. */
  private static int resultType(int op) {
    return switch (op) {
      case Op.V128_ANY_TRUE,
          Op.I8X16_ALL_TRUE,
          Op.I16X8_ALL_TRUE,
          Op.I32X4_ALL_TRUE,
          Op.I64X2_ALL_TRUE,
          Op.I8X16_BITMASK,
          Op.I16X8_BITMASK,
          Op.I32X4_BITMASK,
          Op.I64X2_BITMASK,
          Op.I8X16_EXTRACT_LANE_S,
          Op.I8X16_EXTRACT_LANE_U,
          Op.I16X8_EXTRACT_LANE_S,
          Op.I16X8_EXTRACT_LANE_U,
          Op.I32X4_EXTRACT_LANE ->
          I32;
      case Op.I64X2_EXTRACT_LANE -> I64;
      default -> V128;
    };
  }

  /** An instruction without immediates: v128 → v128 or i32, two or three operands, splats. */
  void plain(int opcode) {
    int op = op(opcode);
    int at;
    int h;
    switch (Op.format(op)) {
      case RA -> {
        h = s.height() - 1;
        int a = s.slotFor(h);
        s.pop(1);
        at = w.ra(op, s.slotOf(h), a);
      }
      case RAB -> {
        h = s.height() - 2;
        int a = s.slotFor(h);
        int b = s.slotFor(h + 1);
        s.pop(2);
        at = w.rab(op, s.slotOf(h), a, b);
      }
      default -> {
        h = s.height() - 3;
        int a = s.slotFor(h);
        int b = s.slotFor(h + 1);
        int c = s.slotFor(h + 2);
        s.pop(3);
        at = w.rabc(op, s.slotOf(h), a, b, c);
      }
    }
    s.pushTemp(resultType(op));
    fusion.produced(at);
  }

  /** An extract or replace lane. */
  void lane(int opcode, int lane) {
    int op = op(opcode);
    int at;
    int sub = opcode - FuncValidator.PREFIX_SIMD;
    if (Op.format(op) == io.timeslice.wasm.internal.ir.OpFormat.RAI) {
      int h = s.height() - 1;
      int a = s.slotFor(h);
      s.pop(1);
      at = w.rai(op, s.slotOf(h), a, lane);
      // f32x4 and f64x2 extract through the integer ops: the cell holds the float's bits.
      s.pushTemp(sub == 0x1f ? F32 : sub == 0x21 ? F64 : resultType(op));
    } else {
      int h = s.height() - 2;
      int a = s.slotFor(h);
      int b = s.slotFor(h + 1);
      s.pop(2);
      at = w.rabi(op, s.slotOf(h), a, b, lane);
      s.pushTemp(V128);
    }
    fusion.produced(at);
  }

  /** {@code i8x16.shuffle}. */
  void shuffle(byte[] lanes) {
    int h = s.height() - 2;
    int a = s.slotFor(h);
    int b = s.slotFor(h + 1);
    s.pop(2);
    int at = w.rabv(Op.I8X16_SHUFFLE, s.slotOf(h), a, b, lanes);
    s.pushTemp(V128);
    fusion.produced(at);
  }

  /**
   * A whole-vector load or {@code v128.store} of {@code memory}; as for the scalar accesses, a
   * 64-bit address is converted first and another memory than memory 0 selected right before.
   */
  void memory(int opcode, long offset, int memory) {
    int op = op(opcode);
    if (op == Op.V128_STORE) {
      int h = s.height() - 2;
      int off = memories.address64(h, memory, offset);
      int address = s.slotFor(h);
      int value = s.slotFor(h + 1);
      s.pop(2);
      memories.select(memory);
      w.abo(op, address, value, off);
      memories.endAccess(memory);
      return;
    }
    int h = s.height() - 1;
    int off = memories.address64(h, memory, offset);
    int address = s.slotFor(h);
    s.pop(1);
    memories.select(memory);
    int at = w.rao(op, s.slotOf(h), address, off);
    s.pushTemp(V128);
    fusion.produced(at);
    memories.endAccess(memory);
  }

  /** A lane load (the vector with one lane from memory) or a lane store. */
  void memoryLane(int opcode, long offset, int lane, int memory) {
    int op = op(opcode);
    int h = s.height() - 2;
    int off = memories.address64(h, memory, offset);
    int address = s.slotFor(h);
    int vector = s.slotFor(h + 1);
    s.pop(2);
    memories.select(memory);
    if (Op.format(op) == io.timeslice.wasm.internal.ir.OpFormat.ABOL) {
      w.abol(op, address, vector, off, lane);
    } else {
      int at = w.rabol(op, s.slotOf(h), address, vector, off, lane);
      s.pushTemp(V128);
      fusion.produced(at);
    }
    memories.endAccess(memory);
  }
}
