package io.timeslice.wasm.internal.validate;

import static io.timeslice.wasm.internal.validate.FuncValidator.I32;
import static io.timeslice.wasm.internal.validate.FuncValidator.I64;

import io.timeslice.wasm.internal.binary.WasmReader;

/**
 * Validates the threads proposal's instructions ({@code 0xFE} prefix): {@code memory.atomic.notify}
 * and {@code wait32}/{@code wait64}, {@code atomic.fence}, and the atomic loads, stores,
 * read-modify-writes and compare-exchanges. Each access's alignment must be exactly its natural
 * alignment; a memory need not be shared for any of them to validate (the proposal's current rule:
 * a wait on an unshared memory traps when it runs).
 */
final class AtomicValidator {
  private AtomicValidator() {}

  /** Sub-opcodes after the prefix are reported as {@code PREFIX_FE | sub}. */
  static final int PREFIX_FE = 0xfe00;

  private static final int NOTIFY = 0x00;
  private static final int WAIT32 = 0x01;
  private static final int WAIT64 = 0x02;
  private static final int FENCE = 0x03;
  private static final int FIRST_LOAD = 0x10;
  private static final int FIRST_STORE = 0x17;
  private static final int FIRST_RMW = 0x1e;
  private static final int FIRST_CMPXCHG = 0x48;
  private static final int LAST = 0x4e;

  /**
   * Within each group of seven (loads, stores, each read-modify-write, compare-exchange), in opcode
   * order: the value type and the access size's log2 (i32, i64, i32 8-bit, i32 16-bit, i64 8-bit,
   * i64 16-bit, i64 32-bit).
   */
  private static final int[] TYPE = {I32, I64, I32, I32, I64, I64, I64};

  private static final int[] LOG2 = {2, 3, 0, 1, 0, 1, 2};

  /** The natural alignment's log2 of an atomic access {@code sub}, or -1 for the fence. */
  static int naturalAlignment(int sub) {
    return switch (sub) {
      case NOTIFY, WAIT32 -> 2;
      case WAIT64 -> 3;
      case FENCE -> -1;
      default -> LOG2[(sub - FIRST_LOAD) % 7];
    };
  }

  /** Validates the instruction {@code 0xFE sub} after its sub-opcode. */
  static void instruction(FuncValidator v, int sub, int at) {
    WasmReader in = v.reader();
    if (sub == FENCE) {
      int flags = in.pos();
      if (in.u8() != 0) {
        throw WasmReader.malformedAt("zero byte expected", flags);
      }
      v.visitor().atomic(PREFIX_FE | sub, 0, -1);
      return;
    }
    if (sub < 0 || sub > LAST || (sub > FENCE && sub < FIRST_LOAD)) {
      throw WasmReader.malformedAt("illegal opcode 0xfe " + Integer.toUnsignedString(sub), at);
    }
    int natural = naturalAlignment(sub);
    long offset = v.memarg(natural);
    if (v.lastAlign() != natural) {
      throw v.simdInvalid("atomic alignment must be natural");
    }
    int address = v.lastAddressType();
    switch (sub) {
      case NOTIFY -> {
        v.simdPop(I32);
        v.simdPop(address);
        v.simdPush(I32);
      }
      case WAIT32, WAIT64 -> {
        v.simdPop(I64);
        v.simdPop(sub == WAIT32 ? I32 : I64);
        v.simdPop(address);
        v.simdPush(I32);
      }
      default -> {
        int t = TYPE[(sub - FIRST_LOAD) % 7];
        if (sub < FIRST_STORE) {
          v.simdPop(address);
          v.simdPush(t);
        } else if (sub < FIRST_RMW) {
          v.simdPop(t);
          v.simdPop(address);
        } else if (sub < FIRST_CMPXCHG) {
          v.simdPop(t);
          v.simdPop(address);
          v.simdPush(t);
        } else {
          v.simdPop(t);
          v.simdPop(t);
          v.simdPop(address);
          v.simdPush(t);
        }
      }
    }
    v.visitor().atomic(PREFIX_FE | sub, offset, v.lastMemory());
  }
}
