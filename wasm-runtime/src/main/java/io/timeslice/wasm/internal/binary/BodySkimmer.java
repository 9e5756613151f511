package io.timeslice.wasm.internal.binary;

import io.timeslice.wasm.Config;

/**
 * Decodes the rest of a function body without typing it. After a body turns out invalid, the
 * validator skims the rest, because a module that is also malformed must be reported as malformed:
 * the reference interpreter decodes everything before it validates anything.
 */
public final class BodySkimmer {
  private BodySkimmer() {}

  /**
   * Skims instructions from the reader's position until {@code depth} open blocks have ended, with
   * the encodings the proposals on in {@code config} add: memarg offsets as u64 (memory64), a
   * memory index after an alignment with bit 6 set (multi-memory) and the atomic instructions
   * (threads).
   *
   * @throws io.timeslice.wasm.MalformedModuleException when the rest does not decode
   */
  public static void skim(WasmReader in, int depth, Config config) {
    boolean wideOffsets = config.memory64();
    boolean memoryIndices = config.multiMemory();
    boolean typedRefs = config.functionReferences();
    while (depth > 0) {
      if (!in.hasMore()) {
        throw overrun(in, depth);
      }
      int at = in.pos();
      int op = in.u8();
      switch (op) {
        case 0x02, 0x03, 0x04, 0x06 -> {
          blockType(in, typedRefs);
          depth++;
        }
        case 0x1f -> {
          blockType(in, typedRefs);
          int n = in.u32();
          for (long i = 0; i < (n & 0xffff_ffffL); i++) {
            int kindAt = in.pos();
            int kind = in.u8();
            if (kind > 3) {
              throw WasmReader.malformedAt("malformed catch clause", kindAt);
            }
            if (kind < 2) {
              in.u32();
            }
            in.u32();
          }
          depth++;
        }
        case 0x0b -> depth--;
        case 0x18 -> {
          in.u32();
          depth--;
        }
        case 0x07, 0x08, 0x09 -> in.u32();
        case 0x0c, 0x0d, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xd2 -> in.u32();
        case 0x0e -> {
          int n = in.u32();
          for (long i = 0; i <= (n & 0xffff_ffffL); i++) {
            in.u32();
          }
        }
        case 0x11, 0x13 -> {
          in.u32();
          in.u32();
        }
        case 0x1c -> {
          int n = in.u32();
          for (int i = 0; i < n; i++) {
            valType(in, typedRefs);
          }
        }
        case 0x14, 0x15, 0xd5, 0xd6 -> {
          if (!typedRefs) {
            throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), at);
          }
          in.u32();
        }
        case 0x3f, 0x40 -> memoryIndex(in, memoryIndices);
        case 0x41 -> in.s32();
        case 0x42 -> in.s64();
        case 0x43 -> in.fixed32();
        case 0x44 -> in.fixed64();
        case 0xd0 -> {
          if (typedRefs) {
            in.s33();
          } else {
            in.u8();
          }
        }
        case 0xfb -> {
          // GC's instructions the engine runs: casts (0x14 to 0x17) with a heap type, br_on_cast
          // and br_on_cast_fail (0x18, 0x19) with flags, a label and two, then the converts and
          // i31s (0x1a to 0x1e) without immediates.
          int sub = in.u32();
          if (!config.gc() || sub < 0x14 || sub > 0x1e) {
            throw WasmReader.malformedAt("illegal opcode fb " + Integer.toUnsignedString(sub), at);
          }
          if (sub == 0x18 || sub == 0x19) {
            in.u8();
            in.u32();
            in.s33();
          }
          if (sub < 0x1a) {
            in.s33();
          }
        }
        case 0xfc -> prefixedFc(in, at, memoryIndices);
        case 0xfd -> simd(in, wideOffsets, memoryIndices);
        case 0xfe -> {
          if (!config.threads()) {
            throw WasmReader.malformedAt("illegal opcode fe", at);
          }
          atomic(in, at, wideOffsets, memoryIndices);
        }
        default -> {
          if (op >= 0x28 && op <= 0x3e) {
            memarg(in, wideOffsets, memoryIndices);
          } else if (!(op <= 0x01
              || op == 0x05
              || op == 0x19
              || op == 0x0a
              || op == 0x0f
              || op == 0x1a
              || op == 0x1b
              || op == 0xd1
              || (op == 0xd4 && typedRefs)
              || (op == 0xd3 && config.gc())
              || (op >= 0x45 && op <= 0xc4))) {
            throw WasmReader.malformedAt("illegal opcode " + Integer.toHexString(op), at);
          }
        }
      }
    }
  }

  /**
   * The error for a body that ended before its final {@code end}, as the reference interpreter,
   * which decodes on past the declared size, reports it: at the module's end, "unexpected end";
   * before an {@code end} that closes the function, "section size mismatch" (the function ends
   * there, and its size was wrong); otherwise "END opcode expected".
   */
  public static io.timeslice.wasm.MalformedModuleException overrun(WasmReader in, int depth) {
    int next = in.peekAbsolute(in.pos());
    if (next < 0) {
      return in.malformed("unexpected end of section or function");
    }
    if (depth == 1 && next == 0x0b) {
      return in.malformed("section size mismatch: function body longer than declared");
    }
    return in.malformed("END opcode expected");
  }

  private static void blockType(WasmReader in, boolean typedRefs) {
    int b = in.hasMore() ? in.peekAbsolute(in.pos()) : -1;
    if (b == 0x40 || (b >= 0x6f && b <= 0x7f)) {
      in.u8();
    } else if (typedRefs && (b == 0x63 || b == 0x64)) {
      valType(in, true);
    } else {
      in.s33();
    }
  }

  /** A value type: one byte, or with typed function references 0x63/0x64 and a heap type. */
  private static void valType(WasmReader in, boolean typedRefs) {
    int b = in.u8();
    if (typedRefs && (b == 0x63 || b == 0x64)) {
      in.s33();
    }
  }

  /** A memory index: a u32 with multi-memory, else a zero byte. */
  private static void memoryIndex(WasmReader in, boolean memoryIndices) {
    if (memoryIndices) {
      in.u32();
    } else {
      zero(in);
    }
  }

  private static void zero(WasmReader in) {
    int at = in.pos();
    if (in.u8() != 0) {
      throw WasmReader.malformedAt("zero byte expected", at);
    }
  }

  private static void prefixedFc(WasmReader in, int at, boolean memoryIndices) {
    int sub = in.u32();
    switch (sub) {
      case 0, 1, 2, 3, 4, 5, 6, 7 -> {}
      case 8 -> {
        in.u32();
        memoryIndex(in, memoryIndices);
      }
      case 9, 13, 15, 16, 17 -> in.u32();
      case 10 -> {
        memoryIndex(in, memoryIndices);
        memoryIndex(in, memoryIndices);
      }
      case 11 -> memoryIndex(in, memoryIndices);
      case 12, 14 -> {
        in.u32();
        in.u32();
      }
      default -> throw WasmReader.malformedAt("illegal opcode 0xfc " + sub, at);
    }
  }

  /** An atomic instruction (threads): a memarg, but {@code atomic.fence}'s zero byte. */
  private static void atomic(WasmReader in, int at, boolean wideOffsets, boolean memoryIndices) {
    int sub = in.u32();
    if (sub == 0x03) {
      zero(in);
    } else if ((sub >= 0 && sub <= 0x02) || (sub >= 0x10 && sub <= 0x4e)) {
      memarg(in, wideOffsets, memoryIndices);
    } else {
      throw WasmReader.malformedAt("illegal opcode 0xfe " + Integer.toUnsignedString(sub), at);
    }
  }

  private static void simd(WasmReader in, boolean wideOffsets, boolean memoryIndices) {
    int sub = in.u32();
    if (sub <= 0x0b || sub == 0x5c || sub == 0x5d) {
      memarg(in, wideOffsets, memoryIndices);
    } else if (sub == 0x0c || sub == 0x0d) {
      in.skip(16);
    } else if (sub >= 0x15 && sub <= 0x22) {
      in.u8();
    } else if (sub >= 0x54 && sub <= 0x5b) {
      memarg(in, wideOffsets, memoryIndices);
      in.u8();
    }
  }

  private static void memarg(WasmReader in, boolean wideOffsets, boolean memoryIndices) {
    int align = in.u32();
    if (memoryIndices && (align & 0x40) != 0) {
      in.u32();
    }
    if (wideOffsets) {
      in.u64();
    } else {
      in.u32();
    }
  }
}
