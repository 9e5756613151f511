package io.timeslice.wasm.spec;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Extern;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Global;
import io.timeslice.wasm.GlobalType;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Limits;
import io.timeslice.wasm.LinkException;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Memory;
import io.timeslice.wasm.MemoryType;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.ResumableCall;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.Table;
import io.timeslice.wasm.TableType;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.Values;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.spec.CommandResult.Outcome;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The execution commands of one spec file, run through the public embedding API: one {@link Store}
 * for the file, a {@link Linker} holding the {@code spectest} module and every registered instance,
 * the current and the named instances.
 */
final class SpecExecution {
  /** Command types this class runs, besides instantiating {@code module}s. */
  static final Set<String> TYPES =
      Set.of(
          "assert_return",
          "assert_trap",
          "assert_exhaustion",
          "assert_exception",
          "assert_unlinkable",
          "assert_uninstantiable",
          "action",
          "register",
          "assert_fuel",
          "assert_suspends");

  /** A slice size that means: run every call in one piece. */
  static final long UNSLICED = Long.MAX_VALUE;

  private final Engine engine;
  private final boolean metered;
  private final long slice;
  private final Store<Void> store;
  private final Linker<Void> linker;
  private final SpecValues values;
  private final Map<String, Instance> named = new HashMap<>();
  private Instance current;
  private String currentError = "no module yet";

  /**
   * Runs the commands on {@code engine}; when it meters fuel, calls run resumably in slices of
   * {@code slice} fuel (a grant covering at least what a suspended block needs) and start functions
   * in one piece.
   */
  SpecExecution(Engine engine, long slice) {
    this.engine = engine;
    this.metered = engine.config().consumeFuel();
    this.slice = slice;
    this.store = new Store<>(engine, null, StoreLimits.DEFAULT.withInstances(Integer.MAX_VALUE));
    unlimitedFuel();
    this.linker = new Linker<>(engine);
    this.values = new SpecValues(store);
    defineSpectest();
  }

  /** The {@code spectest} host module of the reference interpreter. */
  private void defineSpectest() {
    Map<String, List<ValType>> prints =
        Map.of(
            "print", List.of(),
            "print_i32", List.of(ValType.I32),
            "print_i64", List.of(ValType.I64),
            "print_f32", List.of(ValType.F32),
            "print_f64", List.of(ValType.F64),
            "print_i32_f32", List.of(ValType.I32, ValType.F32),
            "print_f64_f64", List.of(ValType.F64, ValType.F64));
    prints.forEach(
        (name, params) ->
            linker.func(
                "spectest", name, new FuncType(params, List.of()), (caller, args) -> new long[0]));
    define("global_i32", Global.create(store, new GlobalType(ValType.I32, false), 666));
    define("global_i64", Global.create(store, new GlobalType(ValType.I64, false), 666));
    define(
        "global_f32", Global.create(store, new GlobalType(ValType.F32, false), Values.f32(666.6f)));
    define(
        "global_f64", Global.create(store, new GlobalType(ValType.F64, false), Values.f64(666.6)));
    define("table", Table.create(store, new TableType(ValType.FUNCREF, new Limits(10, 20)), 0));
    define("memory", Memory.create(store, new MemoryType(new Limits(1, 2))));
    // The reference interpreter's spectest module has a shared memory too (threads).
    define("shared_memory", Memory.create(store, new MemoryType(new Limits(1, 2), false, true)));
  }

  /** Metered but unlimited: the charges run, and no spec command runs out. */
  private void unlimitedFuel() {
    if (metered) {
      store.setFuel(Long.MAX_VALUE);
    }
  }

  private long fuelConsumed() {
    return metered ? store.fuelConsumed() : 0;
  }

  private void define(String name, Extern extern) {
    linker.define("spectest", name, extern);
  }

