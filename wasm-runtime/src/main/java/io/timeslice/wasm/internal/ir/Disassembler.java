package io.timeslice.wasm.internal.ir;

import java.util.List;

/** Prints IR as one instruction a line: {@code pc: name field=value …}, slots as {@code sN}. */
public final class Disassembler {
  private Disassembler() {}

  /** The whole code array, one line per instruction. */
  public static String disassemble(int[] code) {
    StringBuilder out = new StringBuilder();
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc] & 0xffff;
      if (op >= Op.COUNT) {
        out.append(String.format("%4d: <invalid opcode %d>%n", pc, op));
        break;
      }
      OpFormat format = Op.format(op);
      out.append(String.format("%4d: %s", pc, Op.name(op)));
      appendFields(out, code, pc, format);
      out.append('\n');
      pc += format.length(code, pc);
    }
    return out.toString();
  }

  private static void appendFields(StringBuilder out, int[] code, int pc, OpFormat format) {
    int high = code[pc] >>> 16;
    List<String> fields = format.fields();
    switch (format) {
      case N -> {}
      case I -> out.append(" imm=").append(code[pc + 1]);
      case C -> out.append(' ').append(io.timeslice.wasm.TrapCode.ofNumber(high).message());
      case RA -> slots(out, fields, high, code[pc + 1]);
      case RAB, RN -> slots(out, fields, high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
      case RAI -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1] & 0xffff);
        out.append(" imm=").append(code[pc + 1] >> 16);
      }
      case RI32 -> out.append(" r=s").append(high).append(" imm=").append(code[pc + 1]);
      case RI64 ->
          out.append(" r=s")
              .append(high)
              .append(" imm=")
              .append((code[pc + 1] & 0xffff_ffffL) | (long) code[pc + 2] << 32);
      case RX -> out.append(" r=s").append(high).append(" x=").append(code[pc + 1]);
      case RAL -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1]);
        out.append(" imm=")
            .append(
                Long.toUnsignedString((code[pc + 2] & 0xffff_ffffL) | (long) code[pc + 3] << 32));
      }
      case SEL, RABC ->
          slots(out, fields, high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16, code[pc + 2]);
      case RABI -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        out.append(" imm=").append(code[pc + 2]);
      }
      case J -> target(out, pc, code[pc + 1]);
      case AJ -> {
        out.append(" a=s").append(high);
        target(out, pc, code[pc + 1]);
      }
      case ABJ -> {
        out.append(" a=s").append(high).append(" b=s").append(code[pc + 1]);
        target(out, pc, code[pc + 2]);
      }
      case AIJ -> {
        out.append(" a=s").append(high).append(" imm=").append(code[pc + 1]);
        target(out, pc, code[pc + 2]);
      }
      case RABJ -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        target(out, pc, code[pc + 2]);
      }
      case RAIJ -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1] & 0xffff);
        out.append(" imm=").append(code[pc + 1] >> 16);
        target(out, pc, code[pc + 2]);
      }
      case RABCJ -> {
        slots(
            out,
            fields.subList(0, 4),
            high,
            code[pc + 1] & 0xffff,
            code[pc + 1] >>> 16,
            code[pc + 2]);
        target(out, pc, code[pc + 3]);
      }
      case RAICJ -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1] & 0xffff);
        out.append(" imm=").append(code[pc + 1] >> 16).append(" c=s").append(code[pc + 2]);
        target(out, pc, code[pc + 3]);
      }
      case RAIIJ -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1] & 0xffff);
        out.append(" imm=").append(code[pc + 1] >> 16).append(" imm32=").append(code[pc + 2]);
        target(out, pc, code[pc + 3]);
      }
      case HT -> {
        out.append(" tries=").append(code[pc + 2]).append(" [");
        for (int i = 3; i < 2 + code[pc + 1]; i++) {
          out.append(i == 3 ? "" : " ").append(code[pc + i]);
        }
        out.append(']');
      }
      case BRT -> {
        out.append(" a=s").append(high).append(" ->");
        int n = code[pc + 1];
        for (int i = 0; i <= n; i++) {
          out.append(i == n ? " default " : " ").append(pc + code[pc + 2 + i]);
        }
      }
      case RAO, ABO -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1]);
        out.append(" offset=").append(code[pc + 2] & 0xffff_ffffL);
      }
      case RABO, VABO -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        out.append(" offset=").append(code[pc + 2] & 0xffff_ffffL);
      }
      case RAIO, VAIO -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1] & 0xffff);
        out.append(" imm=").append(code[pc + 1] >> 16);
        out.append(" offset=").append(code[pc + 2] & 0xffff_ffffL);
      }
      case RARA -> packedSlots(out, fields, high, code, pc + 1, 1, 1);
      case RA4 -> packedSlots(out, fields, high, code, pc + 1, 3, 1);
      case RAB2 -> packedSlots(out, fields, high, code, pc + 1, 2, 1);
      case RAO2 -> {
        packedSlots(out, fields.subList(0, 4), high, code, pc + 1, 1, 1);
        out.append(" offset=").append(code[pc + 3] & 0xffff_ffffL);
        out.append(" offset2=").append(code[pc + 4] & 0xffff_ffffL);
      }
      case SELC -> packedSlots(out, fields, high, code, pc + 1, 2, 0);
      case CALLI ->
          out.append(" r=s")
              .append(high)
              .append(" a=s")
              .append(code[pc + 1] & 0xffff)
              .append(" t=")
              .append(code[pc + 1] >>> 16)
              .append(" x=")
              .append(code[pc + 2]);
      case RAX, ABX -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1]);
        out.append(" x=").append(code[pc + 2]);
      }
      case RABX -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        out.append(" x=").append(code[pc + 2]);
      }
      case ABCXY -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        out.append(" x=").append(code[pc + 2]).append(" y=").append(code[pc + 3]);
      }
      case RABV -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        out.append(" lanes=");
        for (int i = 0; i < 16; i++) {
          out.append(i == 0 ? "" : ",").append(code[pc + 2 + i / 4] >>> (i % 4 * 8) & 0xff);
        }
      }
      case RABOL -> {
        slots(out, fields.subList(0, 3), high, code[pc + 1] & 0xffff, code[pc + 1] >>> 16);
        out.append(" offset=").append(code[pc + 2] & 0xffff_ffffL);
        out.append(" lane=").append(code[pc + 3]);
      }
      case RABCO -> {
        packedSlots(out, fields.subList(0, 4), high, code, pc + 1, 1, 1);
        out.append(" offset=").append(code[pc + 3] & 0xffff_ffffL);
      }
      case ABOL -> {
        slots(out, fields.subList(0, 2), high, code[pc + 1]);
        out.append(" offset=").append(code[pc + 2] & 0xffff_ffffL);
        out.append(" lane=").append(code[pc + 3]);
      }
    }
  }

  /**
   * The slot fields of a many-slot format: the first (word 0's high half), then {@code pairs} words
   * of two slots each from {@code from} on, low half first, then {@code whole} words of one slot.
   */
  private static void packedSlots(
      StringBuilder out, List<String> names, int high, int[] code, int from, int pairs, int whole) {
    int[] values = new int[1 + 2 * pairs + whole];
    values[0] = high;
    for (int i = 0; i < pairs; i++) {
      values[1 + 2 * i] = code[from + i] & 0xffff;
      values[2 + 2 * i] = code[from + i] >>> 16;
    }
    for (int i = 0; i < whole; i++) {
      values[1 + 2 * pairs + i] = code[from + pairs + i];
    }
    slots(out, names, values);
  }

  private static void slots(StringBuilder out, List<String> names, int... values) {
    for (int i = 0; i < values.length; i++) {
      String name = names.get(i);
      out.append(' ').append(name).append('=');
      out.append(name.equals("n") ? "" : "s").append(values[i]);
    }
  }

  private static void target(StringBuilder out, int pc, int offset) {
    out.append(" -> ").append(pc + offset);
  }
}
