package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.exec.FuelCosts;
import io.timeslice.wasm.internal.ir.IrWriter;
import io.timeslice.wasm.internal.ir.Op;

/**
 * The fuel charges of the function being translated (docs/fuel.md): each block between charge
 * points is billed by one {@code consume_fuel} at its start, patched with the cost of its Wasm
 * instructions when the block ends. Without fuel metering, the function entry gets an interruption
 * check instead and other charge points nothing: loops are checked by their backward branches
 * (Control.jump).
 */
final class FuelCharges {
  private final IrWriter w;

  /** Whether to meter fuel: charges at the charge points, else interruption checks only. */
  private final boolean metered;

  /** Where the open block's {@code consume_fuel} is, or -1. */
  private int chargeAt = -1;

  /** The cost of the open block's Wasm instructions so far. */
  private long sum;

  FuelCharges(IrWriter w, boolean metered) {
    this.w = w;
    this.metered = metered;
  }

  boolean metered() {
    return metered;
  }

  void reset() {
    chargeAt = -1;
    sum = 0;
  }

  /** Bills one Wasm instruction to the open block. */
  void bill() {
    sum += FuelCosts.INSTRUCTION;
  }

  /**
   * Starts a block at a charge point: closes the open block's charge and emits the new one. {@code
   * entry}: the function's entry, which without fuel gets the interruption check.
   */
  void chargePoint(boolean entry) {
    close();
    if (metered) {
      chargeAt = w.i(Op.CONSUME_FUEL, 0);
    } else if (entry) {
      w.n(Op.CHECK_INTERRUPT);
    }
  }

  /** Patches the open block's charge with its cost. */
  void close() {
    if (chargeAt >= 0) {
      if (sum > Integer.MAX_VALUE) {
        throw new UnsupportedOperationException("a block costs more than 2^31 fuel");
      }
      w.setWord(chargeAt + 1, (int) sum);
      chargeAt = -1;
    }
    sum = 0;
  }

  /** Charges the surcharge of a bulk op for the count in {@code slot}, {@code unit} per fuel. */
  void surcharge(int slot, int unit) {
    w.rx(Op.CONSUME_FUEL_DYN, slot, unit);
  }
}
