package io.timeslice.wasm.internal.jit;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_short;
import static java.lang.constant.ConstantDescs.CD_void;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.CompiledSupport;
import io.timeslice.wasm.internal.exec.CompiledTrap;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.GlobalCell;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.JitCode;
import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.MemAccess;
import io.timeslice.wasm.internal.exec.OpSemantics;
import io.timeslice.wasm.internal.exec.SimdHandlers;
import io.timeslice.wasm.internal.exec.SimdLanes;
import io.timeslice.wasm.internal.exec.SimdWiden;
import io.timeslice.wasm.internal.exec.Suspended;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Supplier;

/** The class and method descriptors the generated code refers to. */
final class Descriptors {
  private Descriptors() {}

  static final ClassDesc EXECUTOR = desc(Executor.class);
  static final ClassDesc INSTANCE = desc(InstanceContext.class);
  static final ClassDesc FUNCTION = desc(CompiledFunction.class);
  static final ClassDesc JIT_CODE = desc(JitCode.class);
  static final ClassDesc MEMORY = desc(LinearMemory.class);
  static final ClassDesc GLOBAL = desc(GlobalCell.class);
  static final ClassDesc RUNTIME = desc(JitRuntime.class);
  static final ClassDesc SEMANTICS = desc(OpSemantics.class);
  static final ClassDesc MEM_ACCESS = desc(MemAccess.class);
  static final ClassDesc SUSPENDED = desc(Suspended.class);
  static final ClassDesc SIMD_HANDLERS = desc(SimdHandlers.class);
  static final ClassDesc SIMD_LANES = desc(SimdLanes.class);
  static final ClassDesc SIMD_WIDEN = desc(SimdWiden.class);

  /** The package of the vfn ops' classes (simd.isa's {@code in} column names one). */
  static final String EXEC_PACKAGE = SimdHandlers.class.getPackageName();

  static final ClassDesc COMPILED_SUPPORT = desc(CompiledSupport.class);
  static final ClassDesc TRAP = desc(CompiledTrap.class);
  static final ClassDesc BOOTSTRAP = desc(JitBootstrap.class);
  static final ClassDesc VAR_HANDLE = desc(VarHandle.class);
  static final ClassDesc METHOD_HANDLE = desc(MethodHandle.class);
  static final ClassDesc IOOBE = desc(IndexOutOfBoundsException.class);
  static final ClassDesc CD_INTEGER = desc(Integer.class);
  static final ClassDesc CD_LONG = desc(Long.class);
  static final ClassDesc CD_FLOAT = desc(Float.class);
  static final ClassDesc CD_DOUBLE = desc(Double.class);
  static final ClassDesc CD_MATH = desc(Math.class);
  static final ClassDesc LONGS = CD_long.arrayType();
  static final ClassDesc BYTES = CD_byte.arrayType();
  static final ClassDesc GLOBALS = GLOBAL.arrayType();
  static final ClassDesc FUNCTIONS = FUNCTION.arrayType();

