package io.timeslice.wasm.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.Executor;
import io.timeslice.wasm.internal.instance.Instantiation;
import io.timeslice.wasm.internal.ir.Disassembler;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The superinstructions of docs/ir.md (translator/fused.wat): optimised, each pattern becomes its
 * fused op, unoptimised it does not, and both compute the same results at the edges a fused form
 * could get wrong (the 32-bit wrap of an address sum, which operand a branch compares, rounding).
 */
class SuperinstructionTest {
  private final Executor executor = new Executor(10_000, 1 << 20);

  private Instantiation instantiate(boolean optimize) throws IOException {
    return TestInstances.of(
        "/translator/fused.wasm", Config.defaults().withOptimizations(optimize), executor);
  }

  private static CompiledFunction func(Instantiation instance, String name) {
    return (CompiledFunction) instance.exports().get(name);
  }

  private long call(Instantiation instance, String name, long... args) {
    return executor.invoke(func(instance, name), args)[0];
  }

  @ParameterizedTest(name = "{0} uses {1}")
  @CsvSource({
    "load_addi, i32_load_addi",
    "load_add, i32_load_add ",
    "load_addi_offset, i32_load_addi",
    "store_addi, i32_store8_addi",
    "store_add, i32_store_add ",
    "count_down, addi_br_nez",
    "count_to, addi_br_i32_lt_u",
    "count_from, add_br_i32_lt_s",
    "count_to_imm, addi_br_i32_ne_imm",
    "mul_add, f64_mul_add",
    "add_mul, f32_add_mul",
    "rotate, copy2",
    "smear, copy4",
    "rotate5, copy4",
    "rotate5, copy2",
    "select_eq, select_i32_eq",
    "select_ne, select_i32_eq",
    "select_lt_s, select_i32_lt_s",
    "select_gt_s, select_i32_lt_s",
    "select_le_s, select_i32_lt_s",
    "select_ge_s, select_i32_lt_s",
    "select_lt_u, select_i32_lt_u",
    "select_gt_u, select_i32_lt_u",
    "select_le_u, select_i32_lt_u",
    "select_ge_u, select_i32_lt_u",
    "select_wide, select_i32_lt_u",
    "load_pair32, load32_pair",
    "load_pair_f32, load32_pair",
    "load_pair64, load64_pair",
    "load_chase, load32_pair",
    "fib_pairs, i64_add_pair",
    "sum4, i32_add_pair",
    "two_sums, i32_add_pair",
    "sigma, i32_xor_rotl",
    "xorshift, i32_xor_shl",
    "xorshift, i32_xor_shr_u",
    "pack, i32_or_shl",
    "pack, i32_or_shr_u",
    "choose, i32_and_not",
    "clear_bits, i32_and_not"
  })
  void optimisedIrFusesThePatternAndPlainIrDoesNot(String export, String op) throws IOException {
    String optimised = Disassembler.disassemble(func(instantiate(true), export).code());
    String plain = Disassembler.disassemble(func(instantiate(false), export).code());
    assertThat(optimised).contains(op);
    assertThat(plain).doesNotContain(op.strip());
  }

  @ParameterizedTest(name = "optimised {0}")
  @ValueSource(booleans = {true, false})
  void fusedAndPlainComputeTheSame(boolean optimize) throws IOException {
    Instantiation m = instantiate(optimize);
    // 0xfffffffc + 8 wraps to 4, where the data segment put 42; then 8 holds 7.
    assertThat(call(m, "load_addi", 0xffff_fffcL)).isEqualTo(42);
    assertThat(call(m, "load_add", 0xffff_fffcL, 8)).isEqualTo(42);
    assertThat(call(m, "load_add", 8, 0xffff_fffcL)).isEqualTo(42);
    assertThat(call(m, "load_addi_offset", 0xffff_fff8L)).isEqualTo(42);
    assertThat(call(m, "load_addi_offset", 0xffff_fffcL)).isEqualTo(7);
    assertThat(call(m, "store_addi", 0xffff_fffcL, 99)).isEqualTo(99);
    assertThat(call(m, "store_add", 0xffff_fffcL, 12, 1234)).isEqualTo(1234);
    assertThat(call(m, "count_down", 5)).isEqualTo(5);
    assertThat(call(m, "count_down", 1)).isEqualTo(1);
    assertThat(call(m, "count_to", 10)).isEqualTo(10);
    assertThat(call(m, "count_to", 0)).isEqualTo(1);
    assertThat(call(m, "count_from", 7, 100)).isEqualTo(105);
    assertThat(call(m, "count_to_imm")).isEqualTo(30);
    // With one rounding (a fused multiply-add) 0.1 * 10 - 1 would be 5.55e-17, not 0.
    assertThat(
            Double.longBitsToDouble(
                call(
                    m,
                    "mul_add",
                    Double.doubleToLongBits(0.1),
                    Double.doubleToLongBits(10),
                    Double.doubleToLongBits(-1))))
        .isEqualTo(0.1 * 10 + -1);
    assertThat(
            Float.intBitsToFloat(
                (int)
                    call(
                        m,
                        "add_mul",
                        Float.floatToIntBits(0.1f),
                        Float.floatToIntBits(10f),
                        Float.floatToIntBits(-1f))))
        .isEqualTo(-1f + 0.1f * 10f);
    assertThat(call(m, "rotate", 5, 3)).isEqualTo(-2);
    assertThat(call(m, "smear", 7, 1, 2, 3, 4)).isEqualTo(7777);
    // fib_pairs(n) runs n steps of a += b; b += a: a is F(2n).
    assertThat(call(m, "fib_pairs", 5)).isEqualTo(55);
    assertThat(call(m, "fib_pairs", 46)).isEqualTo(7_540_113_804_746_346_429L);
    assertThat((int) call(m, "sum4", 0x7fff_ffff, 1, 10, 0xffff_fffeL)).isEqualTo(0x8000_0008);
    assertThat((int) call(m, "two_sums", 100, 20, 3, 4)).isEqualTo(113);
    assertThat(call(m, "rotate5", 1, 2, 3, 4, 5)).isEqualTo(15432);
    assertThat(call(m, "select_wide", 1, 2, 0x1_0000_0002L, -3)).isEqualTo(0x1_0000_0002L);
    assertThat(call(m, "select_wide", 0xffff_ffffL, 2, 0x1_0000_0002L, -3)).isEqualTo(-3);
    // Rotates and shifts take their distance modulo 32: rotl 39 is rotl 7, shr_u 56 is shr_u 24.
    int x = 0x9e37_79b9;
    assertThat((int) call(m, "sigma", x))
        .isEqualTo(
            Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateLeft(x, 7));
    int y = x ^ x << 13;
    y ^= y >>> 17;
    assertThat((int) call(m, "xorshift", x)).isEqualTo(y ^ y << 5);
    assertThat((int) call(m, "pack", 0x1234, 0xabcd_ef01)).isEqualTo(0x1234 | 0xef01_0000 | 0xab);
    assertThat((int) call(m, "or_rotl", 1, 0x8000_0001)).isEqualTo(0x181);
    int e = 0xf0f0_1234;
    int f = 0x0ff0_abcd;
    int g = 0x1357_9bdf;
    assertThat((int) call(m, "choose", e, f, g)).isEqualTo((e & f) ^ (~e & g));
    assertThat((int) call(m, "clear_bits", e, f)).isEqualTo(e & ~f);
  }

