package io.timeslice.wasm.internal.module;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.internal.binary.WasmReader;

/**
 * Decodes a constant expression (Wasm 2.0: one constant instruction, then {@code end}; with
 * extended-const, integer add, sub and mul too; with GC, {@code ref.i31} and the conversions
 * between {@code any} and {@code extern}). An opcode that exists but is not constant is invalid
 * ("constant expression required"); a byte that is no opcode at all is malformed ("illegal
 * opcode").
 */
final class ConstExprDecoder {
  private ConstExprDecoder() {}

  static ConstExpr decode(WasmReader in, Config config) {
    int exprAt = in.pos();
    java.util.ArrayDeque<ConstExpr> stack = new java.util.ArrayDeque<>();
    boolean nonConstant = false;
    boolean underflow = false;
    while (true) {
      int at = in.pos();
      int op = in.u8();
      if (op == 0x0b) {
        break;
      }
      ConstExpr expr = constant(in, config, op, at);
      if (expr != null) {
        stack.push(expr);
      } else if (config.extendedConst() && isArithmetic(op)) {
        if (stack.size() < 2) {
          underflow = true;
        } else {
          ConstExpr right = stack.pop();
          stack.push(ConstExpr.arith(op, stack.pop(), right, at));
        }
      } else if (op == 0xfb && config.gc()) {
        int sub = in.u32();
        if (sub < 0x1a || sub > 0x1e) {
          throw WasmReader.malformedAt("illegal opcode fb " + Integer.toUnsignedString(sub), at);
        }
        if (sub > 0x1c) {
          nonConstant = true; // i31.get_s, i31.get_u
        } else if (stack.isEmpty()) {
          underflow = true;
        } else {
          stack.push(ConstExpr.gc(sub, stack.pop(), at));
        }
      } else if (op >= 0x45 && op <= 0xc4) {
        // A numeric instruction has no immediates: go on decoding, so that a malformed rest of
        // the expression is still reported as malformed.
        nonConstant = true;
      } else if (Opcodes.isOpcode(op)
          || (op == 0xfe && config.threads())
          || (op == 0xd3 && config.gc())) {
        throw notConstant(at);
      } else {
        throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), at);
      }
    }
    if (nonConstant) {
      throw notConstant(exprAt);
    }
    if (underflow || stack.isEmpty()) {
      throw new InvalidModuleException("type mismatch: empty constant expression", exprAt);
    }
    if (stack.size() > 1) {
      throw new InvalidModuleException(
          "type mismatch: constant expression leaves " + stack.size() + " values", exprAt);
    }
    return stack.pop();
  }

  /** The integer additions, subtractions and multiplications of extended-const. */
  private static boolean isArithmetic(int op) {
    return (op >= 0x6a && op <= 0x6c) || (op >= 0x7c && op <= 0x7e);
  }

  /** The constant instruction {@code op} with its immediates, or null when it is not one. */
  private static ConstExpr constant(WasmReader in, Config config, int op, int at) {
    return switch (op) {
      case 0x41 -> new ConstExpr(ConstExpr.Kind.CONST, ValType.I32, in.s32(), 0, 0, at);
      case 0x42 -> new ConstExpr(ConstExpr.Kind.CONST, ValType.I64, in.s64(), 0, 0, at);
      case 0x43 -> new ConstExpr(ConstExpr.Kind.CONST, ValType.F32, in.fixed32(), 0, 0, at);
      case 0x44 -> new ConstExpr(ConstExpr.Kind.CONST, ValType.F64, in.fixed64(), 0, 0, at);
      case 0x23 -> new ConstExpr(ConstExpr.Kind.GLOBAL_GET, null, 0, 0, in.u32(), at);
      case 0xd0 -> {
        int typeAt = in.pos();
        if (config.functionReferences()) {
          // A heap type: the index is its type code's heap ({@link TypeCodes}), checked later.
          long h = in.s33();
          if (h < 0) {
            int heap = TypeCodes.abstractHeapAt(h, typeAt, config);
            ValType t = ValType.ofCode(TypeCodes.abstractTop(heap));
            yield new ConstExpr(ConstExpr.Kind.REF_NULL, t, 0, 0, heap, at);
          }
          if (h >= TypeCodes.CONCRETE) {
            throw WasmReader.malformedAt("malformed heap type", typeAt);
          }
          yield new ConstExpr(
              ConstExpr.Kind.REF_NULL, ValType.FUNCREF, 0, 0, TypeCodes.CONCRETE | (int) h, at);
        }
        ValType t = ValType.ofCode(in.u8());
        boolean exn = t == ValType.EXNREF || t == ValType.NULLEXNREF;
        if (t != ValType.FUNCREF
            && t != ValType.EXTERNREF
            && !(exn && config.exceptionHandling())) {
          throw WasmReader.malformedAt("malformed reference type", typeAt);
        }
        yield new ConstExpr(ConstExpr.Kind.REF_NULL, t, 0, 0, t.code(), at);
      }
      case 0xd2 -> new ConstExpr(ConstExpr.Kind.REF_FUNC, ValType.FUNCREF, 0, 0, in.u32(), at);
      case 0xfd -> {
        if (in.u32() != 0x0c) {
          throw notConstant(at);
        }
        if (!config.simd()) {
          throw new InvalidModuleException("SIMD support is not enabled", at);
        }
        long lo = in.fixed64();
        long hi = in.fixed64();
        yield new ConstExpr(ConstExpr.Kind.CONST, ValType.V128, lo, hi, 0, at);
      }
      default -> null;
    };
  }

  private static InvalidModuleException notConstant(int at) {
    return new InvalidModuleException("constant expression required", at);
  }
}
