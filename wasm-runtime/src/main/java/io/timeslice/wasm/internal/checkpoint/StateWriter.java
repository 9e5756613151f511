package io.timeslice.wasm.internal.checkpoint;

import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.CheckpointException.Reason;
import io.timeslice.wasm.internal.exec.CheckpointSupport;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.exec.GlobalCell;
import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.SuspendedCall;
import io.timeslice.wasm.internal.exec.TableInstance;
import io.timeslice.wasm.wasi.Sleep;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a checkpoint's body (docs/checkpoint.md, "Body"): the suspended call, globals, memories
 * (only the pages that are not all zero), tables, dropped segments, the store's references and the
 * WASI state, every function by its module-relative index. Whatever a checkpoint cannot carry is
 * refused before anything is written: host values and host functions as references, caught
 * exceptions.
 */
public final class StateWriter {
  private final InstanceContext instance;
  private final SuspendedCall call;
  private final long fuelConsumed;
  private final Object[] refs;
  private final WasiConfig wasiConfig;
  private final WasiState wasi;
  private final Object yieldReason;
  private final FunctionIndex functions;
  private final int[] refIndices;
  private final int[][] tables;

  /**
   * A writer of {@code call} suspended in {@code instance}, with {@code fuelConsumed} in total, the
   * store's references {@code refs} by id, the program's WASI configuration and state (both null
   * without WASI), and for a host yield its reason: a WASI {@link Sleep} or {@link
   * Wasi.SchedYield}.
   *
   * @throws CheckpointException NOT_CHECKPOINTABLE when the state holds what a checkpoint cannot
   *     carry
   */
  public StateWriter(
      InstanceContext instance,
      SuspendedCall call,
      long fuelConsumed,
      Object[] refs,
      WasiConfig wasiConfig,
      WasiState wasi,
      Object yieldReason) {
    this.instance = instance;
    this.call = call;
    this.fuelConsumed = fuelConsumed;
    this.refs = refs;
    this.wasiConfig = wasiConfig;
    this.wasi = wasi;
    this.yieldReason = yieldReason;
    this.functions = new FunctionIndex(instance);
    if (call.suspension() == Executor.Suspension.HOST_YIELD
        && !(yieldReason instanceof Sleep || yieldReason instanceof Wasi.SchedYield)) {
      throw new CheckpointException(
          Reason.NOT_CHECKPOINTABLE,
          "the call is suspended in a host function's yield other than a WASI sleep or"
              + " sched_yield");
    }
    this.refIndices = refIndices();
    this.tables = tables();
    functions.indexOf(call.callee(), "the called function");
    functions.indexOf(call.current(), "the suspended function");
    for (int i = 1; i < call.depth(); i++) {
      functions.indexOf(call.callers()[i], "a caller");
    }
  }

  private int[] refIndices() {
    int[] out = new int[refs.length];
    for (int id = 1; id < refs.length; id++) {
      if (!(refs[id] instanceof CompiledFunction f)) {
        throw new CheckpointException(
            Reason.NOT_CHECKPOINTABLE,
            "the store holds a host value or a caught exception as reference " + id);
      }
      out[id] = functions.indexOf(f, "reference " + id);
    }
    return out;
  }

  private int[][] tables() {
    int[][] out = new int[instance.tables.length][];
    for (int t = 0; t < out.length; t++) {
      TableInstance table = instance.tables[t];
      int[] entries = new int[table.size()];
      for (int i = 0; i < entries.length; i++) {
        Object entry = table.get(i);
        if (entry == null) {
          entries[i] = -1;
        } else if (entry instanceof CompiledFunction f) {
          entries[i] = functions.indexOf(f, "table " + t + " entry " + i);
        } else if (entry instanceof Long) {
          throw new CheckpointException(
              Reason.NOT_CHECKPOINTABLE,
              "table "
                  + t
                  + " entry "
                  + i
                  + " holds an i31 reference (GC), which a checkpoint"
                  + " does not keep in a table yet");
        } else {
          throw new CheckpointException(
              Reason.NOT_CHECKPOINTABLE, "table " + t + " entry " + i + " holds a host value");
        }
      }
      out[t] = entries;
    }
    return out;
  }

