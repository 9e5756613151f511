package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The instruction table, read from {@code instructions.tsv} beside this class: mnemonic, opcode,
 * how the immediates are read, a memory access's natural alignment, and the proposal an instruction
 * needs. Adding an instruction of a proposal is a line in that file.
 */
final class Instructions {
  private Instructions() {}

  /** How the operands written after a mnemonic are read and encoded. */
  enum Immediates {
    /** None. */
    NONE("-"),
    /** {@code block}, {@code loop}, {@code if}: a label and a block type. */
    BLOCK("block"),
    ELSE("else"),
    END("end"),
    /** {@code try} of legacy exception handling: a label and a block type, then its clauses. */
    TRY("try"),
    /** A {@code try}'s clause: a tag index, then instructions. */
    CATCH("catch"),
    /** A {@code try}'s last clause: instructions. */
    CATCH_ALL("catch_all"),
    /**
     * {@code try_table} (WebAssembly 3.0): a label, a block type and catch clauses, {@code (catch x
     * l)}, {@code (catch_ref x l)}, {@code (catch_all l)}, {@code (catch_all_ref l)}.
     */
    TRY_TABLE("try_table"),
    /** The clause that ends a {@code try} instead of {@code end}: a label. */
    DELEGATE("delegate"),
    /** A tag index. */
    TAG("tag"),
    /** A label (branch depth). */
    LABEL("label"),
    /** Labels, the last the default. */
    BR_TABLE("br_table"),
    /** A function index. */
    FUNC("func"),
    /** An optional table index and a type use. */
    CALL_INDIRECT("call_indirect"),
    LOCAL("local"),
    GLOBAL("global"),
    /** {@code offset=N align=N}, with the natural alignment as default. */
    MEMARG("memarg"),
    /** A memory index, 0 when absent. */
    MEMORY("memory"),
    I32("i32"),
    I64("i64"),
    F32("f32"),
    F64("f64"),
    /** Optional {@code (result t*)}: with one, the typed form. */
    SELECT("select"),
    /** A heap type. */
    REF_NULL("ref_null"),
    /**
     * A reference type ({@code ref.test}, {@code ref.cast} of GC): its heap type, the subopcode one
     * more for a nullable one.
     */
    CAST("cast"),
    /** {@code br_on_cast}, {@code br_on_cast_fail} (GC): a label and two reference types. */
    BR_ON_CAST("br_on_cast"),
    /** A type index ({@code call_ref}, {@code return_call_ref}). */
    TYPE("type"),
    /** A table index, 0 when absent. */
    TABLE("table"),
    /** Two table indices, both 0 when absent. */
    TABLE_COPY("table_copy"),
    /** An optional table index and an element segment index. */
    TABLE_INIT("table_init"),
    /** An element segment index. */
    ELEM("elem"),
    /** An optional memory index and a data segment index. */
    MEMORY_INIT("memory_init"),
    /** A data segment index. */
    DATA("data"),
    /** Two memory indices, both 0 when absent. */
    MEMORY_COPY("memory_copy"),
    /** A shape and its lanes' literals. */
    V128("v128"),
    /** A lane index. */
    LANE("lane"),
    /** Sixteen lane indices. */
    SHUFFLE("shuffle"),
    /** A memory argument and a lane index. */
    MEMARG_LANE("memarg_lane"),
    /** None in text; {@code atomic.fence}'s reserved zero byte in binary (threads). */
    FENCE("fence");

    final String column;

    Immediates(String column) {
      this.column = column;
    }
  }

  /**
   * One instruction.
   *
   * @param prefix the prefix byte ({@code 0xfc}, {@code 0xfd}, {@code 0xfe}), or -1 for a one-byte
   *     opcode
   * @param code the opcode, or the LEB128-encoded subopcode after a prefix
   * @param align the natural alignment in bytes of a memory access, else 0
   * @param proposal the {@link io.timeslice.wasm.Config#proposal proposal} the instruction needs,
   *     or null
   */
  record Instr(
      String name, int prefix, int code, Immediates immediates, int align, String proposal) {
    void writeOpcode(ByteSink out) {
      if (prefix < 0) {
        out.u8(code);
      } else {
        out.u8(prefix);
        out.u32(code);
      }
    }
  }

  private static final Map<String, Instr> BY_NAME = load();

  /** The instruction called {@code name}, or null. */
  static Instr get(String name) {
    return BY_NAME.get(name);
  }

  static Set<String> names() {
    return BY_NAME.keySet();
  }

  private static Map<String, Instr> load() {
    Map<String, Immediates> kinds = new HashMap<>();
    for (Immediates k : Immediates.values()) {
      kinds.put(k.column, k);
    }
    Map<String, Instr> table = new HashMap<>();
    try (InputStream in = Instructions.class.getResourceAsStream("instructions.tsv")) {
      if (in == null) {
        throw new IllegalStateException("instructions.tsv is missing from the engine's resources");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        String op = f[1];
        int colon = op.indexOf(':');
        int prefix = colon < 0 ? -1 : Integer.decode(op.substring(0, colon));
        int code = colon < 0 ? Integer.decode(op) : Integer.parseInt(op.substring(colon + 1));
        Immediates imm = kinds.get(f.length > 2 ? f[2] : "-");
        if (imm == null) {
          throw new IllegalStateException("instructions.tsv: unknown immediates in " + line);
        }
        int align = f.length > 3 && !f[3].isEmpty() ? Integer.parseInt(f[3]) : 0;
        String proposal = f.length > 4 ? f[4] : null;
        if (proposal != null && !Config.Builder.PROPOSALS.contains(proposal)) {
          throw new IllegalStateException("instructions.tsv: unknown proposal in " + line);
        }
        if (table.put(f[0], new Instr(f[0], prefix, code, imm, align, proposal)) != null) {
          throw new IllegalStateException("instructions.tsv: " + f[0] + " twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(table);
  }
}
