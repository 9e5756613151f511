package io.timeslice.wasm.internal.validate;

import static io.timeslice.wasm.internal.validate.FuncValidator.F32;
import static io.timeslice.wasm.internal.validate.FuncValidator.F64;
import static io.timeslice.wasm.internal.validate.FuncValidator.I32;
import static io.timeslice.wasm.internal.validate.FuncValidator.I64;
import static io.timeslice.wasm.internal.validate.FuncValidator.PREFIX_FC;

import io.timeslice.wasm.internal.binary.WasmReader;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.TypeCodes;

/**
 * The {@link FuncValidator}'s part for the {@code 0xFC}-prefixed instructions: the saturating
 * float-to-int conversions and the bulk memory and table instructions ({@code memory.init}/{@code
 * copy}/{@code fill}, {@code data.drop}, {@code table.init}/{@code copy}/{@code grow}/{@code
 * size}/{@code fill}, {@code elem.drop}), each reported to the visitor as {@code PREFIX_FC | sub}.
 */
final class BulkValidator {
  private BulkValidator() {}

  /** Validates the instruction after a {@code 0xFC} prefix. */
  static void instruction(FuncValidator v) {
    WasmReader in = v.reader();
    InstructionVisitor visitor = v.visitor();
    TypeStack s = v.stack();
    ModuleInfo module = v.module();
    int sub = in.u32();
    int op = PREFIX_FC | sub;
    if (sub <= 7) {
      if (!v.config().saturatingFloatToInt()) {
        throw v.invalid("non-trapping float-to-int conversions are not enabled");
      }
      int from = (sub & 2) == 0 ? F32 : F64;
      int to = sub < 4 ? I32 : I64;
      s.unop(from, to);
      visitor.plain(op);
      return;
    }
    switch (sub) {
      case 8 -> {
        int segment = in.u32();
        int memory = v.memoryIndex();
        requireDataCount(v);
        if (Integer.compareUnsigned(segment, dataSegments(module)) >= 0) {
          throw v.invalid("unknown data segment " + Integer.toUnsignedString(segment));
        }
        s.pop(I32);
        s.pop(I32);
        s.pop(v.addressType(memory));
        visitor.indexed(op, segment, memory);
      }
      case 9 -> {
        int segment = in.u32();
        requireDataCount(v);
        if (Integer.compareUnsigned(segment, dataSegments(module)) >= 0) {
          throw v.invalid("unknown data segment " + Integer.toUnsignedString(segment));
        }
        visitor.indexed(op, segment, 0);
      }
      case 10 -> {
        int dst = v.memoryIndex();
        int src = v.memoryIndex();
        int dt = v.addressType(dst);
        int st = v.addressType(src);
        // The count is an i64 only between two 64-bit memories.
        s.pop(dt == I64 && st == I64 ? I64 : I32);
        s.pop(st);
        s.pop(dt);
        visitor.indexed(op, dst, src);
      }
      case 11 -> {
        int memory = v.memoryIndex();
        int t = v.addressType(memory);
        s.pop(t);
        s.pop(I32);
        s.pop(t);
        visitor.indexed(op, memory, 0);
      }
      case 12 -> {
        int segment = in.u32();
        int table = in.u32();
        int t = v.tableType(table);
        int elemType = elementType(v, segment);
        if (!TypeCodes.matches(v.module(), elemType, t)) {
          throw v.typeMismatch(t, elemType);
        }
        s.pop(I32);
        s.pop(I32);
        s.pop(I32);
        visitor.indexed(op, segment, table);
      }
      case 13 -> {
        int segment = in.u32();
        elementType(v, segment);
        visitor.indexed(op, segment, 0);
      }
      case 14 -> {
        int dst = in.u32();
        int src = in.u32();
        int dt = v.tableType(dst);
        int st = v.tableType(src);
        if (!TypeCodes.matches(v.module(), st, dt)) {
          throw v.typeMismatch(dt, st);
        }
        s.pop(I32);
        s.pop(I32);
        s.pop(I32);
        visitor.indexed(op, dst, src);
      }
      case 15 -> {
        int table = in.u32();
        int t = v.tableType(table);
        s.pop(I32);
        s.pop(t);
        s.push(I32);
        visitor.indexed(op, table, 0);
      }
      case 16 -> {
        int table = in.u32();
        v.tableType(table);
        s.push(I32);
        visitor.indexed(op, table, 0);
      }
      case 17 -> {
        int table = in.u32();
        int t = v.tableType(table);
        s.pop(I32);
        s.pop(t);
        s.pop(I32);
        visitor.indexed(op, table, 0);
      }
      default ->
          throw WasmReader.malformedAt(
              "illegal opcode 0xfc " + Integer.toUnsignedString(sub), v.instructionOffset());
    }
  }

  /**
   * {@code memory.init} and {@code data.drop} need the data count section when there is a data
   * section (a one-pass decoder meets the code before the data); without any data, the segment
   * index is simply unknown.
   */
  private static void requireDataCount(FuncValidator v) {
    if (v.module().dataCount < 0 && v.module().hasDataSection) {
      throw WasmReader.malformedAt("data count section required", v.instructionOffset());
    }
  }

  private static int dataSegments(ModuleInfo module) {
    return module.dataCount >= 0 ? module.dataCount : module.datas.size();
  }

  private static int elementType(FuncValidator v, int segment) {
    ModuleInfo module = v.module();
    if (Integer.compareUnsigned(segment, module.elements.size()) >= 0) {
      throw v.invalid("unknown elem segment " + Integer.toUnsignedString(segment));
    }
    return module.elementCode(segment);
  }
}
