package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The two translator bugs of issue 28, each as the family of shapes it belongs to, in every
 * configuration (optimisations on and off, every compilation mode, fuel on and off, interpreted and
 * compiled). The expected values are computed here in Java from the specification, not taken from
 * another configuration, since one of the bugs was in every configuration.
 *
 * <ul>
 *   <li><b>identity-with-constant-on-the-left</b>: {@code 0 + t}, {@code 0 | t}, {@code 0 ^ t},
 *       {@code 1 * t}, {@code -1 & t} (and the constant on the right) for i32 and i64, where t is a
 *       temporary and a value is pushed right after: the identity dropped with its operands swapped
 *       left t in the slot the next push took.
 *   <li><b>local-get-preserved-on-one-path</b>: a {@code local.get} still on the operand stack when
 *       a control construct begins that writes the local on some path: if/else (then arm, else arm,
 *       both, nested), block with {@code br_if} out before the write, loop, {@code br_table}. The
 *       copy that preserves the old value ran on the writing path only.
 * </ul>
 *
 * <p>Checked to fail without each fix (2026-12-03, the fix removed from {@code Translator} in a
 * scratch tree): without the copy of local references at block entry, 312 of the 792 tests fail —
 * all 13 pending-local shapes, in all 24 configurations; without the move of {@code 0 + t}'s
 * temporary to its own slot, 120 fail — the 10 constant-on-the-left identities, in the 12
 * configurations with optimisations on.
 */
class TranslatorRegressionTest {
  private static final long[] ARGS = {0, 1, 3, -1, 0x7fff_ffffL, Long.MIN_VALUE, 123_456_789_012L};

  private record Case(String name, String wat, LongBinaryOperator expected, boolean wide) {}

  private static List<Config> configs() {
    List<Config> configs = new ArrayList<>();
    for (Tier tier : List.of(Tier.INTERPRETER_ONLY, Tier.COMPILED_EAGER)) {
      for (CompilationMode mode : CompilationMode.values()) {
        for (boolean optimize : List.of(true, false)) {
          for (boolean fuel : List.of(false, true)) {
            configs.add(
                Config.builder()
                    .tier(tier)
                    .compilationMode(mode)
                    .optimizations(optimize)
                    .consumeFuel(fuel)
                    .build());
          }
        }
      }
    }
    return configs;
  }

  private static List<Case> identities() {
    List<Case> cases = new ArrayList<>();
    String[][] identities = {{"add", "0"}, {"or", "0"}, {"xor", "0"}, {"mul", "1"}, {"and", "-1"}};
    for (String t : List.of("i32", "i64")) {
      boolean wide = t.equals("i64");
      for (String[] id : identities) {
        for (boolean left : List.of(true, false)) {
          String temp = "(%1$s.xor (local.get 0) (local.get 1))".formatted(t);
          String constant = "(%s.const %s)".formatted(t, id[1]);
          String identity =
              left
                  ? "(%s.%s %s %s)".formatted(t, id[0], constant, temp)
                  : "(%s.%s %s %s)".formatted(t, id[0], temp, constant);
          String wat =
              """
              (module (func (export "f") (param %1$s %1$s) (result %1$s)
                (%1$s.xor %2$s (%1$s.add (local.get 0) (%1$s.const 7)))))
              """
                  .formatted(t, identity);
          cases.add(
              new Case(
                  "identity-with-constant-on-the-%s %s.%s %s"
                      .formatted(left ? "left" : "right", t, id[0], id[1]),
                  wat,
                  (x, y) -> (x ^ y) ^ (x + 7),
                  wide));
        }
      }
    }
    return cases;
  }

