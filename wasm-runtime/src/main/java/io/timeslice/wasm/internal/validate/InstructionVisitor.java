package io.timeslice.wasm.internal.validate;

/**
 * What the validator tells a translator about each instruction, right after validating it, in the
 * same single pass over the body (the model is Wasmi's validating translator). Opcodes are ints:
 * single-byte opcodes as they are, {@code 0xFC}-prefixed ones as {@code 0xFC00 | sub} and SIMD ones
 * as {@code 0xFD000 | sub} (see {@link FuncValidator#PREFIX_FC} and {@link
 * FuncValidator#PREFIX_SIMD}). The validator's state (reachability, control depth, stack height) is
 * queryable during a call through {@link FuncValidator}. Every method has an empty default, so a
 * visitor implements what it needs; validation alone uses {@link #NONE}.
 */
public interface InstructionVisitor {
  /** A visitor that does nothing: validation only. */
  InstructionVisitor NONE = new InstructionVisitor() {};

  /** Before the first instruction: the function's locals, parameters first, as type codes. */
  default void begin(int funcIndex, int[] localTypes) {}

  /** An instruction without immediates (numeric ops, drop, select, return, unreachable, nop…). */
  default void plain(int opcode) {}

  /**
   * {@code block}, {@code loop}, {@code if} or {@code try}; the block type's params and results.
   */
  default void block(int opcode, int[] params, int[] results) {}

  /** {@code else}. */
  default void elseArm() {}

  /** {@code catch} of tag {@code tag}, or {@code catch_all} when it is -1 (exception handling). */
  default void catchArm(int tag) {}

  /** {@code delegate} to relative depth {@code depth} among the frames around the try it ends. */
  default void delegate(int depth) {}

  /** {@code throw} of tag {@code tag}. */
  default void throwTag(int tag) {}

  /** {@code rethrow} of the exception the catch arm at relative depth {@code depth} caught. */
  default void rethrow(int depth) {}

  /**
   * {@code try_table} (WebAssembly 3.0 exception handling) of block type {@code params} → {@code
   * results}: per catch clause three ints, its kind (0 {@code catch}, 1 {@code catch_ref}, 2 {@code
   * catch_all}, 3 {@code catch_all_ref}), its tag (-1 for the catch_all kinds) and its label's
   * relative depth, counted from outside the try_table.
   */
  default void tryTable(int[] params, int[] results, int[] clauses) {}

  /** {@code throw_ref} of the {@code exnref} on top. */
  default void throwRef() {}

  /**
   * GC's {@code ref.test} (0xFB {@code sub} 0x14, 0x15) or {@code ref.cast} (0x16, 0x17) to
   * reference type {@code target} (a type code), within its operand's hierarchy.
   */
  default void cast(int sub, int target) {}

  /**
   * GC's {@code br_on_cast} (or, {@code onFail}, {@code br_on_cast_fail}) to the label {@code
   * relativeDepth} out, on whether the reference on top is of {@code target} (a type code).
   */
  default void brOnCast(boolean onFail, int relativeDepth, int target) {}

  /** {@code end} of a block, or of the function when the control depth becomes 0. */
  default void end() {}

  /** {@code br} or {@code br_if} to relative depth {@code depth}. */
  default void branch(int opcode, int depth) {}

  /** {@code br_table}: the targets' relative depths, then the default. */
  default void branchTable(int[] depths, int defaultDepth) {}

  /** {@code call}. */
  default void call(int funcIndex) {}

  /** {@code call_indirect}. */
  default void callIndirect(int typeIndex, int tableIndex) {}

  /** {@code return_call} (tail calls). */
  default void returnCall(int funcIndex) {}

  /** {@code return_call_indirect} (tail calls). */
  default void returnCallIndirect(int typeIndex, int tableIndex) {}

  /** {@code call_ref $t} (typed function references): the callee reference is on top. */
  default void callRef(int typeIndex) {}

  /** {@code return_call_ref $t}: a tail call of the reference on top. */
  default void returnCallRef(int typeIndex) {}

  /** {@code local.get}, {@code local.set}, {@code local.tee}. */
  default void local(int opcode, int index) {}

  /** {@code global.get}, {@code global.set}. */
  default void global(int opcode, int index) {}

  /**
   * A load or store of {@code memory}: alignment exponent and unsigned offset (also SIMD loads and
   * stores).
   */
  default void memory(int opcode, int align, long offset, int memory) {}

  /**
   * An atomic instruction ({@code 0xFE} prefix, threads) of {@code memory} with its offset (its
   * alignment is the natural one); {@code atomic.fence}, which has neither, with memory -1.
   */
  default void atomic(int opcode, long offset, int memory) {}

  /** A SIMD lane load or store of {@code memory}, with its lane. */
  default void memoryLane(int opcode, int align, long offset, int lane, int memory) {}

  /** {@code i32.const}. */
  default void i32Const(int value) {}

  /** {@code i64.const}. */
  default void i64Const(long value) {}

  /** {@code f32.const}, as raw bits. */
  default void f32Const(int bits) {}

  /** {@code f64.const}, as raw bits. */
  default void f64Const(long bits) {}

  /** {@code v128.const}. */
  default void v128Const(long low, long high) {}

  /** {@code select} with its (possibly inferred) operand type code. */
  default void select(int type) {}

  /** {@code ref.null} of a reference type code. */
  default void refNull(int type) {}

  /** {@code ref.func}. */
  default void refFunc(int funcIndex) {}

  /**
   * An instruction with index immediates: {@code memory.size}/{@code grow} (memory), table ops,
   * bulk memory and table ops ({@code 0xFC} prefix; segment and table/memory indices: {@code
   * memory.init} segment and memory, {@code memory.copy} destination and source memory, {@code
   * memory.fill} memory).
   */
  default void indexed(int opcode, int index0, int index1) {}

  /** A SIMD lane instruction (extract/replace lane). */
  default void lane(int opcode, int lane) {}

  /** {@code i8x16.shuffle}. */
  default void shuffle(byte[] lanes) {}
}
