package io.timeslice.wasm.internal.exec;

import java.util.Arrays;

/**
 * A store's references: a reference value in a cell is an id into this registry, 0 being null.
 * Functions get their id the first time they are referenced; host values passed as {@code
 * externref} get one per {@link #externRef} call. Ids never leave their store, so a stale or forged
 * id is caught by {@link #isValid} before it reaches a table.
 */
public final class Refs {
  /**
   * The tag of GC's i31 references: {@code I31 | bits} holds 31 bits unboxed, above every id this
   * registry hands out, so that making one allocates nothing and {@code ref.eq} compares values. In
   * a table an i31 is the {@link Long} of its reference.
   */
  public static final long I31 = 1L << 62;

  private Object[] objects = new Object[16];
  private int count = 1;

  /** The id of {@code ref} (a function or an extern handle), 0 for null. */
  public long idOf(Object ref) {
    if (ref == null) {
      return 0;
    }
    if (ref instanceof Long i31) {
      return i31;
    }
    if (ref instanceof ExternHandle handle) {
      return handle.id;
    }
    if (ref instanceof Thrown e) {
      return exceptionRef(e);
    }
    CompiledFunction f = (CompiledFunction) ref;
    if (f.refId == 0) {
      f.refId = register(f);
    }
    return f.refId;
  }

  /** The object {@code id} stands for, null for 0; the id must be {@link #isValid valid}. */
  public Object object(long id) {
    return isI31(id) ? Long.valueOf(id) : objects[(int) id];
  }

  /** GC's {@code ref.i31}: the low 31 bits of {@code bits} as an i31 reference. */
  public static long i31(int bits) {
    return I31 | (bits & 0x7fff_ffffL);
  }

  /** Whether {@code ref} is an i31 reference (GC). */
  public static boolean isI31(long ref) {
    return (ref & I31) != 0;
  }

  /** Whether {@code id} is a caught exception's ({@code exnref}), not null. */
  public boolean isException(long id) {
    return id > 0 && id < count && objects[(int) id] instanceof Thrown;
  }

  /** Whether {@code id} is null, an id this registry handed out, or an i31 reference. */
  public boolean isValid(long id) {
    return (id >= 0 && id < count) || (isI31(id) && (id & ~(I31 | 0x7fff_ffffL)) == 0);
  }

  /**
   * The id of a caught Wasm exception, registered when it is first caught; a catch arm keeps it in
   * a cell for {@code rethrow}. Like every id, it lives as long as the store.
   */
  long exceptionRef(Thrown e) {
    if (e.refId == 0) {
      e.refId = register(e);
    }
    return e.refId;
  }

  /** A new {@code externref} for the host value {@code value}. */
  public long externRef(Object value) {
    ExternHandle handle = new ExternHandle(count, value);
    return register(handle);
  }

  /**
   * The host value behind an {@code externref} id, or null for a null reference and for an i31 made
   * external ({@code extern.convert_any}), which has none.
   */
  public Object externValue(long id) {
    return object(id) instanceof ExternHandle handle ? handle.value : null;
  }

  /** The function behind a {@code funcref} id, or null for a null reference. */
  public CompiledFunction function(long id) {
    return object(id) instanceof CompiledFunction f ? f : null;
  }

  /**
   * Every registered object by id (index 0, null, included), for a checkpoint: {@link
   * CompiledFunction}s, host values and caught exceptions as they are.
   */
  public Object[] entries() {
    return Arrays.copyOf(objects, count);
  }

  /**
   * Replaces the registry with {@code functions} by id (index 0 null), for a restored checkpoint:
   * functions registered before lose their ids, so that every id means what it meant when the
   * checkpoint was written.
   */
  public void restoreFunctions(CompiledFunction[] functions) {
    for (int i = 1; i < count; i++) {
      if (objects[i] instanceof CompiledFunction f) {
        f.refId = 0;
      }
    }
    objects = new Object[Math.max(16, functions.length)];
    count = 1;
    for (int i = 1; i < functions.length; i++) {
      CompiledFunction f = functions[i];
      if (f.refId != 0) {
        throw new IllegalArgumentException("function " + f.name + " registered twice");
      }
      f.refId = register(f);
    }
  }

  private int register(Object o) {
    if (count == objects.length) {
      objects = Arrays.copyOf(objects, count * 2);
    }
    objects[count] = o;
    return count++;
  }

  /** A host value as it sits in a table: the id that names it, and the value. */
  static final class ExternHandle {
    final long id;
    final Object value;

    ExternHandle(long id, Object value) {
      this.id = id;
      this.value = value;
    }
  }
}
