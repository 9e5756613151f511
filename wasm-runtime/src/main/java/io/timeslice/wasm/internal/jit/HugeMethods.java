package io.timeslice.wasm.internal.jit;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** Whether this JVM compiles methods longer than HotSpot's {@code HugeMethodLimit}. */
final class HugeMethods {
  private HugeMethods() {}

  /**
   * True when the JVM runs with {@code -XX:-DontCompileHugeMethods}; false by default, and on a JVM
   * without HotSpot's diagnostic bean (then the default limit is the safe assumption).
   */
  static boolean compiled() {
    try {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotspot != null
          && "false".equals(hotspot.getVMOption("DontCompileHugeMethods").getValue());
    } catch (RuntimeException | LinkageError noSuchOption) {
      return false;
    }
  }
}
