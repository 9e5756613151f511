package io.timeslice.wasm.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The engine's command-line tool: {@code java -jar timeslice-wasm.jar COMMAND ...}. Each command is
 * a class of its own; this class only dispatches. Exit codes: 0 success, 1 the command's failure
 * (an invalid module, failing spec commands), 2 a usage error.
 */
public final class Main {
  private Main() {}

  /** A command of the tool. */
  interface Command {
    /** Runs with the arguments after the command's name; returns the exit code. */
    int run(String[] args, PrintStream out, PrintStream err);

    /** One usage line. */
    String usage();
  }

  static final Map<String, Command> COMMANDS =
      Map.of(
          "validate", new ValidateCommand(),
          "spec", new SpecCommand(),
          "ir", new IrCommand(),
          "run", new RunCommand());

  /** Runs the tool and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool; returns the exit code (for tests, which must not exit the JVM). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Command command = args.length == 0 ? null : COMMANDS.get(args[0]);
    if (command == null) {
      usage(err);
      return 2;
    }
    return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
  }

  static void usage(PrintStream err) {
    err.println("usage: timeslice-wasm COMMAND [ARGS...]");
    COMMANDS.values().stream().map(Command::usage).sorted().forEach(u -> err.println("  " + u));
  }
}
