package io.timeslice.wasm.internal.checkpoint;

import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.CheckpointException.Reason;
import io.timeslice.wasm.internal.exec.CheckpointSupport;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.Refs;
import io.timeslice.wasm.internal.exec.SuspendedCall;
import io.timeslice.wasm.internal.exec.TableInstance;
import io.timeslice.wasm.wasi.Sleep;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiState;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a checkpoint's body (docs/checkpoint.md, "Body") into a fresh instance of the same module:
 * globals, memories, tables, dropped segments and the store's references are overwritten; the
 * suspended call and the WASI state are returned for the executor and the WASI context to take.
 * Every index, pc, frame and size is checked against the instance and the executor's limits, so a
 * damaged checkpoint is refused rather than resumed.
 */
public final class StateReader {
  /** What the body holds besides the instance's state. */
  public record Read(SuspendedCall call, Object yieldReason, long fuelConsumed, WasiState wasi) {}

  private final InstanceContext instance;
  private final Refs refs;
  private final Executor executor;
  private final WasiConfig wasiConfig;
  private final FunctionIndex functions;

  /**
   * A reader into {@code instance}, just made for the restore, whose store has {@code refs} and
   * {@code executor}; {@code wasiConfig} is the configuration of the WASI context to restore into,
   * null without WASI.
   */
  public StateReader(
      InstanceContext instance, Refs refs, Executor executor, WasiConfig wasiConfig) {
    this.instance = instance;
    this.refs = refs;
    this.executor = executor;
    this.wasiConfig = wasiConfig;
    this.functions = new FunctionIndex(instance);
  }

  /**
   * Reads the body of {@code framed}.
   *
   * @throws CheckpointException CORRUPT, LIMITS or WASI
   */
  public Read read(CheckpointFormat.Framed framed) {
    try (var body = framed.body()) {
      BodyInput in = new BodyInput(body, framed.bodyLength());
      return BodyInput.guarded(
          () -> {
            Read read = readAll(in);
            in.end();
            return read;
          });
    } catch (IOException e) {
      throw new CheckpointException(Reason.CORRUPT, "unreadable body: " + e.getMessage());
    }
  }

  private Read readAll(BodyInput in) throws IOException {
    int suspension = in.readUnsignedByte();
    if (suspension < 1 || suspension > 3) {
      throw new CheckpointException(Reason.CORRUPT, "suspension kind " + suspension);
    }
    long requiredFuel = in.readLong();
    Object yieldReason = null;
    int hostResultBase = 0;
    int hostResultCount = 0;
    if (suspension == 3) {
      int kind = in.readUnsignedByte();
      long nanos = in.readLong();
      yieldReason =
          switch (kind) {
            case 1 -> new Sleep(nanos);
            case 2 -> new Wasi.SchedYield();
            default -> throw new CheckpointException(Reason.CORRUPT, "host yield kind " + kind);
          };
      hostResultBase = in.readInt();
      hostResultCount = in.readInt();
    }
    long fuelConsumed = in.readLong();
    long fuelLeft = in.readLong();
    if (requiredFuel < 0 || fuelConsumed < 0 || fuelLeft < 0) {
      throw new CheckpointException(Reason.CORRUPT, "negative fuel");
    }
    CompiledFunction callee = functions.wasmFunction(in.readInt(), "the called function");
    Executor.Suspension why =
        switch (suspension) {
          case 1 -> Executor.Suspension.OUT_OF_FUEL;
          case 2 -> Executor.Suspension.INTERRUPTED;
          default -> Executor.Suspension.HOST_YIELD;
        };
    SuspendedCall call =
        readFrames(in, callee, why, requiredFuel, hostResultBase, hostResultCount, fuelLeft);
    readGlobals(in);
    readMemories(in);
    readTables(in);
    readSegments(in);
    readRefs(in);
    WasiState wasi = readWasi(in);
    return new Read(call, yieldReason, fuelConsumed, wasi);
  }

