package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.validate.FuncValidator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps Wasm opcodes to the IR ops of the same name ({@code i32.add} → {@code I32_ADD}), so that the
 * ISA table stays the one place that names operations. Reinterpretations have no IR op: they only
 * change the type the translator records.
 */
final class WasmOps {
  private WasmOps() {}

  private static final String[] NUMERIC = {
    "i32.eqz",
    "i32.eq",
    "i32.ne",
    "i32.lt_s",
    "i32.lt_u",
    "i32.gt_s",
    "i32.gt_u",
    "i32.le_s",
    "i32.le_u",
    "i32.ge_s",
    "i32.ge_u",
    "i64.eqz",
    "i64.eq",
    "i64.ne",
    "i64.lt_s",
    "i64.lt_u",
    "i64.gt_s",
    "i64.gt_u",
    "i64.le_s",
    "i64.le_u",
    "i64.ge_s",
    "i64.ge_u",
    "f32.eq",
    "f32.ne",
    "f32.lt",
    "f32.gt",
    "f32.le",
    "f32.ge",
    "f64.eq",
    "f64.ne",
    "f64.lt",
    "f64.gt",
    "f64.le",
    "f64.ge",
    "i32.clz",
    "i32.ctz",
    "i32.popcnt",
    "i32.add",
    "i32.sub",
    "i32.mul",
    "i32.div_s",
    "i32.div_u",
    "i32.rem_s",
    "i32.rem_u",
    "i32.and",
    "i32.or",
    "i32.xor",
    "i32.shl",
    "i32.shr_s",
    "i32.shr_u",
    "i32.rotl",
    "i32.rotr",
    "i64.clz",
    "i64.ctz",
    "i64.popcnt",
    "i64.add",
    "i64.sub",
    "i64.mul",
    "i64.div_s",
    "i64.div_u",
    "i64.rem_s",
    "i64.rem_u",
    "i64.and",
    "i64.or",
    "i64.xor",
    "i64.shl",
    "i64.shr_s",
    "i64.shr_u",
    "i64.rotl",
    "i64.rotr",
    "f32.abs",
    "f32.neg",
    "f32.ceil",
    "f32.floor",
    "f32.trunc",
    "f32.nearest",
    "f32.sqrt",
    "f32.add",
    "f32.sub",
    "f32.mul",
    "f32.div",
    "f32.min",
    "f32.max",
    "f32.copysign",
    "f64.abs",
    "f64.neg",
    "f64.ceil",
    "f64.floor",
    "f64.trunc",
    "f64.nearest",
    "f64.sqrt",
    "f64.add",
    "f64.sub",
    "f64.mul",
    "f64.div",
    "f64.min",
    "f64.max",
    "f64.copysign",
    "i32.wrap_i64",
    "i32.trunc_f32_s",
    "i32.trunc_f32_u",
    "i32.trunc_f64_s",
    "i32.trunc_f64_u",
    "i64.extend_i32_s",
    "i64.extend_i32_u",
    "i64.trunc_f32_s",
    "i64.trunc_f32_u",
    "i64.trunc_f64_s",
    "i64.trunc_f64_u",
    "f32.convert_i32_s",
    "f32.convert_i32_u",
    "f32.convert_i64_s",
    "f32.convert_i64_u",
    "f32.demote_f64",
    "f64.convert_i32_s",
    "f64.convert_i32_u",
    "f64.convert_i64_s",
    "f64.convert_i64_u",
    "f64.promote_f32",
    "i32.reinterpret_f32",
    "i64.reinterpret_f64",
    "f32.reinterpret_i32",
    "f64.reinterpret_i64",
    "i32.extend8_s",
    "i32.extend16_s",
    "i64.extend8_s",
    "i64.extend16_s",
    "i64.extend32_s"
  };

  private static final String[] MEMORY = {
    "i32.load",
    "i64.load",
    "f32.load",
    "f64.load",
    "i32.load8_s",
    "i32.load8_u",
    "i32.load16_s",
    "i32.load16_u",
    "i64.load8_s",
    "i64.load8_u",
    "i64.load16_s",
    "i64.load16_u",
    "i64.load32_s",
    "i64.load32_u",
    "i32.store",
    "i64.store",
    "f32.store",
    "f64.store",
    "i32.store8",
    "i32.store16",
    "i64.store8",
    "i64.store16",
    "i64.store32"
  };

