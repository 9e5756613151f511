package io.timeslice.wasm.internal.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.internal.exec.InstanceContext;
import io.timeslice.wasm.internal.exec.SimdEntries;
import io.timeslice.wasm.internal.ir.Op;
import io.timeslice.wasm.internal.ir.OpFormat;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD op that compiled code runs through its handler on the frame's cells (BodyEmitter.simd:
 * the formats without memory or globals) has the generated entry it calls, so that no compiled
 * function fails to link at run time.
 */
class SimdEntriesTest {
  private static final Set<OpFormat> CELLS_ONLY =
      EnumSet.of(
          OpFormat.RA,
          OpFormat.RAI,
          OpFormat.RAB,
          OpFormat.RABI,
          OpFormat.RABV,
          OpFormat.RABC,
          OpFormat.SEL);

  @Test
  void everyCellsOnlySimdOpHasAnEntry() throws ReflectiveOperationException {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (int op = 0; op < Op.COUNT; op++) {
      if (OpTable.KIND[op] != OpTable.SIMD || !CELLS_ONLY.contains(Op.format(op))) {
        continue;
      }
      checked++;
      try {
        Method entry =
            SimdEntries.class.getMethod(
                OpTable.method(op),
                InstanceContext.class,
                int.class,
                long[].class,
                int.class,
                int.class);
        assertThat(Modifier.isStatic(entry.getModifiers())).isTrue();
      } catch (NoSuchMethodException e) {
        missing.add(OpTable.method(op));
      }
    }
    assertThat(missing).isEmpty();
    assertThat(checked).as("shuffles, splats, lanes, widening, narrowing, …").isGreaterThan(50);
  }
}
