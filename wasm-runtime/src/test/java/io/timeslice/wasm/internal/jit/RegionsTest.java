package io.timeslice.wasm.internal.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The partition of a split function into regions: contiguous, covering every instruction once,
 * within the budget, never cutting a loop that fits, cutting a loop too big between its inner
 * loops, and entered wherever control or a resumption can come in from outside.
 */
class RegionsTest {
  /**
   * Instructions of two IR words each (instruction i at pc 2i), {@code bytes} bytes of code each.
   */
  private static RegionCosts costs(int n, int bytes) {
    int[] pcs = new int[n];
    int[] size = new int[n];
    int[][] cells = new int[n][];
    for (int i = 0; i < n; i++) {
      pcs[i] = 2 * i;
      size[i] = bytes;
      cells[i] = new int[0];
    }
    return new RegionCosts(pcs, 2 * n, size, cells);
  }

  /** Branches as (pc, target pc) pairs of instruction indexes. */
  private static int[] branches(int... fromTo) {
    return Arrays.stream(fromTo).map(i -> 2 * i).toArray();
  }

  private static List<Regions.Region> partition(RegionCosts c, int[] branches, int budget) {
    List<Regions.Region> regions =
        Regions.partition(c, branches, branches.length, new BitSet(), budget);
    // Contiguous, from the first instruction to the end.
    assertThat(regions.getFirst().start()).isEqualTo(c.pcs[0]);
    assertThat(regions.getLast().end()).isEqualTo(c.end);
    for (int k = 1; k < regions.size(); k++) {
      assertThat(regions.get(k).start()).isEqualTo(regions.get(k - 1).end());
    }
    return regions;
  }

  private static boolean cutInside(List<Regions.Region> regions, int fromIndex, int toIndex) {
    return regions.stream().anyMatch(r -> r.start() > 2 * fromIndex && r.start() <= 2 * toIndex);
  }

  @Test
  void aLoopThatFitsStaysInOneRegion() {
    RegionCosts c = costs(200, 50);
    // The loop [30, 60] straddles where a cut by size alone would fall (about 55 instructions in),
    // and has block boundaries of its own (a branch from 40 to 50).
    int[] b = branches(60, 30, 10, 20, 40, 50);
    List<Regions.Region> regions = partition(c, b, 3000);
    assertThat(regions.size()).isGreaterThan(3);
    assertThat(cutInside(regions, 30, 60)).isFalse();
    for (Regions.Region r : regions) {
      long bytes = (r.end() - r.start()) / 2 * 50L;
      assertThat(bytes + Regions.OVERHEAD).isLessThanOrEqualTo(3000);
    }
  }

  @Test
  void aLoopTooBigIsCutBetweenItsInnerLoops() {
    RegionCosts c = costs(400, 40);
    // An outer loop over all of it, and inner loops of 40 instructions with gaps between them.
    int[] b = branches(399, 0, 50, 10, 100, 60, 150, 110, 200, 160, 250, 210, 300, 260, 350, 310);
    List<Regions.Region> regions = partition(c, b, 2500);
    assertThat(regions.size()).isGreaterThan(4);
    for (int lo = 10; lo < 350; lo += 50) {
      assertThat(cutInside(regions, lo, lo + 40)).as("inner loop at %d", lo).isFalse();
    }
  }

  @Test
  void anInstructionOverTheBudgetIsARegionOfItsOwn() {
    RegionCosts c = costs(10, 100);
    c.bytes[4] = 10_000;
    List<Regions.Region> regions = partition(c, new int[0], 1000);
    assertThat(regions).anyMatch(r -> r.start() == 8 && r.end() == 10);
  }

  @Test
  void regionsAreEnteredWhereControlComesFromOutside() {
    RegionCosts c = costs(100, 50);
    BitSet resumePcs = new BitSet();
    resumePcs.set(2 * 70);
    // A forward branch over many regions and a backward one into an earlier region.
    int[] b = branches(5, 90, 95, 20);
    List<Regions.Region> regions = Regions.partition(c, b, b.length, resumePcs, 1500);
    for (Regions.Region r : regions) {
      assertThat(r.entries()).contains(r.start()).isSorted();
      for (int e : r.entries()) {
        assertThat(r.contains(e)).isTrue();
      }
    }
    assertThat(regionOf(regions, 2 * 90).entries()).contains(2 * 90);
    assertThat(regionOf(regions, 2 * 70).entries()).contains(2 * 70);
    Regions.Region back = regionOf(regions, 2 * 20);
    assertThat(back.contains(2 * 95)).isFalse();
    assertThat(back.entries()).contains(2 * 20);
  }

  @Test
  void aRegionHoldsTheCellsItsInstructionsTouchAndWritesBackThoseTheyWrite() {
    RegionCosts c = costs(6, 10);
    c.cells[0] = new int[] {3, 4 | RegionCosts.WRITE};
    c.cells[1] = new int[] {4, 7};
    c.cells[5] = new int[] {9 | RegionCosts.WRITE};
    List<Regions.Region> regions = partition(c, new int[0], 8000);
    assertThat(regions).hasSize(1);
    assertThat(regions.getFirst().cells().stream().toArray()).containsExactly(3, 4, 7, 9);
    assertThat(regions.getFirst().written().stream().toArray()).containsExactly(4, 9);
  }

  private static Regions.Region regionOf(List<Regions.Region> regions, int pc) {
    return regions.stream().filter(r -> r.contains(pc)).findFirst().orElseThrow();
  }
}
