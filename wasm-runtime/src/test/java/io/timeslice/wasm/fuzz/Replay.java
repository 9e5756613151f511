package io.timeslice.wasm.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Triage of a finding: {@code Replay FILE.wasm [SEED]} prints the call plan and every engine's
 * outcome of every call, then the differences the differential check finds (docs/fuzzing.md).
 */
public final class Replay {
  private Replay() {}

  public static void main(String[] args) throws Exception {
    byte[] wasm = Files.readAllBytes(Path.of(args[0]));
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
    List<Invocation> plan =
        Invocation.plan(
            io.timeslice.wasm.Module.compile(new io.timeslice.wasm.Engine(), wasm).exports(), seed);
    for (Invocation i : plan) {
      StringBuilder a = new StringBuilder();
      for (long v : i.args()) {
        a.append(" 0x").append(Long.toHexString(v));
      }
      System.out.println("plan: " + i.export() + a);
    }
    try (OtherEngines others = OtherEngines.start(Files.createTempDirectory("replay"), "Replay")) {
      List<Oracle> oracles = new ArrayList<>(TimesliceOracle.configurations());
      oracles.addAll(others.list());
      for (Oracle o : oracles) {
        System.out.println("== " + o.name());
        for (Call c : o.run(wasm, plan)) {
          System.out.println("  " + c);
        }
      }
      System.out.println("== differences");
      new Differential(TimesliceOracle.configurations(), others.list())
          .check(wasm, seed)
          .forEach(System.out::println);
    }
  }
}
