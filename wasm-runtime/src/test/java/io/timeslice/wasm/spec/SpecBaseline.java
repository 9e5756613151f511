package io.timeslice.wasm.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checked-in list of known spec failures: command id ({@code file:line type}) to reason. */
final class SpecBaseline {
  private SpecBaseline() {}

  static Map<String, String> load() throws IOException {
    Map<String, String> known = new LinkedHashMap<>();
    try (InputStream in = SpecBaseline.class.getResourceAsStream("/spec-baseline.tsv")) {
      if (in == null) {
        throw new IOException("spec-baseline.tsv is missing from the test resources");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> f = List.of(line.split("\t", 4));
        if (f.size() != 4 || f.get(3).isBlank()) {
          throw new IOException("a baseline line needs file, line, command and a reason: " + line);
        }
        known.put(f.get(0) + ":" + f.get(1) + " " + f.get(2), f.get(3));
      }
    }
    return known;
  }
}
