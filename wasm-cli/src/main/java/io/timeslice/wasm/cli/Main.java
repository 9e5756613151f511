package io.timeslice.wasm.cli;

import io.timeslice.wasm.Engine;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The engine's command-line tool: {@code java -jar timeslice-wasm-cli.jar COMMAND ...}. Each
 * command is a class of its own; picocli parses the options (in any order, {@code --help} on every
 * command) and this class only wires the output streams and the exit codes (docs/cli.md).
 */
@Command(
    name = "timeslice-wasm",
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Validate, run and inspect WebAssembly modules with the Timeslice engine.",
    subcommands = {
      ValidateCommand.class,
      RunCommand.class,
      IrCommand.class,
      SpecCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:the command failed: an invalid module, a trap, fuel spent, failing spec commands",
      " 2:a usage error: an unknown option, a missing or bad value, an unreadable file",
      "70:an internal error (a bug: please report it)",
      "  :run of a WASI command exits with the program's own exit code"
    })
public final class Main implements Callable<Integer> {
  /** The command did what it was asked. */
  static final int OK = 0;

  /** The command ran and failed: an invalid module, a trap, fuel spent, a failing spec command. */
  static final int FAILURE = 1;

  /** The command line is wrong, or a file it names cannot be read. */
  static final int USAGE = 2;

  /** Something the tool did not expect: a bug, reported in one line rather than a stack trace. */
  static final int INTERNAL = 70;

  private final PrintStream out;
  private final PrintStream err;

  @Spec CommandSpec spec;

  private Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the tool and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool; returns the exit code (for tests, which must not exit the JVM). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, out.charset()), true);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, err.charset()), true);
    CommandLine cli = new CommandLine(new Main(out, err));
    cli.setOut(outWriter);
    cli.setErr(errWriter);
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          command.getErr().println(name(command) + ": internal error: " + e);
          return INTERNAL;
        });
    try {
      return cli.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  /** A usage error in one line, with where to read more; no usage dump, no stack trace. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command
        .getErr()
        .println(name(command) + ": " + e.getMessage() + " (see '" + name(command) + " --help')");
    return USAGE;
  }

  private static String name(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }

  /** Without a command: the usage on stderr, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** The tool's version is the engine's: its IR version names what decides the IR. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "timeslice-wasm " + (version == null ? "(development build)" : version),
        "IR version " + new Engine().irVersion() + ", fuel schedule " + Engine.fuelScheduleVersion()
      };
    }
  }
}
