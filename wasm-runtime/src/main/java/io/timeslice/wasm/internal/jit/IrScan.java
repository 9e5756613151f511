package io.timeslice.wasm.internal.jit;

import io.timeslice.wasm.internal.ir.Op;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One pass over a function's IR before it is compiled: where instructions start, which pcs are jump
 * targets (they get labels), where the interpreter may hand the frame over (the resume pcs), which
 * globals it reads or writes, and whether every op is one the compiler knows.
 */
final class IrScan {
  final int[] code;

  /** The pcs where instructions start. */
  final BitSet starts = new BitSet();

  /** Pcs some branch jumps to. */
  final BitSet targets = new BitSet();

  /**
   * Pcs where a suspended or handed-over frame can continue: every fuel charge and interruption
   * check, every call and the pc after it, and every backward branch's target.
   */
  final BitSet resumePcs = new BitSet();

  /**
   * Every branch as a pair of words, its pc and its target's, in IR order: where a split function's
   * regions are entered from one another ({@link Regions}).
   */
  int[] branches = new int[16];

  /** The number of words of {@link #branches} in use. */
  int branchWords;

  /** Globals the function reads or writes. */
  final BitSet globals = new BitSet();

  /** Whether the function touches linear memory. */
  boolean usesMemory;

  /** The first op the compiler does not know, or -1. */
  int unsupportedOp = -1;

  IrScan(int[] code) {
    this.code = code;
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc] & 0xffff;
      if (op >= Op.COUNT) {
        unsupportedOp = op;
        return;
      }
      starts.set(pc);
      int length = Op.format(op).length(code, pc);
      visit(op, pc, length);
      pc += length;
    }
  }

  private void visit(int op, int pc, int length) {
    int kind = OpTable.KIND[op];
    switch (kind) {
      case OpTable.BRCMP, OpTable.BRCMPIMM -> branch(pc, code[pc + 2]);
      case OpTable.ADDBR -> branch(pc, code[pc + length - 1]);
      case OpTable.LOAD,
          OpTable.LOADADD,
          OpTable.LOADADDI,
          OpTable.STORE,
          OpTable.STOREADD,
          OpTable.STOREADDI,
          OpTable.LOADPAIR ->
          usesMemory = true;
      case OpTable.SIMD -> {
        switch (Op.format(op)) {
          case RAO, ABO, RABOL, ABOL -> usesMemory = true; // the SIMD loads and stores
          default -> {}
        }
      }
      default -> {}
    }
    switch (op) {
      case Op.BR, Op.BR_NEZ, Op.BR_EQZ -> branch(pc, code[pc + 1]);
      case Op.BR_TABLE -> {
        int n = code[pc + 1];
        for (int i = 0; i <= n; i++) {
          branch(pc, code[pc + 2 + i]);
        }
      }
      case Op.CONSUME_FUEL, Op.CONSUME_FUEL_DYN, Op.CHECK_INTERRUPT -> resumePcs.set(pc);
      case Op.CALL, Op.CALL_INDIRECT -> {
        resumePcs.set(pc);
        resumePcs.set(pc + length);
      }
      case Op.GLOBAL_GET, Op.GLOBAL_SET, Op.GLOBAL_GET_V128, Op.GLOBAL_SET_V128 ->
          globals.set(code[pc + 1]);
      case Op.MEMORY_SIZE, Op.MEMORY_GROW, Op.MEMORY_FILL, Op.MEMORY_COPY, Op.MEMORY_INIT ->
          usesMemory = true;
      default -> {}
    }
  }

  private void branch(int pc, int offset) {
    if (branchWords == branches.length) {
      branches = Arrays.copyOf(branches, 2 * branches.length);
    }
    branches[branchWords++] = pc;
    branches[branchWords++] = pc + offset;
    targets.set(pc + offset);
    if (offset <= 0) {
      resumePcs.set(pc + offset);
    }
  }

  /**
   * Where metered code checks the fuel for what lies ahead ({@link #fuelAhead}): the body start,
   * every loop header (a backward branch's target) and the pc after every op that may spend fuel by
   * an amount known only when it runs (a call, a dynamic charge).
   */
  final BitSet fuelChecks = new BitSet();

  /**
   * For each pc, the most fuel the charges on any path from it (its own charge included) spend
   * before the path reaches a {@link #fuelChecks fuel check} or leaves the function. Every cycle
   * passes a loop header, so the paths between checks are acyclic: a check that finds this much
   * fuel lets every charge up to the next check be paid without a comparison.
   */
  long[] fuelAhead;

  /**
   * Computes {@link #fuelChecks} and {@link #fuelAhead} for a function whose body starts at {@code
   * bodyStart}.
   */
  void analyseFuel(int bodyStart) {
    fuelChecks.set(bodyStart);
    for (int i = 0; i < branchWords; i += 2) {
      if (branches[i + 1] <= branches[i]) {
        fuelChecks.set(branches[i + 1]);
      }
    }
    int[] pcs = starts.stream().toArray();
    for (int pc : pcs) {
      int op = code[pc] & 0xffff;
      if (op == Op.CALL || op == Op.CALL_INDIRECT || op == Op.CONSUME_FUEL_DYN) {
        fuelChecks.set(pc + Op.format(op).length(code, pc));
      }
    }
    fuelAhead = new long[code.length + 1];
    // Backwards over the instructions and, in step, over the branches (recorded in IR order).
    int b = branchWords - 2;
    for (int i = pcs.length - 1; i >= 0; i--) {
      int pc = pcs[i];
      int op = code[pc] & 0xffff;
      long ahead = 0;
      if (!endsBlock(op)) {
        ahead = ahead(pc, pc + Op.format(op).length(code, pc));
      }
      for (; b >= 0 && branches[b] == pc; b -= 2) {
        ahead = Math.max(ahead, ahead(pc, branches[b + 1]));
      }
      fuelAhead[pc] = (op == Op.CONSUME_FUEL ? code[pc + 1] : 0) + ahead;
      if (op == Op.CONSUME_FUEL && !fuelChecks.get(pc)) {
        // Paid without a check, so no frame can continue here: only where the fuel is checked.
        resumePcs.clear(pc);
      }
    }
  }

  /** What a path from {@code pc} on to {@code next} spends before its next check. */
  private long ahead(int pc, int next) {
    return next <= pc || next >= code.length || fuelChecks.get(next) ? 0 : fuelAhead[next];
  }

  /** Whether control never falls through op {@code op}. */
  static boolean endsBlock(int op) {
    return switch (op) {
      case Op.BR, Op.BR_TABLE, Op.RETURN, Op.RETURN_SPAN, Op.TRAP -> true;
      default -> false;
    };
  }

  /** The resume pcs, sorted. */
  int[] resumePcArray() {
    int[] pcs = resumePcs.stream().toArray();
    Arrays.sort(pcs);
    return pcs;
  }
}
