package io.timeslice.wasm.internal.exec;

import io.timeslice.wasm.TrapCode;
import java.util.Arrays;

/**
 * Handlers of the reference, table and bulk-memory ops. Each returns the next pc, or a negated
 * {@link TrapCode} number. Ranges are checked as unsigned 32-bit values in {@code long} arithmetic
 * before anything is written, so an out-of-bounds bulk op changes nothing.
 */
final class Bulk {
  static final Object[] NO_ELEMENTS = new Object[0];

  private static final int TABLE_OOB = -TrapCode.TABLE_OUT_OF_BOUNDS.number();
  private static final int MEMORY_OOB = -TrapCode.MEMORY_OUT_OF_BOUNDS.number();

  private Bulk() {}

  private static long u32(long cell) {
    return cell & 0xffff_ffffL;
  }

  /** Whether {@code [start, start + n)} lies outside {@code [0, size)}. */
  private static boolean outside(long start, long n, int size) {
    return start + n > size;
  }

  static int refFunc(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    st[fp + (c[pc] >>> 16)] = in.refs.idOf(in.functions[c[pc + 1]]);
    return pc + 2;
  }

  /** GC's {@code ref.test} ({@link Casts}). */
  static int refTest(int[] c, int pc, long[] st, int fp, Executor x) {
    return Casts.refTest(c, pc, st, fp, x);
  }

  /** GC's {@code ref.cast} ({@link Casts}). */
  static int refCast(int[] c, int pc, long[] st, int fp, Executor x) {
    return Casts.refCast(c, pc, st, fp, x);
  }

  static int tableGet(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    TableInstance table = in.tables[c[pc + 2]];
    long i = u32(st[fp + c[pc + 1]]);
    if (i >= table.elements.length) {
      return TABLE_OOB;
    }
    st[fp + (c[pc] >>> 16)] = in.refs.idOf(table.elements[(int) i]);
    return pc + 3;
  }

  static int tableSet(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    TableInstance table = in.tables[c[pc + 2]];
    long i = u32(st[fp + (c[pc] >>> 16)]);
    if (i >= table.elements.length) {
      return TABLE_OOB;
    }
    table.elements[(int) i] = in.refs.object(st[fp + c[pc + 1]]);
    return pc + 3;
  }

  static int tableSize(int[] c, int pc, long[] st, int fp, Executor x) {
    st[fp + (c[pc] >>> 16)] = x.func.instance.tables[c[pc + 1]].elements.length;
    return pc + 2;
  }

  static int tableGrow(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    int ab = c[pc + 1];
    Object init = in.refs.object(st[fp + (ab & 0xffff)]);
    int delta = (int) st[fp + (ab >>> 16)];
    st[fp + (c[pc] >>> 16)] = in.tables[c[pc + 2]].grow(delta, init);
    return pc + 3;
  }

  static int tableFill(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    TableInstance table = in.tables[c[pc + 2]];
    int bc = c[pc + 1];
    long start = u32(st[fp + (c[pc] >>> 16)]);
    long n = u32(st[fp + (bc >>> 16)]);
    if (outside(start, n, table.elements.length)) {
      return TABLE_OOB;
    }
    Object value = in.refs.object(st[fp + (bc & 0xffff)]);
    Arrays.fill(table.elements, (int) start, (int) (start + n), value);
    return pc + 4;
  }

  static int tableCopy(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    TableInstance dst = in.tables[c[pc + 2]];
    TableInstance src = in.tables[c[pc + 3]];
    int bc = c[pc + 1];
    long d = u32(st[fp + (c[pc] >>> 16)]);
    long s = u32(st[fp + (bc & 0xffff)]);
    long n = u32(st[fp + (bc >>> 16)]);
    if (outside(s, n, src.elements.length) || outside(d, n, dst.elements.length)) {
      return TABLE_OOB;
    }
    System.arraycopy(src.elements, (int) s, dst.elements, (int) d, (int) n);
    return pc + 4;
  }

  static int tableInit(int[] c, int pc, long[] st, int fp, Executor x) {
    InstanceContext in = x.func.instance;
    Object[] segment = in.elements[c[pc + 2]];
    TableInstance table = in.tables[c[pc + 3]];
    int bc = c[pc + 1];
    long d = u32(st[fp + (c[pc] >>> 16)]);
    long s = u32(st[fp + (bc & 0xffff)]);
    long n = u32(st[fp + (bc >>> 16)]);
    if (outside(s, n, segment.length) || outside(d, n, table.elements.length)) {
      return TABLE_OOB;
    }
    System.arraycopy(segment, (int) s, table.elements, (int) d, (int) n);
    return pc + 4;
  }

  static int elemDrop(int[] c, int pc, long[] st, int fp, Executor x) {
    x.func.instance.dropElements(c[pc + 1]);
    return pc + 2;
  }

  /** The bytes of memory {@code index}: memory 0 is the executor's current one. */
  private static byte[] memory(Executor x, int index) {
    return index == 0 ? x.memory : x.func.instance.memories[index].bytes;
  }

  static int memoryGrowX(int[] c, int pc, long[] st, int fp, Executor x) {
    LinearMemory memory = x.func.instance.memories[c[pc + 2]];
    st[fp + (c[pc] >>> 16)] = memory.grow((int) st[fp + c[pc + 1]]);
    return pc + 3;
  }

  static int memoryFill(int[] c, int pc, long[] st, int fp, Executor x) {
    byte[] mem = memory(x, c[pc + 2]);
    int bc = c[pc + 1];
    long d = u32(st[fp + (c[pc] >>> 16)]);
    long n = u32(st[fp + (bc >>> 16)]);
    if (outside(d, n, mem.length)) {
      return MEMORY_OOB;
    }
    Arrays.fill(mem, (int) d, (int) (d + n), (byte) st[fp + (bc & 0xffff)]);
    return pc + 4;
  }

  static int memoryCopy(int[] c, int pc, long[] st, int fp, Executor x) {
    byte[] dst = memory(x, c[pc + 2]);
    byte[] src = memory(x, c[pc + 3]);
    int bc = c[pc + 1];
    long d = u32(st[fp + (c[pc] >>> 16)]);
    long s = u32(st[fp + (bc & 0xffff)]);
    long n = u32(st[fp + (bc >>> 16)]);
    if (outside(s, n, src.length) || outside(d, n, dst.length)) {
      return MEMORY_OOB;
    }
    System.arraycopy(src, (int) s, dst, (int) d, (int) n);
    return pc + 4;
  }

  static int memoryInit(int[] c, int pc, long[] st, int fp, Executor x) {
    byte[] mem = memory(x, c[pc + 3]);
    byte[] segment = x.func.instance.datas[c[pc + 2]];
    int bc = c[pc + 1];
    long d = u32(st[fp + (c[pc] >>> 16)]);
    long s = u32(st[fp + (bc & 0xffff)]);
    long n = u32(st[fp + (bc >>> 16)]);
    if (outside(s, n, segment.length) || outside(d, n, mem.length)) {
      return MEMORY_OOB;
    }
    System.arraycopy(segment, (int) s, mem, (int) d, (int) n);
    return pc + 4;
  }

  static int dataDrop(int[] c, int pc, long[] st, int fp, Executor x) {
    x.func.instance.dropData(c[pc + 1]);
    return pc + 2;
  }
}
