package io.timeslice.wasm.spec;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.MalformedModuleException;
import io.timeslice.wasm.MalformedTextException;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.internal.text.WastScript;
import io.timeslice.wasm.internal.text.WatParser;
import io.timeslice.wasm.spec.CommandResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the commands of a spec testsuite file against the engine: a JSON file as converted by {@code
 * wast2json}, or the {@code .wast} script itself, parsed into the same commands. It runs {@code
 * module} (decode and validate), {@code assert_malformed} (a binary module must not decode, a text
 * module must not parse) and {@code assert_invalid}, and with {@link SpecExecution} the execution
 * commands.
 */
public final class SpecRunner {
  /** The command types this runner can run. */
  public static final Set<String> SUPPORTED =
      Set.of("module", "assert_malformed", "assert_invalid");

  /** Every command type the runner can select, {@link #SUPPORTED} plus the execution commands. */
  public static final Set<String> ALL = union(SUPPORTED, SpecExecution.TYPES);

  /**
   * Messages the reference interpreter uses for one condition — running past the end of the input —
   * depending on where it happens; any of them matches any other.
   */
  private static final Set<String> END_OF_INPUT =
      Set.of("unexpected end", "unexpected end of section or function", "length out of bounds");

  private final Engine engine;
  private final Set<String> selected;
  private final long fuelSlice;

  /** A runner of the {@code selected} command types, a subset of {@link #ALL}. */
  public SpecRunner(Engine engine, Set<String> selected) {
    this(engine, selected, SpecExecution.UNSLICED);
  }

  /**
   * A runner of the {@code selected} command types that, when {@code engine} meters fuel, runs
   * every invoked function as a resumable call in slices of {@code fuelSlice} fuel ({@link
   * Long#MAX_VALUE}: in one piece).
   */
  public SpecRunner(Engine engine, Set<String> selected, long fuelSlice) {
    if (!ALL.containsAll(selected)) {
      throw new IllegalArgumentException("supported command types: " + ALL);
    }
    if (fuelSlice <= 0) {
      throw new IllegalArgumentException("the fuel slice must be positive: " + fuelSlice);
    }
    this.engine = engine;
    this.selected = Set.copyOf(selected);
    this.fuelSlice = fuelSlice;
  }

  /**
   * The result of every selected command of a spec file, in order: a JSON file converted by {@code
   * wast2json} (its modules beside it), or a {@code .wast} script, which runs as wast2json would
   * convert it.
   */
  public List<CommandResult> run(Path file) throws IOException {
    return run(Script.load(file, engine.config()));
  }

  /**
   * The same, with some modules given as binaries made elsewhere ({@code binaries}: by the line of
   * the command that instantiates the module: {@code module}, {@code assert_unlinkable} or {@code
   * assert_uninstantiable}), so that a script checks another encoder's modules.
   */
  public List<CommandResult> run(Path file, Map<Long, byte[]> binaries) throws IOException {
    return run(Script.load(file, engine.config()).withBinaries(binaries));
  }

  private List<CommandResult> run(Script script) {
    List<CommandResult> results = new ArrayList<>();
    boolean executes = selected.stream().anyMatch(SpecExecution.TYPES::contains);
    SpecExecution execution = executes ? new SpecExecution(engine, fuelSlice) : null;
    for (Map<String, Object> command : script.commands()) {
      String type = (String) command.get("type");
      long line = ((Number) command.get("line")).longValue();
      if (execution != null && type.equals("module")) {
        CommandResult r =
            execution.instantiate(
                script.name(),
                line,
                script.files(),
                (String) command.get("filename"),
                (String) command.get("name"));
        if (selected.contains(type)) {
          results.add(r);
        }
      } else if (selected.contains(type)) {
        results.add(
            SpecExecution.TYPES.contains(type)
                ? execution.run(script.name(), line, type, command, script.files())
                : run(script.name(), line, type, command, script.files()));
      }
    }
    return results;
  }

  /**
   * A spec file's commands, in wast2json's form, and its modules; a script's text modules are read
   * with {@code features}.
   */
  private record Script(String name, List<Map<String, Object>> commands, ModuleFiles files) {
    private static final Set<String> INSTANTIATING =
        Set.of("module", "assert_unlinkable", "assert_uninstantiable");

