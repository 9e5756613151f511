package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.module.ModuleInfo;

/**
 * The {@link Translator}'s part for accesses of memories other than memory 0 (multi-memory) and of
 * 64-bit memories (memory64), docs/ir.md: a 64-bit address plus its offset becomes a 32-bit one
 * ({@code address64}), an access of memory x is its op after a {@code memory_select x}, and nothing
 * fuses with either. The scalar and the SIMD accesses share it.
 */
final class MemoryTranslator {
  private final OperandStack s;
  private final Fusion fusion;
  private final IrWriter w;
  private final ModuleInfo module;

  MemoryTranslator(OperandStack stack, Fusion fusion, IrWriter w, ModuleInfo module) {
    this.s = stack;
    this.fusion = fusion;
    this.w = w;
    this.module = module;
  }

  /** Whether {@code memory} is a 64-bit memory (memory64). */
  boolean index64(int memory) {
    return module.memories.get(memory).index64();
  }

  /**
   * A scalar load or store ({@code opcode}, IR op {@code op}) of a memory other than memory 0, or
   * of a 64-bit one: without the fused forms, which access memory 0 at 32-bit addresses.
   */
  void access(int opcode, int op, long offset, int memory) {
    boolean load = opcode <= 0x35;
    int h = load ? s.height() - 1 : s.height() - 2;
    int off = address64(h, memory, offset);
    int address = s.slotFor(h);
    if (load) {
      s.pop(1);
      select(memory);
      int at = w.rao(op, s.slotOf(h), address, off);
      s.pushTemp(WasmOps.loadType(opcode));
      fusion.produced(at);
    } else {
      int value = s.slotFor(h + 1);
      s.pop(2);
      select(memory);
      w.abo(op, address, value, off);
    }
    endAccess(memory);
  }

  /**
   * For an access of {@code memory} whose address is at height {@code h}: a 64-bit address plus its
   * offset becomes a 32-bit address in the height's own slot ({@code address64}, which traps beyond
   * 2^32), and the access then has offset 0. Returns the offset the access gets.
   */
  int address64(int h, int memory, long offset) {
    if (!index64(memory)) {
      return (int) offset;
    }
    int a = s.slotFor(h);
    w.ral(Op.ADDRESS64, s.slotOf(h), a, offset);
    s.ownSlot(h);
    return 0;
  }

  /**
   * Before an access of a memory other than memory 0, with its operands' slots known (so that no
   * constant is loaded in between): the {@code memory_select} that runs it on that memory.
   */
  void select(int memory) {
    if (memory != 0) {
      w.rx(Op.MEMORY_SELECT, 0, memory);
    }
  }

  /** After such an access: nothing may fuse with it, since it does not run on memory 0. */
  void endAccess(int memory) {
    if (memory != 0) {
      w.markLabel();
    }
  }

  /**
   * A memory64 size or count operand at height {@code h}, saturated to 32 bits in its own slot for
   * the memory ops, which take 32-bit ones: no memory here reaches 2^32 bytes, so they trap or fail
   * alike.
   */
  void saturate(int h) {
    int a = s.slotFor(h);
    w.ra(Op.I64_SATURATE_U32, s.slotOf(h), a);
    s.ownSlot(h);
  }
}
