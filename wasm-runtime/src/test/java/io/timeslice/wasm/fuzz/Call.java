package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.ValType;
import java.util.List;

/**
 * What one export call did in one engine: the host calls it made, how it ended, and the memory
 * after it. References are compared as null or not: their identities are each engine's own.
 *
 * @param export the export called
 * @param log the {@code fuzzing-support} host calls, in order
 * @param status how the call ended
 * @param detail the trap's kind ({@link io.timeslice.wasm.TrapCode} name, or the other engine's
 *     message) or the crash; empty otherwise
 * @param results the results, when it returned
 * @param memory a hash of the exported memory after the call, or 0 when it is larger than {@link
 *     #HASHED_PAGES} pages
 * @param fuel the fuel the call consumed, or -1 when the engine does not meter it
 */
record Call(
    String export,
    List<Value> log,
    Status status,
    String detail,
    List<Value> results,
    int memory,
    long fuel) {

  /** Memories up to this size are hashed after every call. */
  static final int HASHED_PAGES = 4;

  enum Status {
    /** It returned. */
    RETURNED,
    /** It trapped. */
    TRAPPED,
    /** Call depth or stack exhausted: the limit is each engine's own, so inconclusive. */
    EXHAUSTED,
    /** The fuel budget ran out: the program may not terminate within it, so inconclusive. */
    OUT_OF_FUEL,
    /** The watchdog stopped it. */
    TIMED_OUT,
    /** Instantiation (segments, start) failed. */
    NOT_INSTANTIATED,
    /** The engine rejected the module. */
    REJECTED,
    /** The engine threw something no caller should ever see: always a bug. */
    CRASHED;

    /** Whether what came after this call says nothing about the engines. */
    boolean inconclusive() {
      return this == EXHAUSTED || this == OUT_OF_FUEL || this == TIMED_OUT;
    }
  }

  /** A value as raw bits of its type (references: 0 for null, 1 otherwise). */
  record Value(ValType type, long bits) {
    boolean isNan() {
      return switch (type) {
        case F32 -> Float.isNaN(Float.intBitsToFloat((int) bits));
        case F64 -> Double.isNaN(Double.longBitsToDouble(bits));
        default -> false;
      };
    }

    @Override
    public String toString() {
      return type + ":0x" + Long.toHexString(bits);
    }
  }

  /** FNV-1a over the bytes: the same in Java and in the Node runner. */
  static int hash(byte[] bytes) {
    int h = 0x811c9dc5;
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * 0x01000193;
    }
    return h;
  }

  @Override
  public String toString() {
    return export
        + " -> "
        + status
        + (detail.isEmpty() ? "" : " " + detail)
        + (status == Status.RETURNED ? " " + results : "")
        + " log="
        + log
        + " memory="
        + Integer.toHexString(memory)
        + (fuel >= 0 ? " fuel=" + fuel : "");
  }
}
