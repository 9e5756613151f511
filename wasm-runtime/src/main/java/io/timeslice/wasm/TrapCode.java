package io.timeslice.wasm;

/**
 * Why a Wasm call trapped. The messages are the specification's (and its testsuite's) wording, so
 * that a user can look them up and the spec harness can match them.
 */
public enum TrapCode {
  /** The {@code unreachable} instruction was executed. */
  UNREACHABLE(1, "unreachable"),
  /** Signed division overflow ({@code INT_MIN / -1}). */
  INTEGER_OVERFLOW(2, "integer overflow"),
  /** Integer division or remainder by zero. */
  INTEGER_DIVIDE_BY_ZERO(3, "integer divide by zero"),
  /** A float-to-integer truncation of NaN. */
  INVALID_CONVERSION_TO_INTEGER(4, "invalid conversion to integer"),
  /** A load, store or bulk memory operation outside linear memory. */
  MEMORY_OUT_OF_BOUNDS(5, "out of bounds memory access"),
  /** A table access or bulk table operation outside the table. */
  TABLE_OUT_OF_BOUNDS(6, "out of bounds table access"),
  /** {@code call_indirect} with an index beyond the table. */
  UNDEFINED_ELEMENT(7, "undefined element"),
  /** {@code call_indirect} through a null table entry. */
  UNINITIALIZED_ELEMENT(8, "uninitialized element"),
  /** {@code call_indirect} to a function of another type. */
  INDIRECT_CALL_TYPE_MISMATCH(9, "indirect call type mismatch"),
  /** A null reference where a function was required. */
  NULL_REFERENCE(10, "null reference"),
  /** The call depth or the value stack exceeded the configured limits. */
  CALL_STACK_EXHAUSTED(11, "call stack exhausted"),
  /** The interpreter met code it cannot run: an engine bug, never a property of the module. */
  INVALID_IR(12, "invalid IR (engine bug)"),
  /** A call that cannot be resumed ran out of fuel. */
  OUT_OF_FUEL(13, "all fuel consumed"),
  /** A call that cannot be resumed was interrupted by another thread. */
  INTERRUPTED(14, "interrupted"),
  /** A Wasm exception (exception handling) that no {@code catch} caught left the call. */
  UNCAUGHT_EXCEPTION(15, "uncaught exception"),
  /** An atomic access (threads) whose effective address is not a multiple of its size. */
  UNALIGNED_ATOMIC(16, "unaligned atomic"),
  /** {@code memory.atomic.wait32} or {@code wait64} on a memory that is not shared. */
  EXPECTED_SHARED_MEMORY(17, "expected shared memory"),
  /**
   * {@code call_ref} or {@code return_call_ref} of a null reference (typed function references).
   */
  NULL_FUNCTION_REFERENCE(18, "null function reference"),
  /** {@code throw_ref} of a null {@code exnref} (exception handling). */
  NULL_EXCEPTION_REFERENCE(19, "null exception reference"),
  /** {@code i31.get_s} or {@code i31.get_u} of a null {@code i31ref} (GC). */
  NULL_I31_REFERENCE(20, "null i31 reference"),
  /** {@code ref.cast} of a reference not of the type (GC). */
  CAST_FAILURE(21, "cast failure");

  private static final TrapCode[] BY_NUMBER = new TrapCode[values().length + 1];

  static {
    for (TrapCode code : values()) {
      BY_NUMBER[code.number] = code;
    }
  }

  private final String message;
  private final int number;

  TrapCode(int number, String message) {
    this.message = message;
    this.number = number;
  }

  /** The specification's message for this trap. */
  public String message() {
    return message;
  }

  /** The code's number inside the interpreter: positive, so that handlers can return it negated. */
  public int number() {
    return number;
  }

  /** The code for {@link #number()}. */
  public static TrapCode ofNumber(int number) {
    return BY_NUMBER[number];
  }
}