  static final MethodTypeDesc CELLS = MethodTypeDesc.of(LONGS, CD_int);
  // A lane-wise SIMD op's half: one, two or three 64-bit halves, or a half and a shift count.
  static final MethodTypeDesc HALF1 = MethodTypeDesc.of(CD_long, CD_long);
  static final MethodTypeDesc HALF2 = MethodTypeDesc.of(CD_long, CD_long, CD_long);
  static final MethodTypeDesc HALF3 = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long);
  static final MethodTypeDesc HALF_SHIFT = MethodTypeDesc.of(CD_long, CD_long, CD_int);
  // replace_lane's half (a0, a1, value, lane) and extract_lane (a0, a1, lane).
  static final MethodTypeDesc REPLACE_LANE =
      MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_int);
  static final MethodTypeDesc EXTRACT_LANE = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_int);
  static final MethodTypeDesc INTERRUPT_PENDING = MethodTypeDesc.of(CD_boolean);
  static final MethodTypeDesc OUT_OF_FUEL = MethodTypeDesc.of(CD_void, CD_long);
  static final MethodTypeDesc INTERRUPTED = MethodTypeDesc.of(CD_void);
  static final MethodTypeDesc DEOPT = MethodTypeDesc.of(CD_void);
  static final MethodTypeDesc TRAP_AT = MethodTypeDesc.of(TRAP, INSTANCE, CD_int, CD_int, CD_int);
  static final MethodTypeDesc TRAP_OF = MethodTypeDesc.of(TRAP, INSTANCE, CD_int);
  static final MethodTypeDesc SUSPEND =
      MethodTypeDesc.of(CD_void, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int, CD_int, CD_int);
  static final MethodTypeDesc SPILL_BUFFER = MethodTypeDesc.of(LONGS, CD_int);
  static final MethodTypeDesc REGION_SPILL_BUFFER =
      MethodTypeDesc.of(LONGS, EXECUTOR, CD_int, CD_int);
  static final MethodTypeDesc PREPARE_FRAME =
      MethodTypeDesc.of(CD_void, EXECUTOR, INSTANCE, CD_int, CD_int);
  static final MethodTypeDesc SUSPEND_AT_ENTRY =
      MethodTypeDesc.of(CD_void, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int, CD_long);
  static final MethodTypeDesc CALL_INTERPRETED =
      MethodTypeDesc.of(CD_long, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int, CD_int, CD_int);
  static final MethodTypeDesc CALL_FROM_COMPILED =
      MethodTypeDesc.of(CD_long, FUNCTION, FUNCTION, CD_int, CD_int, CD_int);
  static final MethodTypeDesc INDIRECT =
      MethodTypeDesc.of(FUNCTION, INSTANCE, CD_int, CD_int, CD_long, CD_int, CD_int);
  static final MethodTypeDesc ENTRY_OF = MethodTypeDesc.of(METHOD_HANDLE, FUNCTION);
  static final MethodTypeDesc INTERPRET_OP =
      MethodTypeDesc.of(CD_void, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int);
  static final MethodTypeDesc MEMORY_GROW = MethodTypeDesc.of(CD_int, INSTANCE, CD_int);
  static final MethodTypeDesc BAD_RESUME =
      MethodTypeDesc.of(desc(IllegalStateException.class), CD_int);
  static final MethodTypeDesc SURCHARGE = MethodTypeDesc.of(CD_long, CD_int, CD_long);
  static final MethodTypeDesc FUNCTION_INSTANCE = MethodTypeDesc.of(INSTANCE);

  static final MethodTypeDesc VH_GET_SHORT = MethodTypeDesc.of(CD_short, BYTES, CD_int);
  static final MethodTypeDesc VH_GET_INT = MethodTypeDesc.of(CD_int, BYTES, CD_int);
  static final MethodTypeDesc VH_GET_LONG = MethodTypeDesc.of(CD_long, BYTES, CD_int);
  static final MethodTypeDesc VH_SET_SHORT = MethodTypeDesc.of(CD_void, BYTES, CD_int, CD_short);
  static final MethodTypeDesc VH_SET_INT = MethodTypeDesc.of(CD_void, BYTES, CD_int, CD_int);
  static final MethodTypeDesc VH_SET_LONG = MethodTypeDesc.of(CD_void, BYTES, CD_int, CD_long);

  static final MethodTypeDesc INT_BITS_TO_FLOAT = MethodTypeDesc.of(CD_float, CD_int);
  static final MethodTypeDesc FLOAT_TO_BITS = MethodTypeDesc.of(CD_int, CD_float);
  static final MethodTypeDesc LONG_BITS_TO_DOUBLE = MethodTypeDesc.of(CD_double, CD_long);
  static final MethodTypeDesc DOUBLE_TO_BITS = MethodTypeDesc.of(CD_long, CD_double);
  static final MethodTypeDesc COMPARE_INTS = MethodTypeDesc.of(CD_int, CD_int, CD_int);
  static final MethodTypeDesc COMPARE_LONGS = MethodTypeDesc.of(CD_int, CD_long, CD_long);
  static final MethodTypeDesc SQRT = MethodTypeDesc.of(CD_double, CD_double);

  /** The leading parameters of every generated method: x, inst, fp, level, budget. */
  private static final ClassDesc[] LEADING = {EXECUTOR, INSTANCE, CD_int, CD_int, CD_int};

  /** A compiled function's body and checked entry: leading parameters, then its arguments. */
  static MethodTypeDesc body(int params) {
    ClassDesc[] p = Arrays.copyOf(LEADING, LEADING.length + params);
    Arrays.fill(p, LEADING.length, p.length, CD_long);
    return MethodTypeDesc.of(CD_long, p);
  }

  /** The resume method: leading parameters and the pc. */
  static final MethodTypeDesc RESUME_AT =
      MethodTypeDesc.of(CD_void, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int, CD_int);

  /** A region method of a split function: leading parameters and the pc; returns the next pc. */
  static final MethodTypeDesc REGION =
      MethodTypeDesc.of(CD_int, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int, CD_int);

  /** {@link JitCode#invokeBody}. */
  static final MethodTypeDesc INVOKE_BODY =
      MethodTypeDesc.of(CD_void, EXECUTOR, INSTANCE, CD_int, CD_int, CD_int);

  /** The generated class's constructor, as {@link JitCode}'s. */
  static final MethodTypeDesc CONSTRUCTOR =
      MethodTypeDesc.of(
          CD_void, CD_int, CD_int, METHOD_HANDLE, CD_int.arrayType(), desc(Supplier.class));

  /** {@code put}k: the cells, the first index, k values. */
  static MethodTypeDesc put(int k) {
    ClassDesc[] p = new ClassDesc[2 + k];
    p[0] = LONGS;
    p[1] = CD_int;
    Arrays.fill(p, 2, p.length, CD_long);
    return MethodTypeDesc.of(CD_void, p);
  }

  /** The Java class of an OpTable type. */
  static ClassDesc of(int type) {
    return switch (type) {
      case OpTable.I32, OpTable.RAW32 -> CD_int;
      case OpTable.I64, OpTable.RAW64 -> CD_long;
      case OpTable.F32 -> CD_float;
      case OpTable.F64 -> CD_double;
      default -> CD_Object;
    };
  }

  private static ClassDesc desc(Class<?> c) {
    return c.describeConstable().orElseThrow();
  }
}
