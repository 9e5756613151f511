package io.timeslice.wasm.internal.translate;

import io.timeslice.wasm.internal.ir.OpFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The try blocks of one function (exception handling), collected while it is translated and written
 * after its code as the {@code handlers} op's table, which the executor searches when an exception
 * is thrown (docs/ir.md). A try is numbered when it opens; its body's code range, the try whose
 * body encloses it, where it delegates and its catches are filled in as they are met.
 */
final class TryBlocks {
  /** No delegate: an exception no catch of the try takes goes to the enclosing try. */
  static final int NO_DELEGATE = -2;

  /** The enclosing try, or a delegate's target, when there is none in the function: the caller. */
  static final int CALLER = -1;

  /** An exception slot that the catch does not fill: it does not keep the exception. */
  static final int NO_SLOT = -1;

  private record Catch(int tag, int handler, int exnSlot, int payloadSlot) {}

  private final List<int[]> tries = new ArrayList<>(); // start, end, parent, delegate
  private final List<List<Catch>> catches = new ArrayList<>();

  void reset() {
    tries.clear();
    catches.clear();
  }

  boolean isEmpty() {
    return tries.isEmpty();
  }

  /** Opens a try whose body starts at {@code start}; returns its number. */
  int open(int start, int parent) {
    tries.add(new int[] {start, -1, parent, NO_DELEGATE});
    catches.add(new ArrayList<>());
    return tries.size() - 1;
  }

  /** Ends the body of try {@code id} at {@code end} (its first catch, delegate or end). */
  void closeBody(int id, int end) {
    int[] t = tries.get(id);
    if (t[1] < 0) {
      t[1] = end;
    }
  }

  /**
   * A catch of try {@code id}: tag {@code tag} (-1: catch_all), at {@code handler}, which finds the
   * exception's reference in {@code exnSlot} (or {@link #NO_SLOT}) and a tag's values from {@code
   * payloadSlot} on.
   */
  void addCatch(int id, int tag, int handler, int exnSlot, int payloadSlot) {
    catches.get(id).add(new Catch(tag, handler, exnSlot, payloadSlot));
  }

  /** Try {@code id} delegates to try {@code target}, or to the caller. */
  void delegate(int id, int target) {
    tries.get(id)[3] = target;
  }

  /**
   * The table: the number of tries, then for each in order its start, end, enclosing try, delegate,
   * number of catches, and for each catch its tag, handler pc, exception slot and values' slot.
   */
  int[] encode() {
    int[] out = new int[16];
    int n = 0;
    out[n++] = tries.size();
    for (int i = 0; i < tries.size(); i++) {
      List<Catch> cs = catches.get(i);
      int words = OpFormat.TRY_WORDS + OpFormat.CATCH_WORDS * cs.size();
      if (n + words > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, n + words));
      }
      int[] t = tries.get(i);
      out[n++] = t[0];
      out[n++] = t[1];
      out[n++] = t[2];
      out[n++] = t[3];
      out[n++] = cs.size();
      for (Catch c : cs) {
        out[n++] = c.tag();
        out[n++] = c.handler();
        out[n++] = c.exnSlot();
        out[n++] = c.payloadSlot();
      }
    }
    return Arrays.copyOf(out, n);
  }
}