  /** Instantiates the module of a {@code module} command. */
  CommandResult instantiate(
      String source, long line, ModuleFiles files, String filename, String name) {
    current = null;
    long before = fuelConsumed();
    String error = null;
    String observed = "";
    try {
      current =
          linker.instantiate(
              store, Module.compile(engine, files.binary(filename, engine.config())));
      if (name != null) {
        named.put(name, current);
      }
    } catch (Trap e) {
      observed = "trap: " + e.code().message();
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (WasmException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (IOException e) {
      error = "cannot read " + filename;
    }
    if (error != null) {
      currentError = error;
    }
    return new CommandResult(
        source,
        line,
        "module",
        error == null ? Outcome.PASSED : Outcome.FAILED,
        error == null ? "" : error,
        fuelConsumed() - before,
        observed);
  }

  /** Runs one execution command; {@code files} holds the file's modules. */
  CommandResult run(
      String file, long line, String type, Map<String, Object> command, ModuleFiles files) {
    return switch (type) {
      case "register" -> register(file, line, command);
      case "assert_unlinkable", "assert_uninstantiable" ->
          failedInstantiation(file, line, type, command, files);
      case "assert_fuel" -> fuel(file, line, command);
      case "assert_suspends" -> suspends(file, line, command);
      default -> action(file, line, type, command);
    };
  }

  /**
   * Timeslice's {@code assert_fuel}: the action consumes exactly the fuel given, whether it returns
   * or traps (sliced or not: fuel does not depend on slicing). Skipped when fuel is not metered.
   */
  private CommandResult fuel(String file, long line, Map<String, Object> command) {
    if (!metered) {
      return new CommandResult(file, line, "assert_fuel", Outcome.SKIPPED, "fuel is not metered");
    }
    CommandResult run = action(file, line, "action", command);
    long expected = ((Number) command.get("fuel")).longValue();
    String failure =
        run.fuel() == expected
            ? null
            : "consumed "
                + run.fuel()
                + " fuel, expected "
                + expected
                + " ("
                + run.observed()
                + ")";
    return observed(result(file, line, "assert_fuel", failure), run.fuel(), run.observed());
  }

  /**
   * Timeslice's {@code assert_suspends}: given only {@code grant} fuel, the call suspends having
   * consumed {@code consumed} and needing {@code required} for its next charge; resumed with
   * enough, it finishes with the expected results. Skipped when fuel is not metered.
   */
  private CommandResult suspends(String file, long line, Map<String, Object> command) {
    String type = "assert_suspends";
    if (!metered) {
      return new CommandResult(file, line, type, Outcome.SKIPPED, "fuel is not metered");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> action = (Map<String, Object>) command.get("action");
    Instance target = instance(action.get("module"));
    if (target == null) {
      return result(file, line, type, "module not instantiated: " + currentError);
    }
    long grant = ((Number) command.get("grant")).longValue();
    long consumed = ((Number) command.get("consumed")).longValue();
    long required = ((Number) command.get("required")).longValue();
    long before = fuelConsumed();
    try {
      store.setFuel(grant);
      ResumableCall call =
          target
              .func((String) action.get("field"))
              .callResumable(store, values.arguments(action.get("args")));
      if (!(call instanceof ResumableCall.OutOfFuel out)) {
        if (call instanceof ResumableCall.Suspended other) {
          other.abandon(store);
        }
        return result(file, line, type, "did not suspend with " + grant + " fuel: " + call);
      }
      long used = fuelConsumed() - before;
      if (used != consumed || out.requiredFuel() != required) {
        out.abandon(store);
        return result(
            file,
            line,
            type,
            "suspended having consumed "
                + used
                + " and needing "
                + out.requiredFuel()
                + ", expected "
                + consumed
                + " and "
                + required);
      }
      store.setFuel(Long.MAX_VALUE);
      ResumableCall resumed = out.resume(store);
      if (!(resumed instanceof ResumableCall.Finished finished)) {
        return result(
            file, line, type, "resumed with all the fuel it needs, it did not finish: " + resumed);
      }
      return result(file, line, type, values.compare(command.get("expected"), finished.results()));
    } catch (Trap trap) {
      return result(file, line, type, "trapped: " + trap.getMessage());
    } catch (WasmException | IllegalArgumentException | UnsupportedOperationException e) {
      return result(file, line, type, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      unlimitedFuel();
    }
  }

  private CommandResult register(String file, long line, Map<String, Object> command) {
    Instance target = instance(command.get("name"));
    if (target == null) {
      return result(file, line, "register", "no instance to register: " + currentError);
    }
    linker.instance((String) command.get("as"), target);
    return result(file, line, "register", null);
  }

  private CommandResult failedInstantiation(
      String file, long line, String type, Map<String, Object> command, ModuleFiles files) {
    String filename = (String) command.get("filename");
    String expected = (String) command.get("text");
    try {
      linker.instantiate(store, Module.compile(engine, files.binary(filename, engine.config())));
      return result(file, line, type, "instantiated, expected \"" + expected + "\"");
    } catch (LinkException e) {
      boolean ok = type.equals("assert_unlinkable") && e.getMessage().startsWith(expected);
      return result(file, line, type, ok ? null : "LinkException: " + e.getMessage());
    } catch (Trap e) {
      boolean ok = type.equals("assert_uninstantiable") && e.getMessage().startsWith(expected);
      return result(file, line, type, ok ? null : "Trap: " + e.getMessage());
    } catch (WasmException e) {
      return result(file, line, type, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (IOException e) {
      return result(file, line, type, "cannot read " + filename);
    }
  }

  private CommandResult action(String file, long line, String type, Map<String, Object> command) {
    @SuppressWarnings("unchecked")
    Map<String, Object> action = (Map<String, Object>) command.get("action");
    Instance target = instance(action.get("module"));
    if (target == null) {
      return result(file, line, type, "module not instantiated: " + currentError);
    }
    String field = (String) action.get("field");
    long[] results;
    List<ValType> types;
    long before = fuelConsumed();
    try {
      if ("get".equals(action.get("type"))) {
        Global global = target.global(field);
        types = List.of(global.type().type());
        results =
            global.type().type() == ValType.V128 ? global.getV128() : new long[] {global.get()};
      } else {
        Func f = target.func(field);
        types = f.type().results();
        results = call(f, values.arguments(action.get("args")));
      }
    } catch (Trap trap) {
      return observed(
          trapped(file, line, type, command, trap),
          fuelConsumed() - before,
          "trap: " + trap.code().message());
    } catch (WasmException | IllegalArgumentException | UnsupportedOperationException e) {
      return result(file, line, type, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      unlimitedFuel();
    }
    CommandResult checked =
        switch (type) {
          case "assert_return" -> result(file, line, type, expected(command, results));
          case "action" -> result(file, line, type, null);
          default -> result(file, line, type, "returned, expected \"" + command.get("text") + "\"");
        };
    return observed(checked, fuelConsumed() - before, describe(types, results));
  }

  /**
   * Null when {@code results} are the command's {@code expected} ones or, for a relaxed SIMD
   * command, one of its {@code either} alternatives (each one result); else what differs.
   */
  private String expected(Map<String, Object> command, long[] results) {
    if (!command.containsKey("either")) {
      return values.compare(command.get("expected"), results);
    }
    List<?> alternatives = (List<?>) command.get("either");
    String first = null;
    for (Object alternative : alternatives) {
      String problem = values.compare(List.of(alternative), results);
      if (problem == null) {
        return null;
      }
      first = first == null ? problem : first;
    }
    return "none of " + alternatives.size() + " alternatives: " + first;
  }

  /** Calls {@code f}, in slices when metered and sliced. */
  private long[] call(Func f, long[] args) {
    if (!metered || slice == UNSLICED) {
      return f.call(store, args);
    }
    store.setFuel(slice);
    ResumableCall call = f.callResumable(store, args);
    while (call instanceof ResumableCall.OutOfFuel out) {
      store.setFuel(Math.max(slice, out.requiredFuel()));
      call = out.resume(store);
    }
    if (call instanceof ResumableCall.Finished finished) {
      return finished.results();
    }
    // The spectest host functions never yield, and nothing interrupts the store.
    throw new IllegalStateException("unexpected suspension: " + call);
  }

  /**
   * The results' raw bits in hex, a v128 as its two cells. NaNs included: which NaN an operation
   * returns is nondeterministic in Wasm, but the engine writes every NaN an arithmetic operation
   * makes as the canonical NaN, so the bits are the same in every configuration.
   */
  private static String describe(List<ValType> types, long[] results) {
    StringBuilder b = new StringBuilder();
    int cell = 0;
    for (ValType t : types) {
      long r = results[cell];
      b.append(b.isEmpty() ? "" : " ").append(Long.toHexString(r));
      if (t == ValType.V128) {
        b.append(':').append(Long.toHexString(results[cell + 1]));
      }
      cell += t.cells();
    }
    return b.toString();
  }

  private static CommandResult observed(CommandResult r, long fuel, String observed) {
    return new CommandResult(r.file(), r.line(), r.type(), r.outcome(), r.detail(), fuel, observed);
  }

  private static CommandResult trapped(
      String file, long line, String type, Map<String, Object> command, Trap trap) {
    String expected = (String) command.get("text");
    boolean ok =
        switch (type) {
          // The reference interpreter may add a detail ("uninitialized element 2").
          case "assert_trap" ->
              trap.getMessage().startsWith(expected)
                  || expected.startsWith(trap.code().message() + " ");
          case "assert_exhaustion" -> trap.code() == TrapCode.CALL_STACK_EXHAUSTED;
          case "assert_exception" -> trap.code() == TrapCode.UNCAUGHT_EXCEPTION;
          default -> false;
        };
    return result(file, line, type, ok ? null : "trapped: " + trap.getMessage());
  }

  private Instance instance(Object name) {
    return name == null ? current : named.get((String) name);
  }

  private static CommandResult result(String file, long line, String type, String failure) {
    return failure == null
        ? new CommandResult(file, line, type, Outcome.PASSED, "")
        : new CommandResult(file, line, type, Outcome.FAILED, failure);
  }
}
