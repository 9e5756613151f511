package io.timeslice.wasm.internal.jit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * The partition of a function too big for one JVM method into regions, each compiled as a method of
 * its own: a run of instructions entered at one of its entry pcs with its cells loaded from the
 * value stack, which runs until control leaves it, writes back the cells it wrote and returns the
 * pc where control went. Regions end at block boundaries where they can, and a loop stays in one
 * region unless it alone is over the budget, when it is cut between its inner loops first: a cut a
 * hot loop crosses costs a return, a dispatch and a reload of the cells per iteration.
 */
final class Regions {
  private Regions() {}

  /** Bytecode of a region method beyond its instructions': prologue, exits, rare paths. */
  static final int OVERHEAD = 200;

  /** Bytecode per entry pc (the entry switch's case). */
  static final int PER_ENTRY = 8;

  /** Bytecode per cell touched (loaded in the prologue) and again per cell written (spilled). */
  static final int PER_CELL = 10;

  /**
   * Region {@code [start, end)} of IR pcs, entered at the sorted {@code entries}; {@code cells} are
   * those its code touches (its JVM locals), {@code written} those it writes back when it exits.
   */
  record Region(int start, int end, int[] entries, BitSet cells, BitSet written) {
    boolean contains(int pc) {
      return pc >= start && pc < end;
    }
  }

  /**
   * Cuts the instructions of {@code costs} into regions of about {@code budget} bytes of bytecode
   * at most (an instruction over the budget alone is a region of its own). {@code branches} holds
   * {@code branchWords} words, pairs of a branch's pc and its target's; a region is entered at its
   * start, at the {@code resumePcs} in it, and where branches from other regions land.
   */
  static List<Region> partition(
      RegionCosts costs, int[] branches, int branchWords, BitSet resumePcs, int budget) {
    int n = costs.pcs.length;
    // depth[i]: the loops a cut before instruction i would cross; boundary: the block starts.
    int[] depth = new int[n + 1];
    BitSet boundary = new BitSet(n + 1);
    for (int k = 0; k < branchWords; k += 2) {
      int from = costs.indexOf(branches[k]);
      int to = costs.indexOf(branches[k + 1]);
      if (from < 0 || to < 0) {
        continue;
      }
      boundary.set(to);
      boundary.set(from + 1);
      if (to <= from) {
        depth[to + 1]++;
        depth[from + 1]--;
      }
    }
    for (int i = 1; i <= n; i++) {
      depth[i] += depth[i - 1];
    }
    List<Region> regions = new ArrayList<>();
    int s = 0;
    while (s < n) {
      int e = cut(costs, s, depth, boundary, resumePcs, budget);
      regions.add(region(costs, s, e, branches, branchWords, resumePcs));
      s = e;
    }
    return regions;
  }

  /**
   * Where the region starting at instruction {@code s} ends: of the cuts within the budget, the one
   * crossing the fewest loops, at a block boundary if it can be, the furthest of those.
   */
  private static int cut(
      RegionCosts costs, int s, int[] depth, BitSet boundary, BitSet resumePcs, int budget) {
    int n = costs.pcs.length;
    BitSet touched = new BitSet();
    BitSet written = new BitSet();
    long cost = OVERHEAD + PER_ENTRY;
    int best = s + 1;
    int bestDepth = Integer.MAX_VALUE;
    int bestOff = Integer.MAX_VALUE;
    for (int e = s + 1; e <= n; e++) {
      int i = e - 1;
      cost += costs.bytes[i];
      if (i > s && (resumePcs.get(costs.pcs[i]) || boundary.get(i))) {
        cost += PER_ENTRY;
      }
      for (int w : costs.cells[i]) {
        int cell = w & (RegionCosts.WRITE - 1);
        if (!touched.get(cell)) {
          touched.set(cell);
          cost += PER_CELL;
        }
        if ((w & RegionCosts.WRITE) != 0 && !written.get(cell)) {
          written.set(cell);
          cost += PER_CELL;
        }
      }
      if (cost > budget && e > s + 1) {
        break;
      }
      int d = e == n ? -1 : depth[e];
      int off = e == n || boundary.get(e) ? 0 : 1;
      if (d < bestDepth || d == bestDepth && off <= bestOff) {
        best = e;
        bestDepth = d;
        bestOff = off;
      }
    }
    return best;
  }

  private static Region region(
      RegionCosts costs, int s, int e, int[] branches, int branchWords, BitSet resumePcs) {
    int start = costs.pcs[s];
    int end = e < costs.pcs.length ? costs.pcs[e] : costs.end;
    TreeSet<Integer> entries = new TreeSet<>();
    entries.add(start);
    for (int pc = resumePcs.nextSetBit(start);
        pc >= 0 && pc < end;
        pc = resumePcs.nextSetBit(pc + 1)) {
      entries.add(pc);
    }
    for (int k = 0; k < branchWords; k += 2) {
      int from = branches[k];
      int to = branches[k + 1];
      if (to >= start && to < end && (from < start || from >= end)) {
        entries.add(to);
      }
    }
    BitSet written = new BitSet();
    BitSet cells = costs.cellsOf(s, e, written);
    return new Region(
        start, end, entries.stream().mapToInt(Integer::intValue).toArray(), cells, written);
  }
}
