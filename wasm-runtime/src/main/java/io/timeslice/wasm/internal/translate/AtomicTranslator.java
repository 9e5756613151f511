package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.validate.FuncValidator;

/**
 * The {@link Translator}'s part for the threads proposal's instructions ({@code 0xFE} prefix): each
 * access is its IR op of the same name (ops.isa), after the {@code address64} of a 64-bit memory
 * and the {@code memory_select} of a memory other than memory 0, as any access of those
 * (MemoryTranslator); nothing fuses with them. {@code atomic.fence} orders nothing for a single
 * agent and emits nothing (it still costs its fuel, as every instruction). A wait on an unshared
 * memory is the atomic load of its width, which checks alignment and bounds as the wait would,
 * followed by the trap "expected shared memory".
 */
final class AtomicTranslator {
  private static final int I32 = 0x7f;
  private static final int I64 = 0x7e;

  private static final int NOTIFY = 0x00;
  private static final int WAIT32 = 0x01;
  private static final int WAIT64 = 0x02;
  private static final int FENCE = 0x03;
  private static final int FIRST_STORE = 0x17;
  private static final int FIRST_RMW = 0x1e;
  private static final int FIRST_CMPXCHG = 0x48;

  /** The Wasm names of sub-opcodes 0x10 on, whose IR ops have the same names. */
  private static final String[] ACCESSES = names();

  /** The IR op of each sub-opcode, by name; -1 for none. */
  private static final int[] OPS = ops();

  private final OperandStack s;
  private final IrWriter w;
  private final MemoryTranslator memories;
  private final ModuleInfo module;

  AtomicTranslator(OperandStack stack, IrWriter w, MemoryTranslator memories, ModuleInfo module) {
    this.s = stack;
    this.w = w;
    this.memories = memories;
    this.module = module;
  }

  private static String[] names() {
    String[] types = {"i32", "i64", "i32", "i32", "i64", "i64", "i64"};
    String[] bits = {"", "", "8", "16", "8", "16", "32"};
    String[] rmw = {"add", "sub", "and", "or", "xor", "xchg", "cmpxchg"};
    String[] names = new String[(2 + rmw.length) * types.length];
    for (int w = 0; w < types.length; w++) {
      String prefix = types[w] + ".atomic.";
      String unsigned = bits[w].isEmpty() ? "" : "_u";
      names[w] = prefix + "load" + bits[w] + unsigned;
      names[types.length + w] = prefix + "store" + bits[w];
      for (int g = 0; g < rmw.length; g++) {
        names[(2 + g) * types.length + w] = prefix + "rmw" + bits[w] + "." + rmw[g] + unsigned;
      }
    }
    return names;
  }

  private static int[] ops() {
    int[] ops = new int[0x10 + ACCESSES.length];
    java.util.Arrays.fill(ops, -1);
    ops[NOTIFY] = Op.MEMORY_ATOMIC_NOTIFY;
    ops[WAIT32] = Op.MEMORY_ATOMIC_WAIT32;
    ops[WAIT64] = Op.MEMORY_ATOMIC_WAIT64;
    for (int i = 0; i < ACCESSES.length; i++) {
      ops[0x10 + i] = WasmOps.byName(ACCESSES[i].replace('.', '_'));
      if (ops[0x10 + i] < 0) {
        throw new IllegalStateException("no IR op for " + ACCESSES[i]);
      }
    }
    return ops;
  }

  /** The IR op of {@code 0xFE sub}, -1 for none (the fence). */
  static int irOp(int sub) {
    return sub >= 0 && sub < OPS.length ? OPS[sub] : -1;
  }

  /** Translates {@code opcode} ({@code PREFIX_FE | sub}) of {@code memory} at {@code offset}. */
  void atomic(int opcode, long offset, int memory) {
    int sub = opcode - FuncValidator.PREFIX_FE;
    if (sub == FENCE) {
      return;
    }
    int op = irOp(sub);
    if (op < 0) {
      throw new UnsupportedOperationException(
          "not supported by the translator: opcode 0xfe " + Integer.toHexString(sub));
    }
    int operands =
        sub == NOTIFY ? 2 : sub < 0x10 ? 3 : sub < FIRST_STORE ? 1 : sub < FIRST_CMPXCHG ? 2 : 3;
    int h = s.height() - operands;
    int off = memories.address64(h, memory, offset);
    int address = s.slotFor(h);
    int b = operands > 1 ? s.slotFor(h + 1) : -1;
    int c = operands > 2 ? s.slotFor(h + 2) : -1;
    s.pop(operands);
    int r = s.slotOf(h);
    boolean waits = sub == WAIT32 || sub == WAIT64;
    memories.select(memory);
    if (waits && !module.memories.get(memory).shared()) {
      w.rao(sub == WAIT32 ? Op.I32_ATOMIC_LOAD : Op.I64_ATOMIC_LOAD, r, address, off);
      memories.endAccess(memory);
      w.c(Op.TRAP, TrapCode.EXPECTED_SHARED_MEMORY.number());
      w.markLabel();
      s.pushTemp(I32);
      return;
    }
    if (sub < FIRST_STORE && sub >= 0x10) {
      w.rao(op, r, address, off);
    } else if (sub >= FIRST_STORE && sub < FIRST_RMW) {
      w.abo(op, address, b, off);
    } else if (operands == 2) {
      w.rabo(op, r, address, b, off);
    } else {
      w.rabco(op, r, address, b, c, off);
    }
    memories.endAccess(memory);
    if (sub < FIRST_STORE || sub >= FIRST_RMW) {
      s.pushTemp(resultType(sub));
    }
  }

  /** The type of the value {@code 0xFE sub} produces. */
  private static int resultType(int sub) {
    if (sub < 0x10) {
      return I32;
    }
    int group = (sub - 0x10) % 7;
    return group == 0 || group == 2 || group == 3 ? I32 : I64;
  }
}