  /** Pending {@code local.get 1} (its old value y), then a construct that may write local 1. */
  private static List<Case> pendingLocals() {
    List<Case> cases = new ArrayList<>();
    for (String write : List.of("local.tee", "local.set")) {
      String w = // writes 5 to local 1 and leaves 5
          write.equals("local.tee")
              ? "(local.tee 1 (i32.const 5))"
              : "(local.set 1 (i32.const 5)) (local.get 1)";
      pending(
          cases,
          write + " in the then arm",
          "(if (result i32) (local.get 0) (then %s) (else (i32.const 6)))".formatted(w),
          (x, y) -> x != 0 ? 5 : 6);
      pending(
          cases,
          write + " in the else arm",
          "(if (result i32) (local.get 0) (then (i32.const 6)) (else %s))".formatted(w),
          (x, y) -> x != 0 ? 6 : 5);
      pending(
          cases,
          write + " in both arms",
          "(if (result i32) (local.get 0) (then %s) (else (local.tee 1 (i32.const 8))))"
              .formatted(w),
          (x, y) -> x != 0 ? 5 : 8);
      pending(
          cases,
          write + " in a nested if",
          "(if (result i32) (local.get 0) (then (if (result i32) (i32.and (local.get 0) (i32.const 2)) (then %s) (else (i32.const 6)))) (else (i32.const 7)))"
              .formatted(w),
          (x, y) -> x != 0 ? ((x & 2) != 0 ? 5 : 6) : 7);
      pending(
          cases,
          write + " in a block after a br_if out",
          "(block (result i32) (br_if 0 (i32.const 9) (local.get 0)) (drop) %s)".formatted(w),
          (x, y) -> x != 0 ? 9 : 5);
      // br_table to two arms that write (5 or 8) or straight out: the old value in every case.
      pending(
          cases,
          write + " in br_table arms",
          ("(block (block (block (br_table 0 1 2 (i32.and (local.get 0) (i32.const 3))))"
                  + " (drop %s) (br 1)) (local.set 1 (i32.const 8))) (i32.const 0)")
              .formatted(w),
          (x, y) -> 0);
    }
    // A loop that counts local 1 up three times (local 2 counts the iterations): the pending
    // value is the one before the loop.
    pending(
        cases,
        "local.set in a loop",
        "(loop (result i32) (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
            + " (local.set 2 (i32.add (local.get 2) (i32.const 1)))"
            + " (br_if 0 (i32.lt_u (local.get 2) (i32.const 3))) (i32.const 0))",
        (x, y) -> 0);
    return cases;
  }

  private static void pending(
      List<Case> cases, String name, String construct, LongBinaryOperator result) {
    String wat =
        """
        (module (func (export "f") (param i32 i32) (result i32) (local i32)
          (drop (i32.add (local.get 0) (i32.const 100)))
          (i32.add (local.get 1) %s)))
        """
            .formatted(construct);
    cases.add(
        new Case(
            "local-get-preserved-on-one-path, " + name,
            wat,
            (x, y) -> (int) y + (int) result.applyAsLong((int) x, (int) y),
            false));
  }

  @TestFactory
  Stream<DynamicContainer> everyShapeInEveryConfiguration() {
    List<Case> cases = new ArrayList<>(identities());
    cases.addAll(pendingLocals());
    assertThat(cases).hasSizeGreaterThan(30);
    return cases.stream()
        .map(
            c ->
                DynamicContainer.dynamicContainer(
                    c.name(),
                    configs().stream()
                        .map(
                            config ->
                                DynamicTest.dynamicTest(
                                    config.toString(), () -> check(c, config)))));
  }

  private static void check(Case c, Config config) {
    Engine engine = new Engine(config);
    Store<Void> store = new Store<>(engine, null);
    Func f =
        new Linker<Void>(engine)
            .instantiate(store, Module.compile(engine, Wat.toBinary(c.wat())))
            .func("f");
    for (long x : ARGS) {
      for (long y : ARGS) {
        if (config.consumeFuel()) {
          store.setFuel(1_000_000);
        }
        long result = f.call(store, x, y)[0];
        long expected = c.expected().applyAsLong(c.wide() ? x : (int) x, c.wide() ? y : (int) y);
        if (c.wide()) {
          assertThat(result).as("%s f(%d, %d)", c.name(), x, y).isEqualTo(expected);
        } else {
          assertThat((int) result).as("%s f(%d, %d)", c.name(), x, y).isEqualTo((int) expected);
        }
      }
    }
  }
}
