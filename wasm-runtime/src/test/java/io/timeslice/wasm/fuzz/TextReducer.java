package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.internal.text.WatParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Minimises a finding written as text, one instruction per line (as {@code wasm2wat} prints it), in
 * this JVM: each candidate is assembled by the engine's own text parser and checked by {@link
 * ChicoryDifference} without starting a process, so the thousands of candidates a module of a few
 * thousand lines takes run in minutes (docs/fuzzing.md). Passes, repeated until none removes
 * anything: runs of lines (halving their length), module fields, blocks and loops unwrapped (the
 * opening line and its {@code end}), whole blocks, balanced instruction ranges, the rest of a block
 * from each instruction on, and single words of an instruction's line (a {@code br_table} target,
 * an alignment, a block type).
 *
 * <pre>
 * TextReducer rejects IN.wat OUT.wat
 * TextReducer differs IN.wat OUT.wat SEED
 * </pre>
 */
public final class TextReducer {
  private static final Pattern OPENS = Pattern.compile("^\\s*(block|loop|if|try_table)\\b.*");
  private static final Pattern PLAIN_OPENER = Pattern.compile("^\\s*(block|loop)( \\$\\S+)?\\s*$");
  private static final Pattern ENDS = Pattern.compile("^\\s*end\\b.*");
  private static final Pattern ELSE = Pattern.compile("^\\s*else\\b.*");

  private final Predicate<byte[]> still;
  private int checks;

  TextReducer(Predicate<byte[]> still) {
    this.still = still;
  }

  public static void main(String[] args) throws Exception {
    Predicate<byte[]> still =
        switch (args[0]) {
          case "rejects" -> ChicoryDifference::rejects;
          case "differs" -> wasm -> ChicoryDifference.differs(wasm, Long.parseLong(args[3]));
          default -> throw new IllegalArgumentException("rejects or differs, not " + args[0]);
        };
    List<String> lines = Files.readAllLines(Path.of(args[1]));
    TextReducer reducer = new TextReducer(still);
    if (!reducer.holds(lines)) {
      throw new IllegalStateException(args[1] + " does not show the behaviour");
    }
    List<String> reduced = reducer.reduce(lines, Path.of(args[2]));
    System.out.printf(
        "%d lines left of %d, after %d checks%n", reduced.size(), lines.size(), reducer.checks);
  }

  /** The smallest text found; written to {@code out} after every pass that removed something. */
  List<String> reduce(List<String> lines, Path out) throws java.io.IOException {
    List<String> best = lines;
    boolean removed = true;
    while (removed) {
      int before = best.size();
      best = dropRuns(best);
      best = dropFields(best);
      best = unwrapBlocks(best);
      best = dropBlocks(best);
      best = dropTails(best);
      best = dropBalancedRanges(best);
      int tokens = tokens(best);
      best = dropTokens(best);
      removed = best.size() < before || tokens(best) < tokens;
      Files.write(out, best);
    }
    return best;
  }

  /** Delta debugging over lines: removes runs of {@code chunk} lines, halving it down to one. */
  private List<String> dropRuns(List<String> lines) {
    List<String> best = lines;
    for (int chunk = Math.max(1, best.size() / 2); chunk >= 1; chunk /= 2) {
      for (int from = 0; from < best.size(); ) {
        List<String> candidate = without(best, from, Math.min(best.size(), from + chunk));
        if (holds(candidate)) {
          best = candidate;
        } else {
          from += chunk;
        }
      }
    }
    return best;
  }

  /** Removes whole blocks, loops and ifs, or replaces one by {@code unreachable}. */
  private List<String> dropBlocks(List<String> lines) {
    List<String> best = lines;
    for (int i = 0; i < best.size(); i++) {
      if (OPENS.matcher(best.get(i)).matches()) {
        int end = matchingEnd(best, i);
        if (end >= 0) {
          best = dropOrReplace(best, i, end + 1);
        }
      }
    }
    return best;
  }

  /** Removes each instruction with all that follows it in its block, or replaces them. */
  private List<String> dropTails(List<String> lines) {
    List<String> best = lines;
    for (int from = 0; from < best.size(); from++) {
      int to = tailEnd(best, from);
      if (to > from) {
        best = dropOrReplace(best, from, to);
      }
    }
    return best;
  }

  /** Where the block holding line {@code from} ends: its {@code end} or {@code else} line. */
  private static int tailEnd(List<String> lines, int from) {
    int depth = 0;
    for (int k = from; k < lines.size(); k++) {
      String line = lines.get(k);
      String trimmed = line.strip();
      if (trimmed.startsWith("(") || trimmed.endsWith(")")) {
        return depth == 0 ? k : -1;
      }
      if (OPENS.matcher(line).matches()) {
        depth++;
      } else if (ENDS.matcher(line).matches() || ELSE.matcher(line).matches()) {
        if (depth == 0) {
          return k;
        }
        if (ENDS.matcher(line).matches()) {
          depth--;
        }
      }
    }
    return -1;
  }

