package io.timeslice.wasm.internal.text;

import java.util.HashSet;
import java.util.Set;

/**
 * The keywords of the text format and of {@code .wast} scripts (Timeslice's fuel assertions
 * included): every instruction of {@link Instructions}, the structural words, and {@code offset=N}
 * / {@code align=N}. A keyword-shaped token outside this set is "unknown operator", as in the
 * specification's lexer.
 */
final class Keywords {
  private Keywords() {}

  private static final Set<String> WORDS = new HashSet<>();

  static {
    String structural =
        """
        module binary quote func param result local type import export table memory global mut
        elem data start offset item declare funcref externref func extern then else end i32 i64 f32
        f64 v128 i8x16 i16x8 i32x4 i64x2 f32x4 f64x2 shared tag do ref null exnref exn noexn catch_ref
        catch_all_ref rec sub final struct array field i8 i16 any eq i31 none nofunc noextern anyref eqref
        i31ref structref arrayref nullref nullfuncref nullexternref nullexnref
        register invoke get assert_return assert_trap assert_exhaustion assert_malformed
        assert_invalid assert_unlinkable assert_uninstantiable assert_return_canonical_nan
        assert_return_arithmetic_nan assert_exception ref.extern ref.host nan:canonical nan:arithmetic either script
        input output assert_fuel assert_suspends grant consumed required
        """;
    for (String w : structural.split("\\s+", -1)) {
      if (!w.isEmpty()) {
        WORDS.add(w);
      }
    }
    WORDS.addAll(Instructions.names());
  }

  static boolean isKeyword(String text) {
    if (WORDS.contains(text)) {
      return true;
    }
    if (text.startsWith("offset=")) {
      return Numbers.isNat(text.substring(7));
    }
    if (text.startsWith("align=")) {
      return Numbers.isNat(text.substring(6));
    }
    return false;
  }
}
