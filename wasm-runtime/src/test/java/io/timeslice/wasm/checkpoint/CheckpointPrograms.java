package io.timeslice.wasm.checkpoint;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Wat;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The programs the checkpoint tests suspend, write, restore and resume: a loop writing memory, a
 * recursion 3,000 frames deep, globals and a table called through {@code call_indirect} (with a
 * reference made at run time), and WASI commands (stdin and arguments, the deterministic clock and
 * randomness, an AssemblyScript program).
 */
final class CheckpointPrograms {
  private CheckpointPrograms() {}

  /**
   * A program: its bytes, the export to call (null: a WASI command's {@code _start}), its input.
   */
  record Program(String name, byte[] wasm, String export, long[] args, WasiConfig wasi) {
    @Override
    public String toString() {
      return name;
    }

    Module compile(Engine engine) {
      return Module.compile(engine, wasm);
    }

    InstancePre<WasiContext> pre(Module module) {
      Linker<WasiContext> linker = new Linker<>(module.engine());
      if (wasi != null) {
        Wasi.define(linker, c -> c);
      }
      return linker.instantiatePre(module);
    }

    WasiContext context() {
      return wasi == null ? null : new WasiContext(wasi);
    }
  }

  static final String MEMORY_LOOP =
      """
      (module
        (memory (export "mem") 1 4)
        (func (export "run") (param $n i32) (result i64)
          (local $i i32) (local $sum i64)
          (drop (memory.grow (i32.const 1)))
          (loop $l
            (i32.store (i32.mul (local.get $i) (i32.const 4))
                       (i32.mul (local.get $i) (local.get $i)))
            (local.set $sum (i64.add (local.get $sum)
                (i64.extend_i32_u (i32.load (i32.mul (local.get $i) (i32.const 4))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
          (local.get $sum)))
      """;

  static final String RECURSION =
      """
      (module
        (func $sum (export "sum") (param $n i32) (result i64)
          (if (result i64) (i32.eqz (local.get $n))
            (then (i64.const 0))
            (else (i64.add (i64.extend_i32_u (local.get $n))
                           (call $sum (i32.sub (local.get $n) (i32.const 1))))))))
      """;

  static final String TABLES =
      """
      (module
        (type $op (func (param i64) (result i64)))
        (table 4 8 funcref)
        (elem (i32.const 0) $inc $dbl $sq)
        (global $acc (mut i64) (i64.const 1))
        (global $calls (mut i32) (i32.const 0))
        (func $inc (type $op) (i64.add (local.get 0) (i64.const 1)))
        (func $dbl (type $op) (i64.mul (local.get 0) (i64.const 2)))
        (func $sq (type $op) (i64.rem_u (i64.mul (local.get 0) (local.get 0)) (i64.const 1000003)))
        (func (export "run") (param $n i32) (result i64)
          (local $i i32)
          (table.set (i32.const 3) (ref.func $inc))
          (drop (table.grow (ref.func $dbl) (i32.const 2)))
          (loop $l
            (global.set $acc (call_indirect (type $op) (global.get $acc)
                                            (i32.rem_u (local.get $i) (i32.const 6))))
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
          (i64.add (global.get $acc) (i64.extend_i32_u (global.get $calls)))))
      """;

  static byte[] wat(String text) {
    return Wat.toBinary(text);
  }

  static byte[] program(String file) {
    try {
      return Files.readAllBytes(Path.of("..", "programs", "wasm", file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Program> all() {
    byte[] stdin = new byte[20_000];
    for (int i = 0; i < stdin.length; i++) {
      stdin[i] = (byte) (i * 31 + 7);
    }
    return List.of(
        new Program("memory-loop", wat(MEMORY_LOOP), "run", new long[] {20_000}, null),
        new Program("recursion", wat(RECURSION), "sum", new long[] {3_000}, null),
        new Program("tables", wat(TABLES), "run", new long[] {5_000}, null),
        new Program(
            "wasi-checksum",
            program("wasi-checksum.wasm"),
            null,
            new long[0],
            WasiConfig.of("checksum").withArgs("2").withStdin(stdin)),
        new Program(
            "wasi-clockrand",
            program("wasi-clockrand.wasm"),
            null,
            new long[0],
            WasiConfig.of("clockrand").withDeterminism(7)),
        new Program(
            "as-collatz",
            program("as-collatz.wasm"),
            null,
            new long[0],
            WasiConfig.of("as-collatz").withArgs("3000")));
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