  /**
   * {@code lines} without [from, to) if that holds, else with {@code unreachable}, whose result
   * type is whatever follows it, in its place if that holds, else {@code lines}.
   */
  private List<String> dropOrReplace(List<String> lines, int from, int to) {
    List<String> candidate = without(lines, from, to);
    if (holds(candidate)) {
      return candidate;
    }
    if (to - from > 1) {
      candidate.add(from, indent(lines.get(from)) + "unreachable");
      if (holds(candidate)) {
        return candidate;
      }
    }
    return lines;
  }

  /** Removes module fields (a function, a type, an export), each from its line to its last. */
  private List<String> dropFields(List<String> lines) {
    List<String> best = lines;
    for (int i = 1; i < best.size(); i++) {
      if (!best.get(i).strip().startsWith("(")) {
        continue;
      }
      int depth = 0;
      for (int k = i; k < best.size(); k++) {
        for (char ch : best.get(k).toCharArray()) {
          depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
        }
        if (depth <= 0) {
          if (depth == 0) {
            List<String> candidate = without(best, i, k + 1);
            if (holds(candidate)) {
              best = candidate;
              i--;
            }
          }
          break;
        }
      }
    }
    return best;
  }

  /** Replaces a block or loop by its body: its opening line and its {@code end} go. */
  private List<String> unwrapBlocks(List<String> lines) {
    List<String> best = lines;
    for (int i = 0; i < best.size(); i++) {
      if (!PLAIN_OPENER.matcher(best.get(i)).matches()) {
        continue;
      }
      int end = matchingEnd(best, i);
      if (end < 0) {
        continue;
      }
      List<String> candidate = new ArrayList<>(best.subList(0, i));
      candidate.addAll(best.subList(i + 1, end));
      candidate.addAll(best.subList(end + 1, best.size()));
      if (holds(candidate)) {
        best = candidate;
        i--;
      }
    }
    return best;
  }

  /**
   * Removes ranges of instructions that open and close the same blocks, longest first, or replaces
   * one by {@code unreachable}.
   */
  private List<String> dropBalancedRanges(List<String> lines) {
    List<String> best = lines;
    for (int size : new int[] {256, 64, 16, 4, 2, 1}) {
      for (int from = 0; from + size <= best.size(); from++) {
        if (balanced(best, from, from + size)) {
          best = dropOrReplace(best, from, from + size);
        }
      }
    }
    return best;
  }

  private static String indent(String line) {
    return line.substring(0, line.length() - line.stripLeading().length());
  }

  /** Removes single words after the first of an instruction's line, last first. */
  private List<String> dropTokens(List<String> lines) {
    List<String> best = lines;
    for (int i = 0; i < best.size(); i++) {
      String line = best.get(i);
      if (line.strip().startsWith("(")) {
        continue;
      }
      String indent = indent(line);
      List<String> words = new ArrayList<>(List.of(line.strip().split(" +")));
      for (int w = words.size() - 1; w >= 1; w--) {
        List<String> fewer = new ArrayList<>(words);
        fewer.remove(w);
        List<String> candidate = new ArrayList<>(best);
        candidate.set(i, indent + String.join(" ", fewer));
        if (holds(candidate)) {
          best = candidate;
          words = fewer;
        }
      }
    }
    return best;
  }

  private static int tokens(List<String> lines) {
    int n = 0;
    for (String line : lines) {
      n += line.strip().split(" +").length;
    }
    return n;
  }

  private static int matchingEnd(List<String> lines, int opener) {
    int depth = 0;
    for (int k = opener; k < lines.size(); k++) {
      if (OPENS.matcher(lines.get(k)).matches()) {
        depth++;
      } else if (ENDS.matcher(lines.get(k)).matches() && --depth == 0) {
        return k;
      }
    }
    return -1;
  }

  /** Whether lines [from, to) are whole instructions whose blocks all close within the range. */
  private static boolean balanced(List<String> lines, int from, int to) {
    int depth = 0;
    for (String line : lines.subList(from, to)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("(") || trimmed.endsWith(")")) {
        return false;
      }
      if (OPENS.matcher(line).matches()) {
        depth++;
      } else if (ENDS.matcher(line).matches()) {
        if (--depth < 0) {
          return false;
        }
      } else if (ELSE.matcher(line).matches() && depth == 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static List<String> without(List<String> lines, int from, int to) {
    List<String> out = new ArrayList<>(lines.size() - (to - from));
    out.addAll(lines.subList(0, from));
    out.addAll(lines.subList(to, lines.size()));
    return out;
  }

  private boolean holds(List<String> lines) {
    checks++;
    byte[] wasm;
    try {
      wasm = WatParser.toBinary(String.join("\n", lines));
    } catch (RuntimeException notText) {
      return false;
    }
    try {
      return still.test(wasm);
    } catch (RuntimeException engine) {
      return false;
    }
  }
}