  private SuspendedCall readFrames(
      BodyInput in,
      CompiledFunction callee,
      Executor.Suspension suspension,
      long requiredFuel,
      int hostResultBase,
      int hostResultCount,
      long fuel)
      throws IOException {
    int depth = in.count(12, "frame");
    if (depth < 1) {
      throw new CheckpointException(Reason.CORRUPT, "a call without its host frame");
    }
    if (depth > executor.maxDepth) {
      throw new CheckpointException(
          Reason.LIMITS, depth + " frames, the store allows " + executor.maxDepth);
    }
    CompiledFunction[] callers = new CompiledFunction[depth];
    int[] returnPcs = new int[depth];
    int[] fps = new int[depth];
    for (int i = 0; i < depth; i++) {
      int index = in.readInt();
      if ((index == -1) != (i == 0)) {
        throw new CheckpointException(Reason.CORRUPT, "frame " + i + " has caller " + index);
      }
      callers[i] = i == 0 ? null : functions.wasmFunction(index, "the caller at depth " + i);
      returnPcs[i] = in.readInt();
      fps[i] = in.readInt();
    }
    CompiledFunction current = functions.wasmFunction(in.readInt(), "the suspended function");
    int pc = in.readInt();
    int fp = in.readInt();
    int cellCount = in.count(8, "cell");
    if (cellCount > executor.maxStackCells) {
      throw new CheckpointException(
          Reason.LIMITS, cellCount + " value cells, the store allows " + executor.maxStackCells);
    }
    long[] cells = new long[cellCount];
    for (int i = 0; i < cellCount; i++) {
      cells[i] = in.readLong();
    }
    checkFrame(current, pc, fp, cellCount, "the suspended function");
    if (hostResultBase < 0
        || hostResultCount < 0
        || (long) hostResultBase + hostResultCount > cellCount) {
      throw new CheckpointException(
          Reason.CORRUPT, "host results at " + hostResultBase + " out of the value cells");
    }
    for (int i = 1; i < depth; i++) {
      checkFrame(callers[i], returnPcs[i], fps[i], cellCount, "the caller at depth " + i);
    }
    return new SuspendedCall(
        callee,
        suspension,
        requiredFuel,
        hostResultBase,
        hostResultCount,
        callers,
        returnPcs,
        fps,
        current,
        pc,
        fp,
        cells,
        fuel);
  }

  /** A frame's pc lies in its code and its cells in the value cells. */
  private static void checkFrame(CompiledFunction f, int pc, int fp, int cells, String what) {
    int[] code = CheckpointSupport.code(f);
    long start = (long) fp - f.fpShift();
    if (pc < 0 || pc >= code.length || start < 0 || start + f.frameSize() > cells) {
      throw new CheckpointException(
          Reason.CORRUPT,
          what + " (" + f.name() + ") at pc " + pc + ", fp " + fp + " out of range");
    }
  }

  private void readGlobals(BodyInput in) throws IOException {
    int count = in.readInt();
    if (count != instance.globals.length) {
      throw new CheckpointException(
          Reason.CORRUPT, count + " globals, the module has " + instance.globals.length);
    }
    for (var g : instance.globals) {
      g.set(in.readLong(), in.readLong());
    }
  }

  private void readMemories(BodyInput in) throws IOException {
    List<LinearMemory> memories = CheckpointSupport.memories(instance);
    int count = in.readInt();
    if (count != memories.size()) {
      throw new CheckpointException(
          Reason.CORRUPT, count + " memories, the module has " + memories.size());
    }
    for (int m = 0; m < count; m++) {
      LinearMemory memory = memories.get(m);
      int pages = in.readInt();
      if (pages < memory.pages()) {
        throw new CheckpointException(
            Reason.CORRUPT, "memory " + m + " of " + pages + " pages, below its minimum");
      }
      if (memory.grow(pages - memory.pages()) < 0) {
        throw new CheckpointException(
            Reason.LIMITS, "memory " + m + " of " + pages + " pages exceeds the store's limit");
      }
      byte[] bytes = memory.bytes();
      Arrays.fill(bytes, (byte) 0);
      int used = in.count(4 + LinearMemory.PAGE_SIZE, "page");
      int previous = -1;
      for (int i = 0; i < used; i++) {
        int page = in.readInt();
        if (page <= previous || page >= pages) {
          throw new CheckpointException(Reason.CORRUPT, "memory " + m + " page " + page);
        }
        previous = page;
        in.readFully(bytes, page * LinearMemory.PAGE_SIZE, LinearMemory.PAGE_SIZE);
      }
    }
  }

