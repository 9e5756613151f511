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

  /**
   * Whether {@code x op b} is {@code x} for every integer {@code x} of the operation's type:
   * adding, subtracting, or-ing, xor-ing or shifting by 0, multiplying by 1, and-ing with all ones.
   */
  static boolean isRightIdentity(int opcode, long b) {
    int y = (int) b;
    return switch (opcode) {
      case 0x6a, 0x6b, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78 -> y == 0;
      case 0x6c -> y == 1;
      case 0x71 -> y == -1;
      case 0x7c, 0x7d, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a -> b == 0;
      case 0x7e -> b == 1;
      case 0x83 -> b == -1;
      default -> false;
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
