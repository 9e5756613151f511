package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.internal.module.TypeId;
import org.jspecify.annotations.Nullable;

/**
 * A function of an instance's function index space: either Wasm code translated to IR, or a host
 * function ({@link #host} not null), which runs on the calling thread without a frame.
 *
 * <p>A Wasm function's frame is {@code [params | other locals | constants | temporaries]} of {@link
 * #frameSize} cells; a call's arguments are already in the caller's cells where the callee's frame
 * begins, so entering a function only zeroes its other locals and copies its constant pool into the
 * last cells. Counts of parameters, locals and results are in cells: a v128 takes two.
 */
public final class CompiledFunction {
  final String name;
  final FuncType type;
  final int numParams;
  final int numResults;
  final HostCode host;

  // Set at construction, or on the first call of a lazily translated function (resolve()).
  int numLocals;

  /**
   * How far the frame pointer is past the frame's first cell: 0, or, for a function with wide
   * locals (docs/ir.md), its locals' cells, which its code addresses at negative offsets.
   */
  int fpShift;

  long[] constants;
  int frameSize;
  int[] code;

  /** Where a lazily translated function gets its code, and its index there; else null. */
  private final LazyCode lazy;

  private final int lazyIndex;
  InstanceContext instance;

  /** The id in the store's {@link Refs}, 0 until the function is first referenced. */
  int refId;

  /** The identity of the function's type (GC), or null: a host function, a module without GC. */
  @Nullable TypeId typeId;

  /** Where the code's try table is ({@link ExceptionHandlers}): -1 none, -2 not looked for yet. */
  int handlersAt = -2;

  /**
   * The function's compiled-tier state, shared by every instance of its module; null when the
   * engine only interprets, and for host functions.
   */
  FunctionTier tier;

  /**
   * A function of signature {@code type} (checked by {@code call_indirect}); {@code frameSize} must
   * cover locals, constants and the temporaries the code uses. Its frame pointer is {@code fpShift}
   * cells past its frame's first cell: 0, or its locals' cells when they are wide (docs/ir.md).
   */
  public CompiledFunction(
      String name,
      FuncType type,
      int numParams,
      int numLocals,
      int numResults,
      long[] constants,
      int frameSize,
      int[] code,
      int fpShift) {
    if (numParams > numLocals
        || numLocals + constants.length > frameSize
        || (fpShift != 0 && fpShift != numLocals)) {
      throw new IllegalArgumentException("frame of " + name + " too small");
    }
    this.name = name;
    this.type = type;
    this.numParams = numParams;
    this.numLocals = numLocals;
    this.numResults = numResults;
    this.constants = constants;
    this.frameSize = frameSize;
    this.code = code;
    this.fpShift = fpShift;
    this.host = null;
    this.lazy = null;
    this.lazyIndex = -1;
  }

  /** Translates function {@code index} on demand, once per module, for any number of instances. */
  public interface LazyCode {
    /**
     * The translated, unbound function {@code index}.
     *
     * @throws io.timeslice.wasm.WasmException when its body is malformed or invalid (lazy mode)
     */
    CompiledFunction translated(int index);
  }

  private CompiledFunction(String name, FuncType type, LazyCode lazy, int index) {
    this.name = name;
    this.type = type;
    this.numParams = type.paramCells();
    this.numResults = type.resultCells();
    this.host = null;
    this.lazy = lazy;
    this.lazyIndex = index;
    // A placeholder frame that fits the arguments until resolve() sets the real one.
    this.frameSize = Math.max(numParams, numResults);
    this.numLocals = numParams;
    this.constants = new long[0];
  }

  /** A function whose code {@code lazy} translates on its first call. */
  public static CompiledFunction lazy(String name, FuncType type, LazyCode lazy, int index) {
    return new CompiledFunction(name, type, lazy, index);
  }

  /** An unbound copy of this translated function sharing its code, for another instance. */
  public CompiledFunction copy() {
    return new CompiledFunction(
        name, type, numParams, numLocals, numResults, constants, frameSize, code, fpShift);
  }

