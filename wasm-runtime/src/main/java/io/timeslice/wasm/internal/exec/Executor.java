package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.ir.Op;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Runs IR without recursing on the Java stack: Wasm calls push a frame onto primitive arrays, and
 * the callee's frame begins at the caller's argument cells. Call depth and value-stack size are
 * bounded; exceeding either is the trap "call stack exhausted", whatever the thread's stack size.
 *
 * <p>All of a call's state lives in this object, so a call can be <b>suspended</b> — when fuel runs
 * out, when another thread interrupts it, or when a host function yields — and resumed later on any
 * thread with {@link #resume} or {@link #resumeFromHost}. One executor runs one call at a time; it
 * is not thread-safe, except for {@link #interrupt}.
 */
public final class Executor {
  /** A {@code frame} op's status: go on with the (possibly new) current function. */
  static final int CONTINUE = 0;

  /** The outermost function returned; {@link #results()} has its results. */
  public static final int DONE = 1;

  /** A trap; the public entry points turn it into a {@link Trap}. */
  static final int TRAPPED = 2;

  /** The call is suspended; {@link #suspension()} says why. */
  public static final int SUSPENDED = 3;

  /**
   * The current function has compiled code that takes over its frame at {@link #pc}: the
   * interpreter loop leaves so that {@link #drive} runs it (a call into it, a return into it, or a
   * hot loop found by tier sampling).
   */
  static final int JIT = 4;

  /** Why a call is suspended. */
  public enum Suspension {
    /** Not suspended. */
    NONE,
    /** A fuel charge could not be paid; {@link #requiredFuel()} says how much it needs. */
    OUT_OF_FUEL,
    /** Another thread called {@link #interrupt()}. */
    INTERRUPTED,
    /** A host function returned {@link HostCode#YIELD}. */
    HOST_YIELD
  }

  /**
   * With {@code -Dtimeslice.countIr=true}, the loop counts the IR instructions it executes (for
   * docs/benchmarks.md's IR-to-Wasm ratio); off, the JIT folds the check away.
   */
  static final boolean COUNT_IR = Boolean.getBoolean("timeslice.countIr");

  /** IR instructions executed so far, when {@link #COUNT_IR} is on. */
  long irExecuted;

  /** Returned negated by the fuel and interrupt handlers: not a trap, a suspension. */
  static final int SUSPEND_CODE = 1000;

  /**
   * Returned negated by a taken branch (an interrupt, or its target's charge cannot be paid): a
   * suspension at {@link #suspendPc}, the target.
   */
  static final int SUSPEND_AT_TARGET_CODE = 1001;

  /** Where a call suspended by {@link #SUSPEND_AT_TARGET_CODE} resumes. */
  int suspendPc;

  /**
   * Set when {@link #enter} hands a frame it just entered to compiled code: the code starts at its
   * body with the arguments, rather than resuming mid-function with every cell as it is.
   */
  private boolean freshEntry;

  /** Compiled code handed its frame to the interpreter ({@link #compiledDeopt}). */
  private boolean deopt;

  /**
   * Set by tier sampling when the interpreter should hand the current function to its compiled
   * code: the "suspension" that follows becomes {@link #JIT} instead (nothing was paid or done).
   */
  private boolean jitPending;

  /**
   * The Java stack bytes compiled code may still take on this thread; beyond them, calls run in the
   * interpreter, which never recurses, so that no call depth overflows the Java stack.
   */
  int jitBudget;

  /**
   * Fuel charges that leave less than this take the slow path in {@link Control#pay}: out of fuel
   * below 0, a tier sample above it. 0 when nothing is tiered.
   */
  long fuelMark;

  /** The fuel between two tier samples of the current function, or 0 (not tiered). */
  private long sampleFuel;

  /** Taken backward branches (fuel off) left until the next tier sample. */
  private int backEdges = Integer.MAX_VALUE;

  /** The taken backward branches between two tier samples (fuel off). */
  private int sampleBackEdges = Integer.MAX_VALUE;

  private static final int INITIAL_STACK_CELLS = 1024;
  private static final int INITIAL_FRAMES = 64;

  // The current function's state, loaded into locals by Dispatch.run. Its code is func.code: a
  // field of its own would cost a GC write barrier on every call and return.
  int pc;
  int fp;
  long[] stack;
  byte[] memory;
  CompiledFunction func;

  /**
   * Fuel left; only read by CONSUME_FUEL, which the translator emits when metering is on. Public
   * for compiled code, which keeps it in a local between calls.
   */
  public long fuel;

  private long requiredFuel;

  /**
   * Set by {@link #interrupt} from any thread. The loop reads it with opaque access, which is never
   * hoisted out of a loop and sees the write soon, without a volatile read's ordering constraints.
   */
  private boolean interruptRequested;

  private static final VarHandle INTERRUPT;

  static {
    try {
      INTERRUPT =
          MethodHandles.lookup().findVarHandle(Executor.class, "interruptRequested", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private boolean running;
  private boolean resumable;

  // The frames of the callers: who called, where to go back to, and their frame pointer. Never
  // longer than maxDepth, so that one check finds both a full array and the depth limit.
  private CompiledFunction[] frameFunc;
  private int[] frameReturnPc;
  private int[] frameFp;
  private int depth;

  /** The most nested Wasm calls; compiled code checks its calls against it. */
  public final int maxDepth;

  /** The most value-stack cells; compiled code checks its frames against it. */
  public final int maxStackCells;

  private CompiledFunction callee;
  private Suspension suspension = Suspension.NONE;
  private int hostResultBase;
  private int hostResultCount;

  /** The type of the host function that yielded, whose results a resume gives. */
  private @Nullable FuncType hostYieldType;

  private int trapCode;
  private CompiledFunction trapFunc;
  private int trapPc;

  /** An executor allowing {@code maxDepth} nested Wasm calls and {@code maxStackCells} cells. */
  public Executor(int maxDepth, int maxStackCells) {
    if (maxDepth < 1 || maxStackCells < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxDepth = maxDepth;
    this.maxStackCells = maxStackCells;
    this.stack = new long[Math.min(INITIAL_STACK_CELLS, maxStackCells)];
    int frames = Math.min(INITIAL_FRAMES, maxDepth);
    this.frameFunc = new CompiledFunction[frames];
    this.frameReturnPc = new int[frames];
    this.frameFp = new int[frames];
  }

  /**
   * Lets functions run in compiled code (their {@link CompiledFunction#tier} set), with {@code
   * stackBytes} of Java stack for compiled activations, and samples where the interpreter spends
   * its time every {@code sampleFuel} fuel (metering on) or {@code sampleBackEdges} taken backward
   * branches (metering off), so that hot loops get compiled.
   */
  public void enableTiering(int stackBytes, long sampleFuel, int sampleBackEdges) {
    if (stackBytes < 0 || sampleFuel < 1 || sampleBackEdges < 1) {
      throw new IllegalArgumentException("bad tiering settings");
    }
    this.jitBudget = stackBytes;
    this.sampleFuel = sampleFuel;
    this.sampleBackEdges = sampleBackEdges;
    this.backEdges = sampleBackEdges;
  }

  /**
   * Calls {@code f} to completion with arguments as raw bits and returns its results as raw bits.
   * Running out of fuel or being interrupted ends the call with a trap; a host yield is an error
   * here (use {@link #start}).
   *
   * @throws Trap when the call traps, runs out of fuel or is interrupted
   */
  public long[] invoke(CompiledFunction f, long... args) {
    if (begin(f, args, false) == SUSPENDED) {
      Suspension why = suspension;
      abandon();
      switch (why) {
        case OUT_OF_FUEL -> throw new Trap(TrapCode.OUT_OF_FUEL, where(func, pc));
        case INTERRUPTED -> throw new Trap(TrapCode.INTERRUPTED, where(func, pc));
        default ->
            throw new IllegalStateException("a host function yielded in a non-resumable call");
      }
    }
    return results();
  }

  /**
   * Starts calling {@code f}; returns {@link #DONE} or {@link #SUSPENDED}.
   *
   * @throws Trap when the call traps
   */
  public int start(CompiledFunction f, long... args) {
    return begin(f, args, true);
  }

  /** Whether the running call can suspend on a host yield (it was started with {@link #start}). */
  public boolean isResumable() {
    return resumable;
  }

  private int begin(CompiledFunction f, long[] args, boolean canSuspend) {
    if (args.length != f.numParams) {
      throw new IllegalArgumentException(
          f.name + " takes " + f.numParams + " argument cells, not " + args.length);
    }
    if (running) {
      throw new IllegalStateException("a host function cannot call back into its store");
    }
    if (suspension != Suspension.NONE) {
      throw new IllegalStateException("the executor holds a suspended call");
    }
    callee = f;
    resumable = canSuspend;
    depth = 0;
    func = null;
    fp = 0;
    pc = 0;
    if (!f.resolved()) {
      f.resolve();
    }
    if (f.frameSize > stack.length && !growStack(f.frameSize)) {
      throw new Trap(TrapCode.CALL_STACK_EXHAUSTED, "in function " + f.name);
    }
    System.arraycopy(args, 0, stack, 0, args.length);
    int status;
    running = true;
    try {
      status = enter(f, 0, 0);
    } finally {
      running = false;
    }
    return finish(status);
  }

  /**
   * Resumes a call suspended by fuel or interruption; the fuel charge that suspended it is tried
   * again.
   */
  public int resume() {
    if (suspension != Suspension.OUT_OF_FUEL && suspension != Suspension.INTERRUPTED) {
      throw new IllegalStateException("not suspended by fuel or interruption: " + suspension);
    }
    suspension = Suspension.NONE;
    return finish(CONTINUE);
  }

  /** Resumes a call suspended by a host yield, with that host function's results. */
  /** The type of the host function whose yield suspended the call, or null. */
  public @Nullable FuncType hostYieldType() {
    return suspension == Suspension.HOST_YIELD ? hostYieldType : null;
  }

  public int resumeFromHost(long... hostResults) {
    if (suspension != Suspension.HOST_YIELD) {
      throw new IllegalStateException("not suspended by a host yield: " + suspension);
    }
    if (hostResults.length != hostResultCount) {
      throw new IllegalArgumentException(
          "the host function returns " + hostResultCount + " values, not " + hostResults.length);
    }
    System.arraycopy(hostResults, 0, stack, hostResultBase, hostResults.length);
    suspension = Suspension.NONE;
    // A yield of a host function called directly, not from Wasm, finishes the call.
    return finish(func == null ? DONE : CONTINUE);
  }

  private int finish(int initialStatus) {
    int status = initialStatus;
    if (status == CONTINUE || status == JIT) {
      running = true;
      try {
        status = drive();
      } catch (RuntimeException hostFailure) {
        // Only host functions throw inside the loop; the call cannot go on.
        abandon();
        throw hostFailure;
      } finally {
        running = false;
      }
    }
    if (status == TRAPPED) {
      suspension = Suspension.NONE;
      depth = 0;
      throw new Trap(TrapCode.ofNumber(trapCode), where(trapFunc, trapPc));
    }
    return status;
  }

  /**
   * Runs the current function from {@link #pc} and every frame below it until the call ends, traps
   * or suspends, in compiled code where a function has it and the interpreter elsewhere. The loop
   * only changes hands between frames: the interpreter leaves (status {@link #JIT}) when it calls,
   * returns into or loops in a compiled function, and compiled code returns here when its frame
   * returns.
   */
  private int drive() {
    while (true) {
      FunctionTier t = func.tier;
      JitCode c = t == null ? null : t.code;
      int status;
      if (!deopt
          && c != null
          && jitBudget >= c.frameCost
          && (pc == 0 || freshEntry || c.canResumeAt(pc))) {
        status = runCompiled(c);
      } else {
        deopt = false;
        freshEntry = false;
        setMemory(func.instance.memoryBytes());
        status = Dispatch.run(func.code, pc, stack, fp, this);
      }
      if (status != CONTINUE && status != JIT) {
        return status;
      }
    }
  }

  /**
   * Runs the current frame in compiled code {@code c} from {@link #pc}, then pops it. A suspension
   * inside has written every compiled frame back to the value stack and the frame records.
   */
  private int runCompiled(JitCode c) {
    CompiledFunction f = func;
    int level = depth;
    int frame = fp;
    int at = pc;
    // A frame entered, or suspended before its entry was paid, starts with the body's arguments.
    boolean fresh = at == 0 || freshEntry;
    freshEntry = false;
    if (at == 0 && c.bodyStart != 0) {
      // Called from the host: the entry charge has not been paid yet.
      int entry = payEntry(f.code);
      if (entry < 0) {
        return trap(SUSPEND_CODE, 0);
      }
      at = entry;
    }
    int budget = jitBudget - c.frameCost;
    try {
      if (fresh) {
        c.invokeBody(this, f.instance, frame, level, budget);
      } else {
        c.resume(this, f.instance, frame, level, budget, at);
      }
    } catch (Suspended s) {
      // A handover to the interpreter (deopt, kept set for drive) is no suspension of the call.
      return deopt ? CONTINUE : SUSPENDED;
    } catch (CompiledTrap t) {
      trapCode = t.code;
      trapFunc = t.function;
      trapPc = t.pc;
      return TRAPPED;
    } catch (StackOverflowError e) {
      // The budget keeps compiled code far from the end of the stack; should a thread's stack be
      // smaller than the budget assumes, the call ends in the trap the interpreter would give.
      trapCode = TrapCode.CALL_STACK_EXHAUSTED.number();
      trapFunc = f;
      trapPc = at;
      return TRAPPED;
    }
    func = f;
    depth = level;
    return leave();
  }

  /**
   * Calls {@code callee} for compiled code of {@code caller} that cannot call it directly (a host
   * function, an import, a function not compiled, or no Java stack budget left), with its arguments
   * already in the cells from {@code newFp}: a host function runs at once, a Wasm function through
   * {@link #enter} and {@link #drive} as a call from the host would. Returns the first result (all
   * results are in the cells from {@code newFp}).
   *
   * @throws Suspended when the call suspends (the caller records itself)
   * @throws CompiledTrap when it traps
   */
  public long callFromCompiled(
      CompiledFunction caller, CompiledFunction callee, int newFp, int calleeLevel, int budget) {
    CompiledFunction savedFunc = func;
    int savedPc = pc;
    int savedFp = fp;
    int savedDepth = depth;
    if (callee.host != null) {
      return callHostFromCompiled(caller, callee, newFp, savedFunc);
    }
    int savedBudget = jitBudget;
    // No caller frame: the callee's return ends this nested run (leave() finds null).
    func = null;
    depth = calleeLevel - 1;
    jitBudget = budget;
    int status = enter(callee, newFp, 0);
    if (status == CONTINUE || status == JIT) {
      status = drive();
    }
    jitBudget = savedBudget;
    if (status == DONE) {
      func = savedFunc;
      pc = savedPc;
      fp = savedFp;
      depth = savedDepth;
      return callee.numResults == 0 ? 0 : stack[newFp];
    }
    if (status == SUSPENDED) {
      throw Suspended.INSTANCE;
    }
    throw new CompiledTrap(trapCode, trapFunc, trapPc);
  }

  /**
   * A host function called from compiled code of {@code caller} (whose instance it sees as its
   * caller's). A yield leaves no frame of the callee: the compiled caller becomes the current
   * frame, to be resumed with the host's results in its cells.
   */
  private long callHostFromCompiled(
      CompiledFunction caller, CompiledFunction callee, int base, CompiledFunction savedFunc) {
    int end = base + callee.frameSize;
    if (end > stack.length && !growStack(end)) {
      throw new CompiledTrap(TrapCode.CALL_STACK_EXHAUSTED.number(), caller, -1);
    }
    func = caller;
    int status = callee.host.call(this, stack, base);
    if (status == HostCode.YIELD) {
      suspension = Suspension.HOST_YIELD;
      hostResultBase = base;
      hostResultCount = callee.numResults;
      hostYieldType = callee.type();
      func = null;
      throw Suspended.INSTANCE;
    }
    func = savedFunc;
    return callee.numResults == 0 ? 0 : stack[base];
  }

  /**
   * The value stack with room for cells up to {@code end}, which the frame checks made sure is
   * within the limit: compiled frames write their cells here when they suspend.
   */
  public long[] cells(int end) {
    if (end > stack.length && !growStack(end)) {
      throw new IllegalStateException("a checked frame does not fit the value stack");
    }
    return stack;
  }

  /**
   * A compiled frame of {@code f} at {@code level}, its cells written from {@code frame}, suspends
   * at its own IR pc {@code atPc} (a charge it cannot pay, an interrupt): it is the current frame.
   */
  public void suspendedAt(CompiledFunction f, int atPc, int frame, int level) {
    func = f;
    pc = atPc;
    fp = frame;
    depth = level;
  }

  /**
   * A compiled frame of {@code f} at {@code level}, its cells written from {@code frame}, whose
   * callee suspended: it waits to be returned to at {@code returnPc}. When the callee was a host
   * function that yielded (no frame recorded above), it is the current frame instead.
   */
  public void suspendedInCall(CompiledFunction f, int returnPc, int frame, int level) {
    if (func == null) {
      suspendedAt(f, returnPc, frame, level);
      return;
    }
    if (level >= frameFunc.length && !growFrames(level)) {
      throw new IllegalStateException("a checked call depth does not fit the frame records");
    }
    frameFunc[level] = f;
    frameReturnPc[level] = returnPc;
    frameFp[level] = frame;
  }

  /**
   * A buffer of at least {@code cells} cells where a suspending compiled frame writes its cells,
   * for {@link CompiledSupport#writeSpilledCells} to copy those that are its own to the value
   * stack.
   */
  public long[] spillBuffer(int cells) {
    if (spill.length < cells) {
      spill = new long[Math.max(cells, 2 * spill.length)];
    }
    return spill;
  }

  private long[] spill = new long[64];

  /** Compiled code could not pay {@code amount}: the call suspends for fuel. */
  public void compiledOutOfFuel(long amount) {
    requiredFuel = amount;
    suspension = Suspension.OUT_OF_FUEL;
  }

  /**
   * Compiled code found less fuel than the charges before its next fuel check need, though enough
   * for the next one: its frame, written back, goes on in the interpreter, which pays charge by
   * charge and stops exactly where the fuel runs out (docs/tiers.md).
   */
  public void compiledDeopt() {
    deopt = true;
  }

  /** Compiled code took an interrupt: the call suspends for it. */
  public void compiledInterrupted() {
    INTERRUPT.setOpaque(this, false);
    suspension = Suspension.INTERRUPTED;
  }

  /** Drops a suspended call; the executor can start another. */
  public void abandon() {
    Arrays.fill(frameFunc, null);
    depth = 0;
    suspension = Suspension.NONE;
  }

  /** The finished call's results as raw bits. */
  public long[] results() {
    return Arrays.copyOf(stack, callee.numResults);
  }

  /** Why the call is suspended, or {@link Suspension#NONE}. */
  public Suspension suspension() {
    return suspension;
  }

  /** The fuel the suspended charge needs; meaningful when suspended {@code OUT_OF_FUEL}. */
  public long requiredFuel() {
    return requiredFuel;
  }

  /**
   * IR instructions executed by this executor, counted only with {@code -Dtimeslice.countIr=true}.
   */
  public long irExecuted() {
    return irExecuted;
  }

  /** Fuel left for charges. */
  public long fuel() {
    return fuel;
  }

  /** Sets the fuel left for charges. */
  public void setFuel(long fuel) {
    if (fuel < 0) {
      throw new IllegalArgumentException("fuel must not be negative");
    }
    this.fuel = fuel;
    this.fuelMark = sampleFuel == 0 ? 0 : Math.max(0, fuel - sampleFuel);
  }

  /**
   * Asks the running call, from any thread, to suspend at its next fuel charge or interruption
   * check (taken backward branches and function entries).
   */
  public void interrupt() {
    INTERRUPT.setVolatile(this, true);
  }

  /** The instance memory of the function running (a host function's caller), or null. */
  public LinearMemory callerMemory() {
    return func == null ? null : func.instance.memory;
  }

  private static String where(CompiledFunction f, int atPc) {
    return f == null ? "" : "in function " + f.name + " at IR pc " + atPc;
  }

  /**
   * Records a trap, or a suspension, at {@code atPc} of the current function; a suspension asked
   * for by tier sampling hands the function to its compiled code instead.
   */
  int trap(int code, int atPc) {
    if (code == SUSPEND_CODE || code == SUSPEND_AT_TARGET_CODE) {
      pc = code == SUSPEND_CODE ? atPc : suspendPc;
      if (jitPending) {
        jitPending = false;
        return JIT;
      }
      return SUSPENDED;
    }
    trapCode = code;
    trapFunc = func;
    trapPc = atPc;
    return TRAPPED;
  }

  /** Whether another thread asked to interrupt; compiled code checks it at loop headers. */
  public boolean interruptPending() {
    return (boolean) INTERRUPT.getOpaque(this);
  }

  /**
   * A taken backward branch with metering off: takes an interrupt, and every {@code
   * sampleBackEdges} branches a tier sample; true to suspend (or hand over to compiled code).
   */
  boolean backEdge(int atFp) {
    if (--backEdges < 0) {
      backEdges = sampleBackEdges;
      if (sample()) {
        fp = atFp;
        return true;
      }
    }
    return takeInterrupt(atFp);
  }

  /**
   * A charge of {@code amount} that leaves less than {@link #fuelMark}: out of fuel below 0, else a
   * tier sample (then the charge is paid unless the function goes to compiled code, which pays it).
   */
  boolean payBelowMark(int atFp, long amount) {
    long rest = fuel - amount;
    if (rest < 0) {
      outOfFuel(atFp, amount);
      return false;
    }
    fuelMark = Math.max(0, rest - sampleFuel);
    if (sample()) {
      fp = atFp;
      return false;
    }
    fuel = rest;
    return true;
  }

  /**
   * Counts a sample of the current function's loops; true when it has compiled code to go on in
   * (then {@link #trap} turns the following suspension into {@link #JIT}).
   */
  private boolean sample() {
    CompiledFunction f = func;
    FunctionTier t = f == null ? null : f.tier;
    if (t == null) {
      return false;
    }
    JitCode c = t.onLoopSample(f);
    if (c == null || jitBudget < c.frameCost) {
      return false;
    }
    jitPending = true;
    return true;
  }

  /** For the fuel and interrupt handlers: suspends if an interrupt was asked for. */
  boolean takeInterrupt(int atFp) {
    if (!(boolean) INTERRUPT.getOpaque(this)) {
      return false;
    }
    INTERRUPT.setOpaque(this, false);
    fp = atFp;
    suspension = Suspension.INTERRUPTED;
    return true;
  }

  /** For the fuel handlers: suspends because {@code amount} cannot be paid. */
  void outOfFuel(int atFp, long amount) {
    fp = atFp;
    requiredFuel = amount;
    suspension = Suspension.OUT_OF_FUEL;
  }

  /**
   * Pushes the current function as a caller returning to {@code returnPc} and makes {@code callee}
   * current with its frame at {@code newFp}; a host function runs right away instead.
   */
  int enter(CompiledFunction target, int newFp, int returnPc) {
    int[] code = target.code;
    if (code == null) {
      // A host function, or a lazily translated one not yet fetched: both rarer than Wasm code.
      if (target.host != null) {
        return enterHost(target, newFp, returnPc);
      }
      target.resolve();
      code = target.code;
    }
    int end = newFp + target.frameSize;
    if (end > stack.length && !growStack(end)) {
      return trap(TrapCode.CALL_STACK_EXHAUSTED.number(), pc);
    }
    if (depth >= frameFunc.length && !growFrames(depth)) {
      return trap(TrapCode.CALL_STACK_EXHAUSTED.number(), pc);
    }
    CompiledFunction caller = func;
    int entry = caller == null ? 0 : payEntry(code);
    if (entry < 0) {
      return trap(SUSPEND_CODE, pc);
    }
    frameFunc[depth] = caller;
    frameReturnPc[depth] = returnPc;
    frameFp[depth] = fp;
    depth++;
    initFrame(target, newFp);
    func = target;
    pc = entry;
    fp = newFp + target.fpShift;
    if (caller == null || target.instance != caller.instance) {
      setMemory(target.instance.memoryBytes());
    }
    return tierOnCall(target);
  }

  /**
   * Counts an interpreted call of {@code target}, just entered, and hands its fresh frame to its
   * compiled code when it has some (compiling it when it just got hot).
   */
  private int tierOnCall(CompiledFunction target) {
    FunctionTier t = target.tier;
    if (t != null) {
      JitCode c = t.onCall(target);
      if (c != null && jitBudget >= c.frameCost) {
        freshEntry = true;
        return JIT;
      }
    }
    return CONTINUE;
  }

  /**
   * Zeroes the non-parameter locals of {@code target}'s frame at {@code at} and copies its pool.
   */
  private void initFrame(CompiledFunction target, int at) {
    long[] st = stack;
    // Plain loops: a function has few locals and constants, too few for the fill and copy stubs.
    int locals = at + target.numLocals;
    for (int i = at + target.numParams; i < locals; i++) {
      st[i] = 0L;
    }
    long[] constants = target.constants;
    for (int i = 0; i < constants.length; i++) {
      st[locals + i] = constants[i];
    }
  }

  /**
   * A tail call: {@code target} replaces the current function, its frame at the current one's
   * start, its arguments moved there from {@code argsFp}; no caller frame is pushed, so a chain of
   * tail calls runs in constant frame memory. The callee's entry charge is paid first, so a call
   * that cannot pay it suspends with nothing moved and resuming repeats it. A host function cannot
   * replace a frame: it is called at {@code argsFp} and returns to {@code hostReturnPc}, where the
   * IR returns its results.
   */
  int tailEnter(CompiledFunction target, int argsFp, int hostReturnPc) {
    int[] code = target.code;
    if (code == null) {
      if (target.host != null) {
        return enterHost(target, argsFp, hostReturnPc);
      }
      target.resolve();
      code = target.code;
    }
    int start = fp - func.fpShift;
    int end = start + target.frameSize;
    if (end > stack.length && !growStack(end)) {
      return trap(TrapCode.CALL_STACK_EXHAUSTED.number(), pc);
    }
    int entry = payEntry(code);
    if (entry < 0) {
      return trap(SUSPEND_CODE, pc);
    }
    System.arraycopy(stack, argsFp, stack, start, target.numParams);
    initFrame(target, start);
    fp = start + target.fpShift;
    InstanceContext from = func.instance;
    func = target;
    pc = entry;
    if (target.instance != from) {
      setMemory(target.instance.memoryBytes());
    }
    return tierOnCall(target);
  }

  /**
   * A Wasm-to-Wasm call runs the callee's first instruction, its entry charge or interruption
   * check, here rather than through the dispatch loop: one dispatch less per call. Returns the pc
   * to enter at, or -1 to suspend before the call (nothing changed, so resuming repeats it).
   */
  private int payEntry(int[] calleeCode) {
    int op = calleeCode[0] & 0xffff;
    if (op == Op.CONSUME_FUEL) {
      return Control.pay(this, fp, calleeCode[1]) ? 2 : -1;
    }
    if (op == Op.CHECK_INTERRUPT) {
      return takeInterrupt(fp) ? -1 : 1;
    }
    return 0;
  }

  private int enterHost(CompiledFunction target, int newFp, int returnPc) {
    int end = newFp + target.frameSize;
    if (end > stack.length && !growStack(end)) {
      return trap(TrapCode.CALL_STACK_EXHAUSTED.number(), pc);
    }
    return callHost(target, newFp, returnPc);
  }

  /**
   * Grows the frame arrays to hold a record at {@code index} (doubling, up to {@code maxDepth});
   * false when the depth limit is reached. Compiled frames keep no records until they suspend, so a
   * record may be needed beyond the next one.
   */
  private boolean growFrames(int index) {
    if (index >= maxDepth) {
      return false;
    }
    int n = Math.min(Math.max(frameFunc.length * 2, index + 1), maxDepth);
    frameFunc = Arrays.copyOf(frameFunc, n);
    frameReturnPc = Arrays.copyOf(frameReturnPc, n);
    frameFp = Arrays.copyOf(frameFp, n);
    return true;
  }

  private int callHost(CompiledFunction target, int base, int returnPc) {
    int status = target.host.call(this, stack, base);
    pc = returnPc;
    if (status == HostCode.YIELD) {
      suspension = Suspension.HOST_YIELD;
      hostResultBase = base;
      hostResultCount = target.numResults;
      hostYieldType = target.type();
      return SUSPENDED;
    }
    if (func == null) {
      return DONE;
    }
    setMemory(func.instance.memoryBytes());
    return CONTINUE;
  }

  /**
   * Throws {@code e} at {@code atPc} of the current function (exception handling): the innermost
   * catch that takes it, in this function or the nearest caller that has one, gets the exception in
   * its exception slot (as a store reference, for {@code rethrow} and {@code throw_ref}; a
   * try_table's catch without _ref has none) and a catch of its tag its values, and the call goes
   * on there; the frames in between are dropped. No catch at all: the trap "uncaught exception".
   */
  int throwException(Thrown e, int atPc, int atFp) {
    pc = atPc;
    fp = atFp;
    while (true) {
      CompiledFunction f = func;
      if (f.handlersAt == -2) {
        f.handlersAt = ExceptionHandlers.locate(f.code);
      }
      int entry =
          f.handlersAt < 0
              ? -1
              : ExceptionHandlers.find(f.code, f.handlersAt, pc, e.tag, f.instance.tags);
      if (entry >= 0) {
        int exnSlot = f.code[entry + 2];
        if (exnSlot != -1) {
          stack[fp + exnSlot] = f.instance.refs.exceptionRef(e);
        }
        if (f.code[entry] >= 0) {
          System.arraycopy(e.payload, 0, stack, fp + f.code[entry + 3], e.payload.length);
        }
        pc = f.code[entry + 1];
        return CONTINUE;
      }
      CompiledFunction caller = frameFunc[depth - 1];
      if (caller == null) {
        return trap(TrapCode.UNCAUGHT_EXCEPTION.number(), pc);
      }
      depth--;
      func = caller;
      // A pc inside the call instruction, which lies in the try ranges that hold the call.
      pc = frameReturnPc[depth] - 1;
      fp = frameFp[depth];
      if (caller.instance != f.instance) {
        setMemory(caller.instance.memoryBytes());
      }
    }
  }

  /**
   * Pops the current frame after its results were written to its first cells. The popped entry of
   * {@code frameFunc} is left as it is (no GC write barrier per return): the next call at this
   * depth overwrites it, and {@link #abandon} clears the array.
   */
  int leave() {
    depth--;
    CompiledFunction caller = frameFunc[depth];
    if (caller == null) {
      return DONE;
    }
    InstanceContext callee = func.instance;
    func = caller;
    pc = frameReturnPc[depth];
    fp = frameFp[depth];
    if (caller.instance != callee) {
      setMemory(caller.instance.memoryBytes());
    }
    FunctionTier t = caller.tier;
    if (t != null) {
      JitCode c = t.code;
      if (c != null && jitBudget >= c.frameCost && c.canResumeAt(pc)) {
        return JIT;
      }
    }
    return CONTINUE;
  }

  /**
   * Makes {@code bytes} the current memory. Only a call into another instance changes it, so the
   * check saves most calls and returns a GC write barrier. Calls and returns within one instance
   * skip even the lookup: the current memory is always the current instance's (memory.grow and host
   * calls, the only ways it changes inside the loop, set it).
   */
  private void setMemory(byte[] bytes) {
    if (bytes != memory) {
      memory = bytes;
    }
  }

  /**
   * The suspended call in the interpreter's form (for a checkpoint); the executor keeps it. A host
   * yield's call includes where the host function's results go; a host function the host called
   * directly has no frame to checkpoint.
   */
  public SuspendedCall suspendedCall() {
    if (suspension == Suspension.NONE || func == null) {
      throw new IllegalStateException("no suspended Wasm call");
    }
    int end = func.frameEnd(fp);
    if (suspension == Suspension.HOST_YIELD) {
      end = Math.max(end, hostResultBase + hostResultCount);
    }
    for (int i = 1; i < depth; i++) {
      end = Math.max(end, frameFunc[i].frameEnd(frameFp[i]));
    }
    return new SuspendedCall(
        callee,
        suspension,
        requiredFuel,
        hostResultBase,
        hostResultCount,
        Arrays.copyOf(frameFunc, depth),
        Arrays.copyOf(frameReturnPc, depth),
        Arrays.copyOf(frameFp, depth),
        func,
        pc,
        fp,
        Arrays.copyOf(stack, end),
        fuel);
  }

  /**
   * Makes {@code call}, read from a checkpoint and checked against this executor's limits and its
   * functions' code, this idle executor's suspended call, to be resumed with {@link #resume}.
   */
  public void restoreSuspended(SuspendedCall call) {
    if (running || suspension != Suspension.NONE) {
      throw new IllegalStateException("the executor is busy");
    }
    int frames = call.depth();
    if (frames > maxDepth || call.cells().length > maxStackCells) {
      throw new IllegalArgumentException("the call does not fit the executor's limits");
    }
    if (frames > frameFunc.length) {
      growFrames(frames - 1);
    }
    if (call.cells().length > stack.length) {
      growStack(call.cells().length);
    }
    System.arraycopy(call.callers(), 0, frameFunc, 0, frames);
    System.arraycopy(call.returnPcs(), 0, frameReturnPc, 0, frames);
    System.arraycopy(call.callerFps(), 0, frameFp, 0, frames);
    System.arraycopy(call.cells(), 0, stack, 0, call.cells().length);
    depth = frames;
    callee = call.callee();
    resumable = true;
    func = call.current();
    pc = call.pc();
    fp = call.fp();
    freshEntry = false;
    jitPending = false;
    requiredFuel = call.requiredFuel();
    hostResultBase = call.hostResultBase();
    hostResultCount = call.hostResultCount();
    setFuel(call.fuel());
    suspension = call.suspension();
  }

  private boolean growStack(int needed) {
    if (needed > maxStackCells) {
      return false;
    }
    int n = (int) Math.min(Math.max((long) stack.length * 2, needed), maxStackCells);
    stack = Arrays.copyOf(stack, n);
    return true;
  }
}
