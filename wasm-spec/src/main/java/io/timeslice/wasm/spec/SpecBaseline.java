package io.timeslice.wasm.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked-in list of known spec failures ({@code spec-baseline.tsv} beside this class), which
 * the test suite enforces both ways and the CLI's {@code spec} reports apart from failures. A line
 * names one command ({@code file line type reason}), or, with {@code *N} as its line, says that
 * exactly N commands of that type in that file fail for the same reason (for many commands that
 * fail for one reason). A line {@code json:N} names a command that fails in the JSON conversion
 * only (wast2json's binary is wrong), not when the script runs.
 */
public final class SpecBaseline {
  /**
   * A known failure: why, for a {@code *N} line how many commands, and whether it is a failure of
   * wast2json's conversion only ({@code json:LINE}), which the {@code .wast} script does not have.
   */
  public record Entry(String reason, int count, boolean jsonOnly) {
    /** Whether the entry covers every failing command of a type in a file. */
    public boolean isWildcard() {
      return count >= 0;
    }
  }

  private SpecBaseline() {}

  /** The known-failure reason covering {@code r} ({@code file} is its JSON name), or null. */
  public static String knownFailure(Map<String, Entry> baseline, String file, CommandResult r) {
    Entry exact = baseline.get(r.id());
    if (exact != null) {
      return exact.reason();
    }
    Entry wildcard = baseline.get(wildcard(file, r.type()));
    // A wildcard covers failures only; the test suite's count check catches ones that pass.
    return wildcard != null && r.outcome() == CommandResult.Outcome.FAILED
        ? wildcard.reason()
        : null;
  }

  /** The key of every command of {@code type} in {@code file}, for {@code *N} lines. */
  public static String wildcard(String file, String type) {
    return file + ":* " + type;
  }

  /** The entries that hold for the {@code .wast} scripts: all but the JSON conversion's own. */
  public static Map<String, Entry> forScripts(Map<String, Entry> baseline) {
    Map<String, Entry> scripts = new LinkedHashMap<>(baseline);
    scripts.values().removeIf(Entry::jsonOnly);
    return scripts;
  }

  /** The baseline shipped with the engine. */
  public static Map<String, Entry> load() throws IOException {
    Map<String, Entry> known = new LinkedHashMap<>();
    try (InputStream in = SpecBaseline.class.getResourceAsStream("spec-baseline.tsv")) {
      if (in == null) {
        throw new IOException("spec-baseline.tsv is missing from the harness's resources");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> f = List.of(line.split("\t", 4));
        if (f.size() != 4 || f.get(3).isBlank()) {
          throw new IOException("a baseline line needs file, line, command and a reason: " + line);
        }
        if (f.get(1).startsWith("*")) {
          known.put(
              wildcard(f.get(0), f.get(2)),
              new Entry(f.get(3), Integer.parseInt(f.get(1).substring(1)), false));
        } else {
          boolean jsonOnly = f.get(1).startsWith("json:");
          String at = jsonOnly ? f.get(1).substring("json:".length()) : f.get(1);
          known.put(f.get(0) + ":" + at + " " + f.get(2), new Entry(f.get(3), -1, jsonOnly));
        }
      }
    }
    return known;
  }
}
