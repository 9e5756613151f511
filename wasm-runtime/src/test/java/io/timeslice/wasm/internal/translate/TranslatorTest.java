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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real Wasm (translator/programs.wat, built to programs.wasm) validated, translated and run; every
 * expected value is computed here independently.
 */
class TranslatorTest {
  private Instantiation instance;
  private final Executor executor = new Executor(10_000, 1 << 20);

  @BeforeEach
  void instantiate() throws IOException {
    instantiate(Config.defaults());
  }

  private void instantiate(Config config) throws IOException {
    instance = TestInstances.of("/translator/programs.wasm", config, executor);
  }

  private long[] call(String name, long... args) {
    CompiledFunction f = (CompiledFunction) instance.exports().get(name);
    assertThat(f).as("export %s", name).isNotNull();
    return executor.invoke(f, args);
  }

  private static long fib(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long t = a + b;
      a = b;
      b = t;
    }
    return a;
  }

  @Test
  void recursionAndLoopsComputeFibonacci() {
    for (int n = 0; n <= 25; n++) {
      assertThat(call("fib", n)).as("fib(%d)", n).containsExactly(fib(n));
    }
    assertThat(call("fib_iter", 90)).containsExactly(fib(90));
  }

  @Test
  void indirectCallsDispatchThroughTheTable() {
    assertThat(call("apply", 0, 21)).containsExactly(42);
    assertThat(call("apply", 1, 12)).containsExactly(144);
    assertThat(call("apply", 2, 10)).containsExactly(55);
    assertThatThrownBy(() -> call("apply", 3, 1))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.UNINITIALIZED_ELEMENT));
    assertThatThrownBy(() -> call("apply", 4, 1))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.UNDEFINED_ELEMENT));
  }

  @Test
  void aLocalReadBeforeItIsOverwrittenKeepsItsOldValue() {
    // swap_diff(a, b) leaves a' = b, b' = a and returns a' - b' = b - a.
    assertThat(call("swap_diff", 10, 3)).containsExactly(-7);
  }

  @Test
  void branchTablesAndBlockResults() {
    assertThat(call("classify", 0)).containsExactly(0);
    assertThat(call("classify", 1)).containsExactly(10);
    assertThat(call("classify", 2)).containsExactly(10);
    assertThat(call("classify", 3)).containsExactly(100);
    assertThat(call("classify", 1000)).containsExactly(100);
    assertThat(call("block_values", 1)).containsExactly(7);
    assertThat(call("block_values", 5)).containsExactly(1005);
    assertThat(call("multi", 9)).containsExactly(9, 81);
  }

  @Test
  void memoryGlobalsAndDataSegments() {
    int expected = 0;
    boolean[] composite = new boolean[1000];
    for (int i = 2; i < 1000; i++) {
      if (!composite[i]) {
        expected++;
        for (int j = i * i; j < 1000; j += i) {
          composite[j] = true;
        }
      }
    }
    assertThat(call("sieve", 1000)).containsExactly(expected);
    assertThat(call("data_word")).containsExactly(0x04030201);
    assertThat(call("count")).containsExactly(1);
    assertThat(call("count")).containsExactly(2);
    assertThat(call("grow", 1)).containsExactly(1);
    assertThat(call("grow", 65_536)).containsExactly(-1);
  }

  @Test
  void floatsAndFoldedConstants() {
    assertThat(Double.longBitsToDouble(call("float_mix", Double.doubleToRawLongBits(2.0))[0]))
        .isEqualTo(2.0 * 1.5 + 4.0);
    assertThat(call("const_fold")).containsExactly(42);
  }

  @Test
  void trapsHaveTheirCodes() {
    assertThat(call("div", -9, 2)).containsExactly(-4);
    assertThatThrownBy(() -> call("div", 1, 0))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.INTEGER_DIVIDE_BY_ZERO));
    assertThatThrownBy(() -> call("boom"))
        .isInstanceOfSatisfying(
            Trap.class, t -> assertThat(t.code()).isEqualTo(TrapCode.UNREACHABLE))
        .hasMessageContaining("boom");
  }

  @Test
  void withoutOptimisationsTheProgramsComputeTheSameFromPlainIr() throws IOException {
    instantiate(Config.defaults().withOptimizations(false));
    // Constants loaded, the comparison into a slot, its result tested, every value copied.
    assertThat(Disassembler.disassemble(((CompiledFunction) instance.exports().get("fib")).code()))
        .isEqualTo(
            """
               0: check_interrupt
               1: const32 r=s2 imm=2
               3: i32_lt_s r=s1 a=s0 b=s2
               5: br_eqz a=s1 -> 11
               7: i64_extend_i32_s r=s1 a=s0
               9: br -> 25
              11: const32 r=s2 imm=1
              13: i32_sub r=s1 a=s0 b=s2
              15: call r=s1 x=0
              17: const32 r=s3 imm=2
              19: i32_sub r=s2 a=s0 b=s3
              21: call r=s2 x=0
              23: i64_add r=s1 a=s1 b=s2
              25: return_span r=s0 a=s1 n=1
            """);
    recursionAndLoopsComputeFibonacci();
    indirectCallsDispatchThroughTheTable();
    aLocalReadBeforeItIsOverwrittenKeepsItsOldValue();
    branchTablesAndBlockResults();
    memoryGlobalsAndDataSegments();
    floatsAndFoldedConstants();
    trapsHaveTheirCodes();
  }

  @Test
  void fibTranslatesToTheExpectedIr() {
    // Approval: the IR of fib, pinned. A change here must be deliberate (update docs/ir.md too).
    assertThat(Disassembler.disassemble(((CompiledFunction) instance.exports().get("fib")).code()))
        .isEqualTo(
            """
               0: check_interrupt
               1: br_i32_ge_s_imm a=s0 imm=2 -> 8
               4: i64_extend_i32_s r=s1 a=s0
               6: br -> 18
               8: i32_sub_imm r=s1 a=s0 imm=1
              10: call r=s1 x=0
              12: i32_sub_imm r=s2 a=s0 imm=2
              14: call r=s2 x=0
              16: i64_add r=s1 a=s1 b=s2
              18: return_span r=s0 a=s1 n=1
            """);
  }
}
