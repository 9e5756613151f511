package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD op that is not lane-wise (simd.isa's {@code vfn} ops: shuffles, lane reads and writes,
 * splats, widening and narrowing, whole-vector tests; the v128 select and globals; the loads and
 * stores of lanes, splats, extensions and zeros), run by the interpreter and compiled
 * (COMPILED_EAGER) on the same random operands, edge values among them (NaNs with payloads, -0,
 * infinities, saturation bounds, the limits of each lane type): the bits of every result, trap and
 * the memory after must be the same. Each op is also run with its result written over its first
 * operand, which compiled code must read whole before it writes.
 */
class SimdTiersDifferentialTest {
  private static final int PAGE = 65536;

  /** One exported function: its name, parameter and result types, and its body. */
  private record Case(String name, List<String> params, String result, String body) {
    String wat() {
      return "(func (export \""
          + name
          + "\") (param "
          + String.join(" ", params)
          + ") (result "
          + result
          + ") "
          + body
          + ")\n";
    }
  }

  private static String gets(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("local.get ").append(i).append(' ');
    }
    return s.toString();
  }

  /** The op on all its parameters, and (a v128 result and first operand) written over the first. */
  private static void op(List<Case> cases, String op, String result, String... params) {
    List<String> types = List.of(params);
    String call = gets(params.length) + op;
    cases.add(new Case(op, types, result, call));
    if (result.equals("v128") && params[0].equals("v128")) {
      cases.add(new Case(op + " over a", types, result, call + " local.set 0 local.get 0"));
    }
  }

  private static List<Case> cellCases() {
    List<Case> cases = new ArrayList<>();
    for (String shape : List.of("i16x8", "i32x4", "i64x2")) {
      String from = shape.equals("i16x8") ? "i8x16" : shape.equals("i32x4") ? "i16x8" : "i32x4";
      for (String part : List.of("low", "high")) {
        for (String sign : List.of("s", "u")) {
          op(cases, shape + ".extend_" + part + "_" + from + "_" + sign, "v128", "v128");
          op(cases, shape + ".extmul_" + part + "_" + from + "_" + sign, "v128", "v128", "v128");
        }
      }
    }
    for (String unary :
        List.of(
            "i16x8.extadd_pairwise_i8x16_s",
            "i16x8.extadd_pairwise_i8x16_u",
            "i32x4.extadd_pairwise_i16x8_s",
            "i32x4.extadd_pairwise_i16x8_u",
            "i32x4.trunc_sat_f64x2_s_zero",
            "i32x4.trunc_sat_f64x2_u_zero",
            "f32x4.demote_f64x2_zero",
            "f64x2.promote_low_f32x4",
            "f64x2.convert_low_i32x4_s",
            "f64x2.convert_low_i32x4_u")) {
      op(cases, unary, "v128", "v128");
    }
    for (String binary :
        List.of(
            "i8x16.narrow_i16x8_s",
            "i8x16.narrow_i16x8_u",
            "i16x8.narrow_i32x4_s",
            "i16x8.narrow_i32x4_u",
            "i32x4.dot_i16x8_s",
            "i8x16.swizzle")) {
      op(cases, binary, "v128", "v128", "v128");
    }
    op(cases, "i16x8.relaxed_dot_i8x16_i7x16_s", "v128", "v128", "v128");
    op(cases, "i32x4.relaxed_dot_i8x16_i7x16_add_s", "v128", "v128", "v128", "v128");
    op(cases, "v128.any_true", "i32", "v128");
    for (String shape : List.of("i8x16", "i16x8", "i32x4", "i64x2")) {
      op(cases, shape + ".all_true", "i32", "v128");
      op(cases, shape + ".bitmask", "i32", "v128");
    }
    String[][] lanes = {
      {"i8x16", "i32", "16"},
      {"i16x8", "i32", "8"},
      {"i32x4", "i32", "4"},
      {"i64x2", "i64", "2"},
      {"f32x4", "f32", "4"},
      {"f64x2", "f64", "2"}
    };
    for (String[] l : lanes) {
      op(cases, l[0] + ".splat", "v128", l[1]);
      boolean narrow = l[0].equals("i8x16") || l[0].equals("i16x8");
      for (int lane = 0; lane < Integer.parseInt(l[2]); lane++) {
        for (String extract : narrow ? List.of("_s", "_u") : List.of("")) {
          op(cases, l[0] + ".extract_lane" + extract + " " + lane, l[1], "v128");
        }
        op(cases, l[0] + ".replace_lane " + lane, "v128", "v128", l[1]);
      }
    }
    Random random = new Random(20);
    List<String> shuffles = new ArrayList<>();
    shuffles.add("0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15");
    shuffles.add("16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31");
    shuffles.add("31 30 29 28 27 26 25 24 7 6 5 4 3 2 1 0");
    shuffles.add("0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23");
    for (int i = 0; i < 4; i++) {
      shuffles.add(
          String.join(
              " ", random.ints(16, 0, 32).mapToObj(String::valueOf).toArray(String[]::new)));
    }
    for (String lanesOf : shuffles) {
      op(cases, "i8x16.shuffle " + lanesOf, "v128", "v128", "v128");
    }
    cases.add(new Case("select", List.of("v128", "v128", "i32"), "v128", gets(3) + "select"));
    cases.add(
        new Case(
            "select over a",
            List.of("v128", "v128", "i32"),
            "v128",
            gets(3) + "select local.set 0 local.get 0"));
    // The global's old value out, the operand in: a sequence of calls sees every write.
    cases.add(
        new Case("global", List.of("v128"), "v128", "global.get $g local.get 0 global.set $g"));
    return cases;
  }

  /** The memory ops with an offset: their address is the first parameter. */
  private static List<Case> memoryCases(List<Integer> offsets) {
    List<Case> cases = new ArrayList<>();
    for (int offset : offsets) {
      String memarg = " offset=" + Integer.toUnsignedString(offset);
      for (String load :
          List.of(
              "v128.load",
              "v128.load8x8_s",
              "v128.load8x8_u",
              "v128.load16x4_s",
              "v128.load16x4_u",
              "v128.load32x2_s",
              "v128.load32x2_u",
              "v128.load8_splat",
              "v128.load16_splat",
              "v128.load32_splat",
              "v128.load64_splat",
              "v128.load32_zero",
              "v128.load64_zero")) {
        cases.add(new Case(load + memarg, List.of("i32"), "v128", gets(1) + load + memarg));
      }
      cases.add(
          new Case(
              "v128.store" + memarg,
              List.of("i32", "v128"),
              "i32",
              gets(2) + "v128.store" + memarg + " i32.const 0"));
      for (int bits : new int[] {8, 16, 32, 64}) {
        for (int lane = 0; lane < 128 / bits; lane++) {
          String load = "v128.load" + bits + "_lane" + memarg + " " + lane;
          cases.add(new Case(load, List.of("i32", "v128"), "v128", gets(2) + load));
          cases.add(
              new Case(
                  load + " over b",
                  List.of("i32", "v128"),
                  "v128",
                  gets(2) + load + " local.set 1 local.get 1"));
          String store = "v128.store" + bits + "_lane" + memarg + " " + lane;
          cases.add(
              new Case(store, List.of("i32", "v128"), "i32", gets(2) + store + " i32.const 0"));
        }
      }
    }
    return cases;
  }

  /** The cases' module. */
  private static byte[] module(List<Case> cases) {
    StringBuilder s = new StringBuilder("(module (memory (export \"mem\") 1)\n");
    s.append("(global $g (mut v128) (v128.const i64x2 0x0123456789abcdef -1))\n");
    cases.forEach(c -> s.append(c.wat()));
    return Wat.toBinary(s.append(")").toString());
  }

  /** The module compiled in a tier, and a store to run it in. */
  private record Run(Store<Void> store, Module module, Instance instance) {
    static Run of(Tier tier, byte[] wasm) {
      Engine engine = new Engine(Config.defaults().withTier(tier));
      Store<Void> store = new Store<>(engine, null);
      Module module = Module.compile(engine, wasm);
      return new Run(store, module, new Linker<Void>(engine).instantiate(store, module));
    }

    /** The results' bits, or the trap's code. */
    String call(String name, long[] args) {
      try {
        return Arrays.toString(instance.func(name).call(store, args));
      } catch (Trap trap) {
        return "trap " + trap.code();
      }
    }

    byte[] memory() {
      return instance.memory("mem").read(0, PAGE);
    }
  }

  // ---- operands: random bits, and the values where implementations differ ----

  private static final int[] I32_EDGES = {
    0,
    1,
    -1,
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    0x7f,
    0x80,
    0xff,
    0x7fff,
    0x8000,
    0xffff,
    0x7fc0_0000, // NaN
    0x7f80_0001, // signalling NaN
    0xffc0_1234, // negative NaN with a payload
    0x8000_0000, // -0
    0x7f80_0000, // infinity
    0xff80_0000,
    0x4f00_0000, // 2^31
    0x4f80_0000, // 2^32
    0xcf00_0001, // below -2^31
    0x3fc0_0000, // 1.5
    0xbfc0_0000,
    0x0000_0001, // the least subnormal
    0x7f7f_ffff // the greatest float
  };

  private static final long[] I64_EDGES = {
    0,
    1,
    -1,
    Long.MIN_VALUE,
    Long.MAX_VALUE,
    0x7ff8_0000_0000_0000L, // NaN
    0x7ff0_0000_0000_0001L, // signalling NaN
    0xfff8_0000_dead_beefL, // negative NaN with a payload
    0x8000_0000_0000_0000L, // -0
    0x7ff0_0000_0000_0000L, // infinity
    0xfff0_0000_0000_0000L,
    Double.doubleToLongBits(2147483647.5),
    Double.doubleToLongBits(2147483648.0),
    Double.doubleToLongBits(-2147483648.5),
    Double.doubleToLongBits(-2147483649.0),
    Double.doubleToLongBits(4294967295.5),
    Double.doubleToLongBits(4294967296.0),
    Double.doubleToLongBits(-0.9),
    Double.doubleToLongBits(3.4028235677973366e38), // rounds to float infinity
    Double.doubleToLongBits(1e-50), // a float underflow
    Double.doubleToLongBits(Double.MIN_VALUE),
    0x0000_0000_ffff_ffffL,
    0xffff_ffff_0000_0000L
  };

  /** A 64-bit half: random bits, or lanes of one width drawn from the edges and random values. */
  private static long half(Random random) {
    switch (random.nextInt(5)) {
      case 0 -> {
        return random.nextLong();
      }
      case 1 -> {
        return random.nextBoolean()
            ? I64_EDGES[random.nextInt(I64_EDGES.length)]
            : random.nextLong();
      }
      case 2 -> {
        long lo = random.nextBoolean() ? I32_EDGES[random.nextInt(I32_EDGES.length)] : 0;
        long hi = I32_EDGES[random.nextInt(I32_EDGES.length)];
        return lo & 0xffff_ffffL | hi << 32;
      }
      default -> {
        int bits = random.nextBoolean() ? 8 : 16;
        long[] edges =
            bits == 8
                ? new long[] {0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x81}
                : new long[] {0, 1, 0x7fff, 0x8000, 0xffff, 0x7f, 0x80, 0xff, 0x100, 0xff80};
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
          long lane =
              random.nextInt(3) == 0 ? random.nextLong() : edges[random.nextInt(edges.length)];
          r |= (lane & ((1L << bits) - 1)) << i;
        }
        return r;
      }
    }
  }

  /**
   * Arguments for the parameter types, an address (i32 first of a memory op) from {@code
   * addresses}.
   */
  private static long[] arguments(Random random, Case c, long[] addresses) {
    List<Long> args = new ArrayList<>();
    for (int i = 0; i < c.params().size(); i++) {
      switch (c.params().get(i)) {
        case "v128" -> {
          args.add(half(random));
          args.add(random.nextInt(8) == 0 ? args.getLast() : half(random));
        }
        case "i64", "f64" ->
            args.add(
                random.nextBoolean() ? I64_EDGES[random.nextInt(I64_EDGES.length)] : half(random));
        default -> {
          if (i == 0 && addresses != null) {
            args.add(addresses[random.nextInt(addresses.length)]);
          } else if (c.name().startsWith("select")) {
            args.add((long) random.nextInt(3));
          } else {
            int v =
                random.nextBoolean()
                    ? I32_EDGES[random.nextInt(I32_EDGES.length)]
                    : random.nextInt();
            args.add(v & 0xffff_ffffL);
          }
        }
      }
    }
    return args.stream().mapToLong(Long::longValue).toArray();
  }

  /** Runs every case on the same arguments in both tiers; returns how many calls trapped. */
  private static int compare(List<Case> cases, long[] addresses, int rounds) {
    byte[] wasm = module(cases);
    Run interpreted = Run.of(Tier.INTERPRETER_ONLY, wasm);
    Run compiled = Run.of(Tier.COMPILED_EAGER, wasm);
    Random random = new Random(8);
    byte[] contents = new byte[PAGE];
    random.nextBytes(contents);
    interpreted.instance().memory("mem").write(0, contents);
    compiled.instance().memory("mem").write(0, contents);
    int traps = 0;
    for (int round = 0; round < rounds; round++) {
      for (Case c : cases) {
        long[] args = arguments(random, c, addresses);
        String expected = interpreted.call(c.name(), args);
        assertThat(compiled.call(c.name(), args))
            .as("%s%s", c.name(), Arrays.toString(args))
            .isEqualTo(expected);
        traps += expected.startsWith("trap") ? 1 : 0;
      }
    }
    assertThat(Arrays.mismatch(compiled.memory(), interpreted.memory()))
        .as("the first byte where the memories differ")
        .isEqualTo(-1);
    // Every function ran compiled: none was left to the interpreter.
    assertThat(compiled.module().refusedFunctions()).isZero();
    assertThat(compiled.module().compiledFunctions()).isEqualTo(cases.size());
    return traps;
  }

  @Test
  void cellOpsGiveTheInterpretersBits() {
    assertThat(compare(cellCases(), null, 300)).isZero();
  }

  @Test
  void memoryOpsInBoundsGiveTheInterpretersBitsAndMemory() {
    long[] addresses = new long[64];
    Random random = new Random(3);
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = i < 8 ? i : random.nextInt(PAGE - 32);
    }
    assertThat(compare(memoryCases(List.of(0, 7)), addresses, 40)).isZero();
  }

  /**
   * Accesses at the end of memory and past it, by the address, by the offset and by both (their sum
   * past 2^32): each traps as the interpreter does, with its code, or gives its value; a store that
   * traps writes nothing.
   */
  @Test
  void memoryOpsOutOfBoundsTrapAsInterpreted() {
    long[] addresses = {
      PAGE - 16,
      PAGE - 9,
      PAGE - 8,
      PAGE - 5,
      PAGE - 4,
      PAGE - 3,
      PAGE - 2,
      PAGE - 1,
      PAGE,
      PAGE + 1,
      0x7fff_ffffL,
      0x8000_0000L,
      0xffff_fff0L,
      0xffff_ffffL
    };
    int traps = compare(memoryCases(List.of(0, 1, 8, PAGE - 1, 0x7fff_fff0, -16)), addresses, 6);
    assertThat(traps).as("out-of-bounds traps").isGreaterThan(1000);
  }
}
