package io.timeslice.wasm.internal.translate;

/**
 * Evaluates integer operations on two constants at translation time. Only operations that cannot
 * trap are folded; a division stays, so that it traps when it runs, as the program says.
 */
final class ConstantFolding {
  private ConstantFolding() {}

  /** The folded result as raw bits (an i32 sign-extended), or null when not foldable. */
  static Long fold(int opcode, long a, long b) {
    int x = (int) a;
    int y = (int) b;
    return switch (opcode) {
      case 0x6a -> (long) (x + y);
      case 0x6b -> (long) (x - y);
      case 0x6c -> (long) (x * y);
      case 0x71 -> (long) (x & y);
      case 0x72 -> (long) (x | y);
      case 0x73 -> (long) (x ^ y);
      case 0x74 -> (long) (x << y);
      case 0x75 -> (long) (x >> y);
      case 0x76 -> (long) (x >>> y);
      case 0x7c -> a + b;
      case 0x7d -> a - b;
      case 0x7e -> a * b;
      case 0x83 -> a & b;
      case 0x84 -> a | b;
      case 0x85 -> a ^ b;
      case 0x86 -> a << b;
      case 0x87 -> a >> b;
      case 0x88 -> a >>> b;
      default -> null;
    };
  }

  /** Whether the operation gives the same result with its operands swapped. */
  static boolean commutes(int opcode) {
    return switch (opcode) {
      case 0x46, 0x47, 0x6a, 0x6c, 0x71, 0x72, 0x73, 0x51, 0x52, 0x7c, 0x7e, 0x83, 0x84, 0x85 ->
          true;
      default -> false;
    };
  }
}