  private static final String[] SATURATING = {
    "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
    "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u"
  };

  /** No IR op: the opcode is not implemented by the translator yet, or needs none. */
  static final int NONE = -1;

  private static final int I32 = 0x7f;
  private static final int I64 = 0x7e;
  private static final int F32 = 0x7d;
  private static final int F64 = 0x7c;

  private static final int[] BY_OPCODE = new int[0x100];
  private static final int[] SATURATING_OPS = new int[SATURATING.length];
  private static final Map<String, Integer> IR_BY_NAME = new HashMap<>();

  static {
    for (int op = 0; op < Op.COUNT; op++) {
      IR_BY_NAME.put(Op.name(op), op);
    }
    java.util.Arrays.fill(BY_OPCODE, NONE);
    for (int i = 0; i < NUMERIC.length; i++) {
      BY_OPCODE[0x45 + i] = ir(NUMERIC[i]);
    }
    for (int i = 0; i < MEMORY.length; i++) {
      BY_OPCODE[0x28 + i] = ir(MEMORY[i]);
    }
    for (int i = 0; i < SATURATING.length; i++) {
      SATURATING_OPS[i] = ir(SATURATING[i]);
    }
  }

  private static int ir(String wasmName) {
    return IR_BY_NAME.getOrDefault(wasmName.replace('.', '_'), NONE);
  }

  /**
   * The IR op named like the single-byte or 0xFC-prefixed Wasm {@code opcode}, or {@link #NONE}.
   */
  static int irOp(int opcode) {
    if (opcode < 0x100) {
      return BY_OPCODE[opcode];
    }
    int sub = opcode - FuncValidator.PREFIX_FC;
    return sub >= 0 && sub < SATURATING_OPS.length ? SATURATING_OPS[sub] : NONE;
  }

  /** The IR op with the given name suffix added to {@code op}'s name (e.g. "_imm"), or NONE. */
  static int variant(int op, String prefix, String suffix) {
    return IR_BY_NAME.getOrDefault(prefix + Op.name(op) + suffix, NONE);
  }

  /** The IR op printed as {@code name}, or {@link #NONE}. */
  static int byName(String name) {
    return IR_BY_NAME.getOrDefault(name, NONE);
  }

  /** The Wasm name of a single-byte opcode, for messages. */
  static String name(int opcode) {
    if (opcode >= 0x45 && opcode < 0x45 + NUMERIC.length) {
      return NUMERIC[opcode - 0x45];
    }
    return "0x" + Integer.toHexString(opcode).toLowerCase(Locale.ROOT);
  }

  /** The type code of the result of the numeric (or saturating truncation) {@code opcode}. */
  static int resultType(int opcode) {
    if (opcode <= 0x66) {
      return I32; // comparisons and eqz
    }
    if (opcode <= 0x78 || opcode == 0xa7 || (opcode >= 0xa8 && opcode <= 0xab)) {
      return I32;
    }
    if (opcode <= 0x8a || (opcode >= 0xac && opcode <= 0xb1)) {
      return I64;
    }
    if (opcode <= 0x98 || (opcode >= 0xb2 && opcode <= 0xb6)) {
      return F32;
    }
    if (opcode <= 0xa6 || (opcode >= 0xb7 && opcode <= 0xbb)) {
      return F64;
    }
    if (opcode == 0xc0 || opcode == 0xc1) {
      return I32;
    }
    if (opcode >= 0xc2 && opcode <= 0xc4) {
      return I64;
    }
    int sub = opcode - FuncValidator.PREFIX_FC;
    return sub < 4 ? I32 : I64; // saturating truncations
  }

  /** The type code a reinterpretation ({@code 0xbc}-{@code 0xbf}) gives its operand. */
  static int reinterpreted(int opcode) {
    return switch (opcode) {
      case 0xbc -> I32;
      case 0xbd -> I64;
      case 0xbe -> F32;
      default -> F64;
    };
  }

  /** The type code of a scalar load's result. */
  static int loadType(int opcode) {
    return switch (opcode) {
      case 0x28, 0x2c, 0x2d, 0x2e, 0x2f -> I32;
      case 0x2a -> F32;
      case 0x2b -> F64;
      default -> I64;
    };
  }
}