  /** Writes the body. */
  public void write(DataOutputStream out) throws IOException {
    writeCall(out);
    out.writeInt(instance.globals.length);
    for (GlobalCell g : instance.globals) {
      out.writeLong(g.get());
      out.writeLong(g.high());
    }
    List<LinearMemory> memories = CheckpointSupport.memories(instance);
    out.writeInt(memories.size());
    for (LinearMemory m : memories) {
      writeMemory(out, m.bytes());
    }
    out.writeInt(tables.length);
    for (int[] entries : tables) {
      out.writeInt(entries.length);
      for (int e : entries) {
        out.writeInt(e);
      }
    }
    int elements = CheckpointSupport.elementSegments(instance);
    out.writeInt(elements);
    for (int s = 0; s < elements; s++) {
      out.writeBoolean(CheckpointSupport.elementsDropped(instance, s));
    }
    int datas = CheckpointSupport.dataSegments(instance);
    out.writeInt(datas);
    for (int s = 0; s < datas; s++) {
      out.writeBoolean(CheckpointSupport.dataDropped(instance, s));
    }
    out.writeInt(refIndices.length - 1);
    for (int id = 1; id < refIndices.length; id++) {
      out.writeInt(refIndices[id]);
    }
    writeWasi(out);
  }

  private void writeCall(DataOutputStream out) throws IOException {
    out.writeByte(
        switch (call.suspension()) {
          case OUT_OF_FUEL -> 1;
          case INTERRUPTED -> 2;
          default -> 3;
        });
    out.writeLong(call.requiredFuel());
    if (call.suspension() == Executor.Suspension.HOST_YIELD) {
      if (yieldReason instanceof Sleep sleep) {
        out.writeByte(1);
        out.writeLong(sleep.nanos());
      } else {
        out.writeByte(2);
        out.writeLong(0);
      }
      out.writeInt(call.hostResultBase());
      out.writeInt(call.hostResultCount());
    }
    out.writeLong(fuelConsumed);
    out.writeLong(call.fuel());
    out.writeInt(functions.indexOf(call.callee(), "the called function"));
    out.writeInt(call.depth());
    for (int i = 0; i < call.depth(); i++) {
      CompiledFunction caller = call.callers()[i];
      out.writeInt(caller == null ? -1 : functions.indexOf(caller, "a caller"));
      out.writeInt(call.returnPcs()[i]);
      out.writeInt(call.callerFps()[i]);
    }
    out.writeInt(functions.indexOf(call.current(), "the suspended function"));
    out.writeInt(call.pc());
    out.writeInt(call.fp());
    out.writeInt(call.cells().length);
    for (long cell : call.cells()) {
      out.writeLong(cell);
    }
  }

  /** The page count, then each page that is not all zero: its index and its bytes. */
  private static void writeMemory(DataOutputStream out, byte[] bytes) throws IOException {
    int pages = bytes.length / LinearMemory.PAGE_SIZE;
    boolean[] used = new boolean[pages];
    int count = 0;
    for (int p = 0; p < pages; p++) {
      used[p] = !zero(bytes, p * LinearMemory.PAGE_SIZE);
      count += used[p] ? 1 : 0;
    }
    out.writeInt(pages);
    out.writeInt(count);
    for (int p = 0; p < pages; p++) {
      if (used[p]) {
        out.writeInt(p);
        out.write(bytes, p * LinearMemory.PAGE_SIZE, LinearMemory.PAGE_SIZE);
      }
    }
  }

  private static boolean zero(byte[] bytes, int from) {
    return Arrays.mismatch(
            bytes, from, from + LinearMemory.PAGE_SIZE, ZERO_PAGE, 0, LinearMemory.PAGE_SIZE)
        < 0;
  }

  private static final byte[] ZERO_PAGE = new byte[LinearMemory.PAGE_SIZE];

  private void writeWasi(DataOutputStream out) throws IOException {
    out.writeBoolean(wasi != null);
    if (wasi == null) {
      return;
    }
    writeBytes(out, config(wasiConfig));
    out.writeInt(wasi.stdinPosition());
    for (boolean closed : wasi.closed()) {
      out.writeBoolean(closed);
    }
    writeBytes(out, wasi.stdout());
    out.writeBoolean(wasi.stdoutTruncated());
    writeBytes(out, wasi.stderr());
    out.writeBoolean(wasi.stderrTruncated());
    out.writeLong(wasi.randomLongs());
    out.writeLong(wasi.sleptNanos());
    out.writeLong(wasi.clockReads());
  }

  /**
   * The configuration the program ran with, for the restore to compare: arguments, the environment
   * (sorted by name), stdin's length and SHA-256, the output caps and the determinism.
   */
  static byte[] config(WasiConfig config) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(config.args().size());
      for (String arg : config.args()) {
        writeBytes(out, arg.getBytes(StandardCharsets.UTF_8));
      }
      Map<String, String> env = new TreeMap<>(config.env());
      out.writeInt(env.size());
      for (Map.Entry<String, String> e : env.entrySet()) {
        writeBytes(out, (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
      }
      byte[] stdin = config.stdin();
      out.writeInt(stdin.length);
      out.write(CheckpointFormat.sha256(stdin));
      out.writeInt(config.stdoutCap());
      out.writeInt(config.stderrCap());
      out.writeBoolean(config.stopAtOutputCap());
      out.writeBoolean(config.deterministic());
      out.writeLong(config.seed());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
