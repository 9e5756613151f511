package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TextReducer keeps what the behaviour needs and only that, and every step stays valid. */
class TextReducerTest {
  // i32.const 42, i32.div_u: the "behaviour" the reducer must keep.
  private static final String KEPT = HexFormat.of().formatHex(new byte[] {0x41, 0x2a, 0x6e});

  @Test
  void cutsAModuleDownToTheInstructionsTheBehaviourNeeds(@TempDir Path dir) throws Exception {
    List<String> text =
        List.of(
            "(module",
            "  (func $noise (param i32) (result i32)",
            "    local.get 0",
            "    i32.const 3",
            "    i32.mul)",
            "  (func (export \"f\") (param i32) (result i32)",
            "    block $outer (result i32)",
            "      loop $again",
            "        local.get 0",
            "        i32.eqz",
            "        br_if $again",
            "      end",
            "      local.get 0",
            "      call $noise",
            "      i32.const 42",
            "      i32.div_u",
            "      local.get 0",
            "      br_table $outer $outer $outer",
            "    end",
            "    i32.const 1",
            "    i32.add)",
            "  (memory 1)",
            ")");
    Predicate<byte[]> validAndDividesBy42 =
        wasm -> {
          try {
            Module.validate(new Engine(), wasm);
          } catch (WasmException invalid) {
            return false;
          }
          return HexFormat.of().formatHex(wasm).contains(KEPT);
        };
    List<String> reduced =
        new TextReducer(validAndDividesBy42).reduce(text, dir.resolve("out.wat"));

    assertThat(reduced).contains("      i32.const 42", "      i32.div_u");
    assertThat(String.join("\n", reduced))
        .doesNotContain("loop", "br_table", "$noise", "i32.mul", "memory");
    assertThat(reduced.size()).isLessThanOrEqualTo(text.size() / 2);
  }
}