    Script withBinaries(Map<Long, byte[]> binaries) {
      Map<String, byte[]> byFile = new java.util.HashMap<>();
      for (Map<String, Object> command : commands) {
        byte[] binary = binaries.get(((Number) command.get("line")).longValue());
        if (binary != null && INSTANTIATING.contains((String) command.get("type"))) {
          byFile.put((String) command.get("filename"), binary);
        }
      }
      return new Script(
          name,
          commands,
          filename -> byFile.containsKey(filename) ? byFile.get(filename) : files.read(filename));
    }

    static Script load(Path file, Config features) throws IOException {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".wast")) {
        WastScript script =
            WastScript.parse(nameOf(file), WatParser.decode(Files.readAllBytes(file)), features);
        return new Script(
            nameOf(file), script.commands(), filename -> script.module(filename).bytes());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(file));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> commands = (List<Map<String, Object>>) doc.get("commands");
      Path dir = file.getParent();
      return new Script(
          nameOf(file), commands, filename -> Files.readAllBytes(dir.resolve(filename)));
    }
  }

  /**
   * How results and the baseline name a spec file: its name without {@code .json} or {@code .wast}
   * ({@code i32}), prefixed with its proposal for a file below {@code proposals/NAME/} ({@code
   * tail-call/return_call}), since proposals repeat core files' names.
   */
  public static String nameOf(Path file) {
    String stem = file.getFileName().toString().replaceFirst("\\.(json|wast)$", "");
    Path path = file.toAbsolutePath().normalize();
    for (int i = 0; i + 1 < path.getNameCount(); i++) {
      if (path.getName(i).toString().equals("proposals")) {
        return path.getName(i + 1) + "/" + stem;
      }
    }
    return stem;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /** How many commands of each type a spec file (JSON or {@code .wast}) has, selected or not. */
  public static Map<String, Integer> commandTypes(Path file) throws IOException {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Map<String, Object> command : Script.load(file, Config.defaults()).commands()) {
      counts.merge((String) command.get("type"), 1, Integer::sum);
    }
    return counts;
  }

  private CommandResult run(
      String file, long line, String type, Map<String, Object> command, ModuleFiles files) {
    String filename = (String) command.get("filename");
    String expected = (String) command.get("text");
    WasmException error = null;
    try {
      byte[] bytes = files.binary(filename, engine.config());
      // Lazy modes defer body validation to the first call; an assertion about validity asks for
      // the full check, which Module.validate always makes.
      if (type.equals("module")) {
        Module.compile(engine, bytes);
      } else {
        Module.validate(engine, bytes);
      }
    } catch (WasmException e) {
      error = e;
    } catch (IOException e) {
      return new CommandResult(file, line, type, Outcome.FAILED, "cannot read " + filename);
    }
    return switch (type) {
      case "module" ->
          error == null
              ? pass(file, line, type)
              : fail(file, line, type, "rejected: " + error.getMessage());
      // A text module is malformed when it does not parse; a binary one when it does not decode.
      case "assert_malformed" ->
          expectError(
              file,
              line,
              type,
              error,
              filename.endsWith(".wat")
                  ? MalformedTextException.class
                  : MalformedModuleException.class,
              expected);
      default -> expectError(file, line, type, error, InvalidModuleException.class, expected);
    };
  }

  private static CommandResult expectError(
      String file,
      long line,
      String type,
      WasmException error,
      Class<? extends WasmException> kind,
      String expected) {
    if (error == null) {
      return fail(file, line, type, "accepted, expected \"" + expected + "\"");
    }
    if (!kind.isInstance(error)) {
      return fail(
          file,
          line,
          type,
          "expected " + kind.getSimpleName() + " \"" + expected + "\", got " + describe(error));
    }
    if (!matches(error.getMessage(), expected)) {
      return fail(file, line, type, "expected \"" + expected + "\", got " + describe(error));
    }
    return pass(file, line, type);
  }

  /** Whether the engine's message gives the spec's reason: it starts with it, or an alias. */
  static boolean matches(String message, String expected) {
    if (message.startsWith(expected)) {
      return true;
    }
    if (END_OF_INPUT.contains(expected)) {
      return END_OF_INPUT.stream().anyMatch(message::startsWith);
    }
    return false;
  }

  private static String describe(WasmException e) {
    return e.getClass().getSimpleName() + " \"" + e.getMessage() + "\"";
  }

  private static CommandResult pass(String file, long line, String type) {
    return new CommandResult(file, line, type, Outcome.PASSED, "");
  }

  private static CommandResult fail(String file, long line, String type, String detail) {
    return new CommandResult(file, line, type, Outcome.FAILED, detail);
  }
}
