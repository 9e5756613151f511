package io.timeslice.wasm.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A differential run over a range of seeds: generates each seed's module, checks it ({@link
 * Differential}), prints what was compared, and writes every mismatch's module and description to
 * {@code target/fuzz-findings}. {@link #main} runs one outside Maven (docs/fuzzing.md).
 */
final class FuzzCampaign {
  private final List<Oracle> others;

  FuzzCampaign(List<Oracle> others) {
    this.others = others;
  }

  /** Makes the module of a seed. */
  interface Generator {
    byte[] generate(long seed) throws Exception;
  }

  /** Checks seeds {@code first..first+count-1}; returns the seeds with mismatches, and those. */
  Map<Long, List<Differential.Mismatch>> run(
      String name, Generator generator, long first, int count) throws Exception {
    Differential differential = new Differential(TimesliceOracle.configurations(), others);
    Map<Long, List<Differential.Mismatch>> mismatches = new TreeMap<>();
    long start = System.nanoTime();
    for (long seed = first; seed < first + count; seed++) {
      byte[] wasm = generator.generate(seed);
      int defects = differential.chicoryDefects().size();
      int rejections = differential.chicoryRejections().size();
      List<Differential.Mismatch> found = differential.check(wasm, seed);
      if (!found.isEmpty()) {
        save(name + "-seed-" + seed, found);
        mismatches.put(seed, found);
      }
      // The other engine's own behaviour, kept for triage (docs/fuzzing.md): named by seed, which
      // also gives the call plan's arguments to Replay and ChicoryDifference.
      List<Differential.Mismatch> theirs = differential.chicoryDefects();
      if (theirs.size() > defects) {
        save("chicory-differs-" + name + "-seed-" + seed, theirs.subList(defects, theirs.size()));
      }
      if (differential.chicoryRejections().size() > rejections) {
        save(
            "chicory-rejects-" + name + "-seed-" + seed,
            differential.chicoryRejections().subList(rejections, rejections + 1));
      }
    }
    System.out.printf(
        "differential fuzzing, %s, seeds %d..%d, %.1f s: %s",
        name, first, first + count - 1, (System.nanoTime() - start) / 1e9, differential.summary());
    return mismatches;
  }

  private static void save(String name, List<Differential.Mismatch> found) throws Exception {
    Path findings = Path.of("target", "fuzz-findings");
    Files.createDirectories(findings);
    Files.write(findings.resolve(name + ".wasm"), found.getFirst().wasm());
    StringBuilder text = new StringBuilder();
    found.forEach(m -> text.append(m).append('\n'));
    Files.writeString(findings.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
  }

  static final Generator OWN =
      seed -> new ModuleGenerator(Entropy.seeded(seed, 1 << 16)).generate();

  /** {@code FuzzCampaign own|binaryen FIRST_SEED COUNT}: a long run; exits 1 on a mismatch. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("fuzz");
    Map<Long, List<Differential.Mismatch>> found;
    try (OtherEngines others = OtherEngines.start(dir, "FuzzCampaign")) {
      Generator generator = args[0].equals("own") ? OWN : new Binaryen(dir)::generate;
      found =
          new FuzzCampaign(others.list())
              .run(args[0], generator, Long.parseLong(args[1]), Integer.parseInt(args[2]));
    }
    System.exit(found.isEmpty() ? 0 : 1);
  }
}
