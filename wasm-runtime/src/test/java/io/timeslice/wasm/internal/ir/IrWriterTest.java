package io.timeslice.wasm.internal.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IrWriterTest {

  @Test
  void encodesAndDisassemblesEveryFixedFormat() {
    IrWriter w = new IrWriter();
    int loop = w.position();
    w.rab(Op.I32_ADD, 3, 1, 2);
    w.rai(Op.I32_ADD_IMM, 3, 3, -1);
    w.ri64(Op.CONST64, 4, 0x1_0000_0001L);
    w.sel(Op.SELECT, 5, 3, 4, 0);
    w.rao(Op.I64_LOAD, 6, 0, 0xffff_fff0);
    w.abo(Op.I32_STORE8, 0, 6, 7);
    w.calli(Op.CALL_INDIRECT, 7, 0, 1, 42);
    int branch = w.aij(Op.BR_I32_LT_U_IMM, 3, 100, 0);
    w.patchJump(branch, 0, loop);
    w.c(Op.TRAP, io.timeslice.wasm.TrapCode.UNREACHABLE.number());

    assertThat(Disassembler.disassemble(w.toArray()))
        .isEqualTo(
            """
               0: i32_add r=s3 a=s1 b=s2
               2: i32_add_imm r=s3 a=s3 imm=-1
               4: const64 r=s4 imm=4294967297
               7: select r=s5 a=s3 b=s4 c=s0
              10: i64_load r=s6 a=s0 offset=4294967280
              13: i32_store8 a=s0 b=s6 offset=7
              16: call_indirect r=s7 a=s0 t=1 x=42
              19: br_i32_lt_u_imm a=s3 imm=100 -> 0
              22: trap unreachable
            """);
  }

  @Test
  void rejectsAnOpOfAnotherFormatAndOversizedOperands() {
    IrWriter w = new IrWriter();
    assertThatThrownBy(() -> w.ra(Op.I32_ADD, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("i32_add has format RAB");
    // A slot past 16 bits is the translator's signal to lay the frame out with wide locals.
    assertThatThrownBy(() -> w.rab(Op.I32_ADD, 0x1_0000, 0, 0)).isInstanceOf(SlotOutOfRange.class);
    assertThatThrownBy(() -> w.rai(Op.I32_ADD_IMM, 0, 0, 40_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(IrWriter.fitsImm16(-32_768)).isTrue();
    assertThat(IrWriter.fitsImm16(32_768)).isFalse();
  }

  @Test
  void branchTablesAreVariableLength() {
    IrWriter w = new IrWriter();
    int at = w.brt(Op.BR_TABLE, 2, new int[3]);
    w.patchJump(at, 0, 5);
    w.patchJump(at, 1, 5);
    w.patchJump(at, 2, 6);
    w.n(Op.RETURN);
    w.n(Op.RETURN);
    assertThat(Disassembler.disassemble(w.toArray()))
        .isEqualTo(
            """
               0: br_table a=s2 -> 5 5 default 6
               5: return
               6: return
            """);
  }
}