  /** Whether the code is there: a host function, or Wasm code translated. */
  boolean resolved() {
    return host != null || code != null;
  }

  /** Fetches the code of a lazily translated function (the executor calls it before entering). */
  void resolve() {
    CompiledFunction t = lazy.translated(lazyIndex);
    numLocals = t.numLocals;
    constants = t.constants;
    frameSize = t.frameSize;
    fpShift = t.fpShift;
    code = t.code;
  }

  private CompiledFunction(
      String name, FuncType type, int numParams, int numResults, HostCode host) {
    this.name = name;
    this.type = type;
    this.numParams = numParams;
    this.numLocals = numParams;
    this.numResults = numResults;
    this.constants = new long[0];
    this.frameSize = Math.max(numParams, numResults);
    this.code = null;
    this.host = host;
    this.lazy = null;
    this.lazyIndex = -1;
  }

  /** A host function of signature {@code type}. */
  public static CompiledFunction host(String name, FuncType type, HostCode host) {
    return new CompiledFunction(name, type, type.paramCells(), type.resultCells(), host);
  }

  /** Binds the function to the instance it belongs to, once, during instantiation. */
  public void bind(InstanceContext context) {
    bind(context, null);
  }

  /** Binds this defined function to its instance, with its type's identity (GC) or null. */
  public void bind(InstanceContext context, @Nullable TypeId typeId) {
    if (instance != null) {
      throw new IllegalStateException(name + " is already bound");
    }
    instance = context;
    this.typeId = typeId;
  }

  /** The identity of the function's type (GC), or null. */
  public @Nullable TypeId typeId() {
    return typeId;
  }

  /**
   * Whether {@code call_indirect} may call this function as type {@code type} of {@code inst}: with
   * GC on both sides, when its type is that one or a declared subtype (iso-recursively), else when
   * their signatures are equal.
   */
  // The identity check is the fast path; equals decides.
  @SuppressWarnings("ReferenceEquality")
  boolean hasType(InstanceContext inst, int type) {
    if (typeId != null && inst.typeIds != null) {
      return typeId.isSubtypeOf(inst.typeIds[type]);
    }
    FuncType expected = inst.types[type];
    return this.type == expected || this.type.equals(expected);
  }

  /** Puts this defined function of an instance in its module's tiers ({@code tier} shared). */
  public CompiledFunction withTier(FunctionTier tier) {
    this.tier = tier;
    return this;
  }

  /** The compiled-tier state, or null. */
  public FunctionTier tier() {
    return tier;
  }

  /** Constant {@code i} of the pool (without copying the pool, as {@link #constants()} does). */
  public long constant(int i) {
    return constants[i];
  }

  /** The size of the constant pool. */
  public int constantCount() {
    return constants.length;
  }

  /** The function's name for traps and disassembly. */
  public String name() {
    return name;
  }

  /** The function's signature. */
  public FuncType type() {
    return type;
  }

  /** The cells the parameters take. */
  public int numParams() {
    return numParams;
  }

  /** The cells the results take. */
  public int numResults() {
    return numResults;
  }

  /** The instance the function is bound to, or null (an unbound host function). */
  public InstanceContext instance() {
    return instance;
  }

  /** The frame size in cells: locals, constants and temporaries. */
  public int frameSize() {
    return frameSize;
  }

  /** How far the frame pointer is past the frame's first cell (wide locals: docs/ir.md). */
  public int fpShift() {
    return fpShift;
  }

  /** The first cell after the frame whose frame pointer is {@code fp}. */
  int frameEnd(int fp) {
    return fp - fpShift + frameSize;
  }

  /** The cells the locals take, parameters included. */
  public int numLocals() {
    return numLocals;
  }

  /** The constant pool, copied into the frame after the locals. */
  public long[] constants() {
    return constants.clone();
  }

  /** The IR code; null for a host function. */
  public int[] code() {
    return code;
  }

  /** The bytes its IR takes: code and constant pool; 0 before a lazy function is translated. */
  public long irBytes() {
    return (code == null ? 0 : code.length * 4L) + (constants == null ? 0 : constants.length * 8L);
  }
}
