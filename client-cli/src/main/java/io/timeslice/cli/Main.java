package io.timeslice.cli;

import io.timeslice.client.TimesliceException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code timeslice}, the service's command-line client: each command group is a class of its own
 * over the Java client ({@code io.timeslice.client}); this class holds the connection options every
 * command inherits, wires the streams and turns failures into one line and an exit code
 * (docs/client.md).
 */
@Command(
    name = "timeslice",
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Drive a Timeslice service: tenants, API keys, modules and jobs.",
    subcommands = {
      LoginCommand.class,
      TenantsCommand.class,
      KeysCommand.class,
      ModulesCommand.class,
      JobsCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nConnection:%n",
    footer = {
      "--url, --key and --admin-token on any command override $TIMESLICE_URL, $TIMESLICE_KEY and"
          + " $TIMESLICE_ADMIN_TOKEN, which override what 'timeslice login' stored in"
          + " $XDG_CONFIG_HOME/timeslice/config (~/.config/timeslice/config)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:the service refused the call (its problem's title and detail are printed)",
      " 2:a usage error: an unknown option, a missing or bad value, an unreadable file, no URL or key",
      " 3:the service could not be reached",
      " 4:the job ended without success and without an exit code (trap, fuel, cancel, timeout)",
      " 5:--wait gave up at its --timeout before the job ended",
      "70:an internal error (a bug: please report it)",
      "  :jobs submit --wait of a WASI command exits with the job's exit code"
    })
public final class Main implements Callable<Integer> {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;
  static final int JOB_FAILED = 4;
  static final int WAIT_TIMEOUT = 5;
  static final int INTERNAL = 70;

  @Option(
      names = "--url",
      paramLabel = "URL",
      scope = CommandLine.ScopeType.INHERIT,
      description = "the service, e.g. http://localhost:8080")
  String url;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      scope = CommandLine.ScopeType.INHERIT,
      description = "a tenant's API key")
  String key;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      scope = CommandLine.ScopeType.INHERIT,
      description = "the service's admin token (tenants)")
  String adminToken;

  @Spec CommandSpec spec;

  private final Terminal terminal;

  private Main(Terminal terminal) {
    this.terminal = terminal;
  }

  /** Runs the client and exits with its code. */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new Terminal(
                System.in,
                System.out,
                System.err,
                System.getenv(),
                System.console() != null && System.console().isTerminal())));
  }

  /** Runs the client with {@code terminal}'s streams and environment; its exit code. */
  static int run(String[] args, Terminal terminal) {
    PrintWriter outWriter =
        new PrintWriter(new OutputStreamWriter(terminal.out(), terminal.out().charset()), true);
    PrintWriter errWriter =
        new PrintWriter(new OutputStreamWriter(terminal.err(), terminal.err().charset()), true);
    CommandLine cli = new CommandLine(new Main(terminal));
    cli.setOut(outWriter);
    cli.setErr(errWriter);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          String name = command.getCommandSpec().qualifiedName();
          return switch (e) {
            case TimesliceException problem -> {
              command.getErr().println(name + ": " + Format.problem(problem));
              yield problem.isUnreachable() ? UNREACHABLE : REFUSED;
            }
            case CliFailure failure -> {
              command.getErr().println(name + ": " + failure.getMessage());
              yield failure.exitCode();
            }
            default -> {
              command.getErr().println(name + ": internal error: " + e);
              yield INTERNAL;
            }
          };
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
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
    return USAGE;
  }

  /** Without a command: the usage on stderr, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  Terminal terminal() {
    return terminal;
  }

  /** The connection settings, from the options, the environment and the config file. */
  Connection connection() {
    return new Connection(url, key, adminToken, terminal.env(), ConfigFile.locate(terminal.env()));
  }

  /**
   * What the client runs in: its streams, its environment, and whether stderr is a terminal (where
   * the progress of --wait is one line redrawn in place).
   */
  record Terminal(
      InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean tty) {}

  /** The client's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"timeslice " + (version == null ? "(development build)" : version)};
    }
  }
}
