package io.timeslice.wasm.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The text fuzz target's invariant ({@link TextFuzzTest#check}) on a fixed-seed pass of mutations
 * of every module of the text corpus, in every build: deletions, duplications, truncations and
 * insertions of the tokens most likely to confuse a parser (parentheses, quotes, comments,
 * identifiers, literals at their limits, keywords out of place).
 */
class TextRobustnessTest {
  private static final int MUTATIONS_PER_MODULE = 60;

  private static final String[] TOKENS = {
    "(",
    ")",
    "((",
    "))",
    "\"",
    "\"\\",
    "\\u{",
    ";;",
    "(;",
    ";)",
    "$",
    "$x",
    "$l",
    "0x",
    "-0x8000_0000",
    "0x1p128",
    "nan:0x0",
    "nan:0x7fffff",
    "-inf",
    "1_",
    "__",
    "offset=",
    "align=3",
    "align=0",
    "offset=4294967296",
    " module ",
    " func ",
    " param ",
    " result ",
    " type ",
    " local ",
    " block ",
    " loop ",
    " if ",
    " then ",
    " else ",
    " end ",
    " br_table ",
    " select ",
    " call_indirect ",
    " v128.const i32x4 ",
    " i8x16.shuffle ",
    " ref.null ",
    " elem ",
    " data ",
    " memory ",
    " table ",
    " import ",
    " export ",
    " start ",
    " item ",
    " declare ",
    " (type 99) ",
    " (param $p i32) ",
    " try ",
    " do ",
    " catch ",
    " catch_all ",
    " delegate ",
    " tag ",
    " (tag $e) ",
    " rethrow ",
    " i64 ",
    " return_call_indirect ",
    "offset=18446744073709551616",
    " 4294967296 ",
    " 18446744073709551616 ",
    " \u00e9 ",
    "\u0000",
    "\n"
  };

  private static List<Path> corpus() throws IOException, URISyntaxException {
    Path root = Path.of(TextRobustnessTest.class.getResource("/text/corpus").toURI());
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> mutatedTextGivesAModuleOrAnError() throws Exception {
    List<Path> modules = corpus();
    assertThat(modules).hasSizeGreaterThan(100);
    return modules.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString(),
                    () -> {
                      String text = Files.readString(p);
                      Random random = new Random(p.getFileName().toString().hashCode());
                      for (int i = 0; i < MUTATIONS_PER_MODULE; i++) {
                        String mutated = mutate(text, random);
                        try {
                          TextFuzzTest.check(mutated.getBytes(StandardCharsets.UTF_8));
                        } catch (AssertionError e) {
                          throw new AssertionError(e.getMessage() + " on:\n" + mutated, e);
                        }
                      }
                    }));
  }

  private static String mutate(String s, Random r) {
    int n = s.length();
    int at = r.nextInt(n + 1);
    int len = Math.min(n - at, 1 + r.nextInt(12));
    return switch (r.nextInt(5)) {
      case 0 -> s.substring(0, at) + s.substring(at + len);
      case 1 -> s.substring(0, at) + s.substring(at, at + len) + s.substring(at);
      case 2 -> s.substring(0, at);
      default -> s.substring(0, at) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(at);
    };
  }
}
