package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.fuzz.Call.Status;
import io.timeslice.wasm.fuzz.Call.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a module's exports in every configuration of Timeslice and in the other engines, and
 * compares each call with the reference configuration's (the first): the host-call log, how it
 * ended (results, or the trap's kind — never its message), and the memory after it. Our own
 * configurations must agree bit for bit, NaN payloads included, and on the fuel of every call when
 * both meter it; the other engines may return any NaN where Wasm allows any (docs/fuzzing.md). Once
 * a call is inconclusive (stack exhausted, out of the fuel budget) the rest of the module says
 * nothing: the engines' limits differ by design.
 */
final class Differential {
  private static final Engine PLANNER = new Engine();

  private final List<TimesliceOracle> ours;
  private final List<Oracle> others;
  private final Map<String, Long> compared = new TreeMap<>();
  private long modules;
  private long calls;
  private long inconclusive;
  private long nanDifferences;
  private final List<Mismatch> chicoryRejections = new ArrayList<>();
  private final List<Mismatch> chicoryDefects = new ArrayList<>();
  private final Map<String, Long> outcomes = new TreeMap<>();

  /** A difference, with the module that shows it. */
  record Mismatch(String oracle, String description, byte[] wasm) {
    @Override
    public String toString() {
      return oracle + ": " + description;
    }
  }

  Differential(List<TimesliceOracle> ours, List<Oracle> others) {
    this.ours = ours;
    this.others = others;
  }

  /** Checks one module; the plan's arguments come from {@code seed}. */
  List<Mismatch> check(byte[] wasm, long seed) {
    List<Mismatch> found = new ArrayList<>();
    List<Invocation> plan;
    try {
      plan = Invocation.plan(Module.compile(PLANNER, wasm).exports(), seed);
    } catch (WasmException e) {
      found.add(new Mismatch("Timeslice", "rejects a generated module: " + e.getMessage(), wasm));
      return found;
    }
    modules++;
    TimesliceOracle reference = ours.getFirst();
    List<Call> expected = reference.run(wasm, plan);
    calls += expected.size();
    for (Call c : expected) {
      outcomes.merge(c.status() + (c.detail().isEmpty() ? "" : " " + c.detail()), 1L, Long::sum);
    }
    crashes(reference.name(), expected, wasm, found);
    // Where the reference ran out of its fuel budget, unmetered engines would run on: stop there.
    int cut = plan.size();
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).status() == Status.OUT_OF_FUEL) {
        cut = i;
        break;
      }
    }
    List<Invocation> unmetered = plan.subList(0, cut);
    for (TimesliceOracle config : ours.subList(1, ours.size())) {
      boolean metered = config.config().consumeFuel();
      List<Call> actual = config.run(wasm, metered ? plan : unmetered);
      crashes(config.name(), actual, wasm, found);
      compare(config.name(), expected, actual, true, wasm, found);
    }
    List<Mismatch> chicory = new ArrayList<>();
    boolean v8Agrees = false;
    for (Oracle other : others) {
      List<Call> actual = other.run(wasm, unmetered);
      if (actual.getFirst().status() == Status.REJECTED && other instanceof ChicoryOracle) {
        // Chicory's validator rejects some valid modules that V8 and wabt accept (docs/fuzzing.md).
        chicoryRejections.add(
            new Mismatch("Chicory", "rejects a valid module: " + actual.getFirst().detail(), wasm));
        continue;
      }
      List<Mismatch> theirs = new ArrayList<>();
      crashes(other.name(), actual, wasm, theirs);
      compare(other.name(), expected, actual, false, wasm, theirs);
      if (other instanceof ChicoryOracle) {
        chicory.addAll(theirs);
      } else {
        v8Agrees = theirs.isEmpty();
        found.addAll(theirs);
      }
    }
    // Two engines against one: where V8 agrees with us, a Chicory difference is Chicory's defect
    // (each kind found is explained in docs/fuzzing.md).
    if (v8Agrees && !chicory.isEmpty()) {
      chicoryDefects.addAll(chicory);
    } else {
      found.addAll(chicory);
    }
    return found;
  }

  private static void crashes(String oracle, List<Call> calls, byte[] wasm, List<Mismatch> found) {
    for (Call c : calls) {
      if (c.status() == Status.CRASHED) {
        found.add(new Mismatch(oracle, "crashed: " + c, wasm));
      }
    }
  }

  private void compare(
      String oracle,
      List<Call> expected,
      List<Call> actual,
      boolean exact,
      byte[] wasm,
      List<Mismatch> found) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      Call e = expected.get(i);
      Call a = actual.get(i);
      boolean metered = e.fuel() >= 0 && a.fuel() >= 0;
      if (e.status().inconclusive() || a.status().inconclusive()) {
        // Our configurations share their limits: metered ones must stop at the same point.
        if (exact && metered && (e.status() != a.status() || e.fuel() != a.fuel())) {
          found.add(new Mismatch(oracle, "call " + i + ": expected " + e + ", got " + a, wasm));
        }
        inconclusive++;
        return;
      }
      String difference = difference(e, a, exact, metered);
      if (difference != null) {
        found.add(
            new Mismatch(
                oracle,
                "call "
                    + i
                    + " ("
                    + e.export()
                    + "): "
                    + difference
                    + "\n  expected "
                    + e
                    + "\n  got      "
                    + a,
                wasm));
        return; // the state has diverged: later calls would only repeat it
      }
      compared.merge(oracle, 1L, Long::sum);
    }
  }

  private String difference(Call e, Call a, boolean exact, boolean metered) {
    if (!e.export().equals(a.export())) {
      return "a different call";
    }
    boolean instantiation = e.export().startsWith("<");
    if (e.status() != a.status()) {
      return "ended differently";
    }
    if (e.status() == Status.TRAPPED || instantiation) {
      if (!sameTrap(e.detail(), a.detail())) {
        return "trapped differently";
      }
    }
    if (!sameValues(e.results(), a.results(), exact)) {
      return "different results";
    }
    if (!sameValues(e.log(), a.log(), exact)) {
      return "different host calls";
    }
    if (e.memory() != a.memory()) {
      return "different memory";
    }
    if (metered && e.fuel() != a.fuel()) {
      return "different fuel";
    }
    return null;
  }

  private static boolean sameTrap(String ours, String theirs) {
    if (ours.equals(theirs)) {
      return true;
    }
    if (theirs.startsWith("v8:")) {
      Set<TrapCode> covered = NodeOracle.TRAPS.get(theirs.substring(3));
      return covered != null && covered.contains(TrapCode.valueOf(ours));
    }
    return false;
  }

  private boolean sameValues(List<Value> e, List<Value> a, boolean exact) {
    if (e.size() != a.size()) {
      return false;
    }
    for (int i = 0; i < e.size(); i++) {
      Value x = e.get(i);
      Value y = a.get(i);
      if (x.equals(y)) {
        continue;
      }
      // Which NaN an operation returns is nondeterministic in Wasm; not across our own builds.
      if (!exact && x.type() == y.type() && x.isNan() && y.isNan()) {
        nanDifferences++;
        continue;
      }
      return false;
    }
    return true;
  }

  /** What was run and compared so far, for the test's log and docs/fuzzing.md. */
  String summary() {
    StringBuilder s = new StringBuilder();
    s.append(modules).append(" modules, ").append(calls).append(" export calls (reference)");
    s.append(", ").append(inconclusive).append(" inconclusive comparisons");
    s.append(", ").append(nanDifferences).append(" NaN payload differences (other engines)");
    s.append(", ").append(chicoryRejections.size()).append(" valid modules Chicory rejects");
    s.append(", ")
        .append(chicoryDefects.size())
        .append(" Chicory differences where V8 agrees with us\n");
    chicoryDefects.forEach(
        m ->
            s.append("  Chicory: ")
                .append(m.description().lines().findFirst().orElse(""))
                .append('\n'));
    compared.forEach(
        (k, v) -> s.append("  ").append(v).append(" calls compared: ").append(k).append('\n'));
    s.append("  reference outcomes: ").append(outcomes).append('\n');
    return s.toString();
  }

  /** The calls compared with the engine {@code oracle}. */
  long compared(String oracle) {
    return compared.getOrDefault(oracle, 0L);
  }

  /** Valid modules Chicory's validator rejects: for triage, not failures. */
  List<Mismatch> chicoryRejections() {
    return chicoryRejections;
  }

  /** Differences only Chicory shows, V8 agreeing with us: for triage, not failures. */
  List<Mismatch> chicoryDefects() {
    return chicoryDefects;
  }

  long modules() {
    return modules;
  }
}
