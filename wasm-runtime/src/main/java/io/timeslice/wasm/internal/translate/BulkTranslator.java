package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.exec.FuelCosts;
import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.module.ModuleInfo;

/**
 * The {@link Translator}'s part for the instructions on a memory or table index: {@code
 * memory.size}/{@code grow}, {@code table.get}/{@code set}/{@code size}/{@code grow}, and the bulk
 * memory and table ops, which with fuel metering are charged a surcharge by their count first
 * (docs/fuel.md). A memory64 operand is saturated to 32 bits before them (MemoryTranslator).
 */
final class BulkTranslator {
  private static final int I32 = 0x7f;
  private static final int I64 = 0x7e;

  private final OperandStack s;
  private final Fusion fusion;
  private final IrWriter w;
  private final ModuleInfo module;
  private final MemoryTranslator memories;
  private final FuelCharges charges;

  BulkTranslator(
      OperandStack stack,
      Fusion fusion,
      IrWriter w,
      ModuleInfo module,
      MemoryTranslator memories,
      FuelCharges charges) {
    this.s = stack;
    this.fusion = fusion;
    this.w = w;
    this.module = module;
    this.memories = memories;
    this.charges = charges;
  }

  /** The instruction {@code opcode} on indices {@code index0} and {@code index1}. */
  void indexed(int opcode, int index0, int index1) {
    int height = s.height();
    switch (opcode) {
      case 0x3f -> {
        int at = w.rx(Op.MEMORY_SIZE, s.slotOf(height), index0);
        s.pushTemp(memories.index64(index0) ? I64 : I32);
        fusion.produced(at);
      }
      case 0x40 -> {
        int h = height - 1;
        if (memories.index64(index0)) {
          memories.saturate(h);
        }
        surcharge(h, FuelCosts.PER_PAGE);
        int delta = s.slotFor(h);
        s.pop(1);
        if (index0 == 0) {
          w.ra(Op.MEMORY_GROW, s.slotOf(h), delta);
        } else {
          w.rax(Op.MEMORY_GROW_X, s.slotOf(h), delta, index0);
        }
        s.pushTemp(memories.index64(index0) ? I64 : I32);
      }
      case 0x25 -> {
        int h = height - 1;
        int index = s.slotFor(h);
        s.pop(1);
        int at = w.rax(Op.TABLE_GET, s.slotOf(h), index, index0);
        s.pushTemp(module.tables.get(index0).element().code());
        fusion.produced(at);
      }
      case 0x26 -> {
        int value = s.slotFor(height - 1);
        int index = s.slotFor(height - 2);
        w.abx(Op.TABLE_SET, index, value, index0);
        s.pop(2);
      }
      case 0xfc08 -> {
        if (memories.index64(index1)) {
          memories.saturate(height - 3);
        }
        surcharge(height - 1, FuelCosts.PER_64_BYTES);
        ternary(Op.MEMORY_INIT, index0, index1);
      }
      case 0xfc09 -> w.i(Op.DATA_DROP, index0);
      case 0xfc0a -> {
        if (memories.index64(index0)) {
          memories.saturate(height - 3);
        }
        if (memories.index64(index1)) {
          memories.saturate(height - 2);
        }
        if (memories.index64(index0) && memories.index64(index1)) {
          memories.saturate(height - 1);
        }
        surcharge(height - 1, FuelCosts.PER_64_BYTES);
        ternary(Op.MEMORY_COPY, index0, index1);
      }
      case 0xfc0b -> {
        if (memories.index64(index0)) {
          memories.saturate(height - 3);
          memories.saturate(height - 1);
        }
        surcharge(height - 1, FuelCosts.PER_64_BYTES);
        ternary(Op.MEMORY_FILL, index0, 0);
      }
      case 0xfc0c -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        ternary(Op.TABLE_INIT, index0, index1);
      }
      case 0xfc0d -> w.i(Op.ELEM_DROP, index0);
      case 0xfc0e -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        ternary(Op.TABLE_COPY, index0, index1);
      }
      case 0xfc0f -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        int delta = s.slotFor(height - 1);
        int h = height - 2;
        int init = s.slotFor(h);
        s.pop(2);
        int at = w.rabx(Op.TABLE_GROW, s.slotOf(h), init, delta, index0);
        s.pushTemp(I32);
        fusion.produced(at);
      }
      case 0xfc10 -> {
        int at = w.rx(Op.TABLE_SIZE, s.slotOf(height), index0);
        s.pushTemp(I32);
        fusion.produced(at);
      }
      case 0xfc11 -> {
        surcharge(height - 1, FuelCosts.PER_8_ELEMENTS);
        ternary(Op.TABLE_FILL, index0, 0);
      }
      default ->
          throw new UnsupportedOperationException(
              "not supported by the translator yet: opcode 0x" + Integer.toHexString(opcode));
    }
  }

  /** With fuel, charges the surcharge for the count at height {@code h} before a bulk op. */
  private void surcharge(int h, int unit) {
    if (charges.metered()) {
      charges.surcharge(s.slotFor(h), unit);
    }
  }

  /** A bulk op on the top three operands, which it consumes. */
  private void ternary(int op, int x, int y) {
    int height = s.height();
    int c = s.slotFor(height - 1);
    int b = s.slotFor(height - 2);
    int a = s.slotFor(height - 3);
    s.pop(3);
    w.abcxy(op, a, b, c, x, y);
  }
}