  @ParameterizedTest(name = "optimised {0}")
  @ValueSource(booleans = {true, false})
  void loadPairsLoadInOrderAndTrapOnEitherAddress(boolean optimize) throws IOException {
    Instantiation m = instantiate(optimize);
    assertThat(call(m, "load_pair32", 0, 0)).isEqualTo(42 - 7);
    assertThat(call(m, "load_pair32", 12, 0)).isEqualTo(4 - 7);
    assertThat(call(m, "load_pair_f32", 4, 20)).isEqualTo(42 + 3); // 20 holds 3.0f
    assertThat(call(m, "load_pair64", 0, 0)).isEqualTo(0x7_0000_002aL - 0x2a_0000_0000L);
    assertThat(call(m, "load_chase", 16)).isEqualTo(42);
    for (long[] args :
        new long[][] {{65_533, 0}, {0, 65_529}, {0, 0xffff_fff8L}, {0, 0xffff_fffcL}}) {
      assertThatThrownBy(() -> call(m, "load_pair32", args))
          .as("load_pair32(%d, %d)", args[0], args[1])
          .isInstanceOfSatisfying(
              Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
    }
    assertThatThrownBy(() -> call(m, "load_pair64", 0, 65_529))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
  }

  /** Each fused select computes its comparison's answer, signed and unsigned, at the edges. */
  @ParameterizedTest(name = "optimised {0}")
  @ValueSource(booleans = {true, false})
  void fusedSelectsPickWhatTheirComparisonSays(boolean optimize) throws IOException {
    Instantiation m = instantiate(optimize);
    int[] edges = {0, 1, -1, 2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1};
    for (int a : edges) {
      for (int b : edges) {
        long x = a & 0xffff_ffffL;
        long y = b & 0xffff_ffffL;
        int u = Integer.compareUnsigned(a, b);
        assertSelect(m, "select_eq", x, y, a == b);
        assertSelect(m, "select_ne", x, y, a != b);
        assertSelect(m, "select_lt_s", x, y, a < b);
        assertSelect(m, "select_gt_s", x, y, a > b);
        assertSelect(m, "select_le_s", x, y, a <= b);
        assertSelect(m, "select_ge_s", x, y, a >= b);
        assertSelect(m, "select_lt_u", x, y, u < 0);
        assertSelect(m, "select_gt_u", x, y, u > 0);
        assertSelect(m, "select_le_u", x, y, u <= 0);
        assertSelect(m, "select_ge_u", x, y, u >= 0);
      }
    }
  }

  private void assertSelect(Instantiation m, String export, long a, long b, boolean holds) {
    assertThat((int) call(m, export, a, b))
        .as("%s(%d, %d)", export, a, b)
        .isEqualTo(holds ? 11 : 22);
  }

  @Test
  void orOfARotateIsNotFused() throws IOException {
    String ir = Disassembler.disassemble(func(instantiate(true), "or_rotl").code());
    assertThat(ir).contains("i32_rotl_imm").contains("i32_or ");
  }

  @ParameterizedTest(name = "optimised {0}")
  @ValueSource(booleans = {true, false})
  void theOffsetIsAddedAfterTheWrapWithoutWrapping(boolean optimize) throws IOException {
    Instantiation m = instantiate(optimize);
    // (0xfffffff4 + 8) wraps to 0xfffffffc; + offset 4 is 2^32, out of bounds, not 0.
    assertThatThrownBy(() -> call(m, "load_addi_offset", 0xffff_fff4L))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
    assertThatThrownBy(() -> call(m, "load_add", 65_533, 0))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.MEMORY_OUT_OF_BOUNDS));
  }
}