  private void readTables(BodyInput in) throws IOException {
    int count = in.readInt();
    if (count != instance.tables.length) {
      throw new CheckpointException(
          Reason.CORRUPT, count + " tables, the module has " + instance.tables.length);
    }
    for (int t = 0; t < count; t++) {
      TableInstance table = instance.tables[t];
      int size = in.count(4, "table entry");
      if (size < table.size()) {
        throw new CheckpointException(
            Reason.CORRUPT, "table " + t + " of " + size + " entries, below its minimum");
      }
      if (table.grow(size - table.size(), null) < 0) {
        throw new CheckpointException(
            Reason.LIMITS, "table " + t + " of " + size + " entries exceeds the store's limit");
      }
      for (int i = 0; i < size; i++) {
        int index = in.readInt();
        table.set(i, index == -1 ? null : functions.wasmFunction(index, "table " + t + " entry"));
      }
    }
  }

  private void readSegments(BodyInput in) throws IOException {
    int elements = in.readInt();
    if (elements != CheckpointSupport.elementSegments(instance)) {
      throw new CheckpointException(Reason.CORRUPT, elements + " element segments");
    }
    for (int s = 0; s < elements; s++) {
      if (in.readBoolean()) {
        instance.dropElements(s);
      }
    }
    int datas = in.readInt();
    if (datas != CheckpointSupport.dataSegments(instance)) {
      throw new CheckpointException(Reason.CORRUPT, datas + " data segments");
    }
    for (int s = 0; s < datas; s++) {
      if (in.readBoolean()) {
        instance.dropData(s);
      }
    }
  }

  private void readRefs(BodyInput in) throws IOException {
    int count = in.count(4, "reference");
    CompiledFunction[] byId = new CompiledFunction[count + 1];
    for (int id = 1; id <= count; id++) {
      byId[id] = functions.wasmFunction(in.readInt(), "reference " + id);
    }
    try {
      refs.restoreFunctions(byId);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(Reason.CORRUPT, e.getMessage());
    }
  }

  private WasiState readWasi(BodyInput in) throws IOException {
    boolean present = in.readBoolean();
    if (present != (wasiConfig != null)) {
      throw new CheckpointException(
          Reason.WASI,
          present
              ? "the checkpoint has WASI state and no WASI context was given"
              : "a WASI context was given, the checkpoint has no WASI state");
    }
    if (!present) {
      return null;
    }
    byte[] config = in.readBytes("WASI configuration");
    if (!Arrays.equals(config, StateWriter.config(wasiConfig))) {
      throw new CheckpointException(
          Reason.WASI,
          "the WASI configuration (arguments, environment, stdin, output caps, seed) differs from"
              + " the checkpoint's");
    }
    int stdinPosition = in.readInt();
    boolean[] closed = new boolean[3];
    for (int i = 0; i < closed.length; i++) {
      closed[i] = in.readBoolean();
    }
    byte[] stdout = in.readBytes("stdout");
    boolean stdoutTruncated = in.readBoolean();
    byte[] stderr = in.readBytes("stderr");
    boolean stderrTruncated = in.readBoolean();
    return new WasiState(
        stdinPosition,
        closed,
        stdout,
        stdoutTruncated,
        stderr,
        stderrTruncated,
        in.readLong(),
        in.readLong(),
        in.readLong());
  }
}
