package io.timeslice.wasm.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * HotSpot does not JIT-compile methods over 8,000 bytes of bytecode (HugeMethodLimit); an
 * interpreter whose dispatch loop crosses it runs several times slower, silently. A tighter limit
 * bites first: C2 stops inlining into a method once the method's own bytecode plus what it has
 * inlined reaches DesiredMethodLimit (also 8,000), and a hot handler left as a call costs a few
 * nanoseconds per dispatch. So {@code run} must leave room for its hot handlers: at 7,100 bytes
 * SHA-256's {@code i32_add}, {@code i32_xor} and {@code i32_and} stayed calls ("size >
 * DesiredMethodLimit" in -XX:+PrintInlining), and at 5,700 so did sort's compares. The rare ops
 * live in {@code Dispatch.cold}, opcodes are numbered so that the jump table covers only the hot
 * ones, and the four values every case passes sit in one-byte-load local slots.
 */
class DispatchSizeTest {
  /** Leaves 3,000 bytes of C2's inlining budget for the handlers of a program's hot ops. */
  private static final int BUDGET = 5_000;

  @Test
  void dispatchLoopLeavesRoomToInlineTheHotHandlers() throws Exception {
    Path classes =
        Path.of(Dispatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
    StringWriter out = new StringWriter();
    int status =
        javap.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "-c",
            "-p",
            "-cp",
            classes.toString(),
            Dispatch.class.getName());
    assertThat(status).as(out.toString()).isZero();

    int size = codeSizeOf("run", out.toString());
    System.out.println("Dispatch.run bytecode size: " + size + " bytes (budget " + BUDGET + ")");
    assertThat(size).isPositive().isLessThan(BUDGET);
  }

  /** The offset after the last instruction of {@code method} in javap -c output. */
  private static int codeSizeOf(String method, String javap) {
    int start = javap.indexOf(" " + method + "(");
    assertThat(start).as("method %s in javap output", method).isNotNegative();
    int end = javap.indexOf("\n\n", start);
    String body = javap.substring(start, end < 0 ? javap.length() : end);
    Matcher m = Pattern.compile("(?m)^\\s+(\\d+): (\\w+)").matcher(body);
    int last = -1;
    String lastOp = "";
    while (m.find()) {
      last = Integer.parseInt(m.group(1));
      lastOp = m.group(2);
    }
    // The last instruction's own length: the loop ends with a goto (3 bytes) or a return (1).
    return last + (lastOp.startsWith("goto") ? 3 : 1);
  }
}
