package io.timeslice.cli;

import io.timeslice.client.Accepted;
import io.timeslice.client.Job;
import io.timeslice.client.JobPage;
import io.timeslice.client.JobStatus;
import io.timeslice.client.JobSubmission;
import io.timeslice.client.TimesliceClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jobs submit/get/list/cancel/logs}: the tenant's jobs. */
@Command(
    name = "jobs",
    description = "Submit jobs, wait for them, read their state and output, cancel them.",
    subcommands = {
      JobsCommand.Submit.class,
      JobsCommand.Get.class,
      JobsCommand.ListJobs.class,
      JobsCommand.Cancel.class,
      JobsCommand.Logs.class
    })
final class JobsCommand implements Callable<Integer> {
  /** How often --wait redraws its progress line: the longest single long-poll it makes. */
  static final Duration PROGRESS_POLL = Duration.ofSeconds(1);

  @ParentCommand Main main;

  @Override
  public Integer call() {
    throw new CliFailure(
        Main.USAGE, "which one: submit, get, list, cancel or logs? (see 'timeslice jobs --help')");
  }

  /**
   * Writes a finished job's output as if it were this process's own: stdout and stderr byte for
   * byte, then a function's results one per line.
   */
  static void writeOutput(Job job, Main.Terminal terminal) {
    terminal.out().writeBytes(job.stdoutBytes());
    terminal.out().flush();
    terminal.err().writeBytes(job.stderrBytes());
    terminal.err().flush();
  }

  /**
   * The exit code of a job that was waited for: 0 when it succeeded, a WASI command's own exit
   * code, else {@link Main#JOB_FAILED} (or {@link Main#WAIT_TIMEOUT} when it has not ended).
   */
  static int exitCode(Job job) {
    if (!job.status().isFinal()) {
      return Main.WAIT_TIMEOUT;
    }
    if (job.status() == JobStatus.SUCCEEDED) {
      return Main.OK;
    }
    return job.exitCode() != null && job.exitCode() != 0 ? job.exitCode() : Main.JOB_FAILED;
  }

  @Command(
      name = "submit",
      sortOptions = false,
      description = {
        "Submit a job: call an exported function (--invoke NAME ARG...) or run a WASI command"
            + " with the arguments after --. MODULE is a module id, or a .wasm/.wat file, which"
            + " is uploaded first.",
        "Prints the job's id; with --wait, waits for it (its state, fuel and slices on stderr),"
            + " then prints a function's results one per line, or a command's stdout and stderr"
            + " as its own, and exits with its exit code.",
        "Options go anywhere; arguments that start with '-' go after -- (--invoke f -- -5)."
      })
  static final class Submit implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "MODULE",
        description = "a module id, or a .wasm/.wat file")
    String module;

    @Parameters(
        index = "1..*",
        paramLabel = "ARG",
        description =
            "the function's arguments (numbers; exact 64-bit integers; nan, inf, -inf), or the"
                + " WASI command's arguments")
    List<String> args = new ArrayList<>();

    @Option(names = "--invoke", paramLabel = "NAME", description = "call this exported function")
    String invoke;

    @Option(
        names = "--stdin",
        paramLabel = "FILE",
        description = "the command's stdin (- reads this one's)")
    Path stdin;

    @Option(
        names = "--env",
        paramLabel = "K=V",
        description = "an environment variable of the command (repeatable)")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(
        names = "--fuel",
        paramLabel = "N",
        converter = Counts.class,
        description = "the job's fuel limit (default: the tenant's maximum)")
    Long fuel;

    @Option(names = "--priority", paramLabel = "N", description = "-1000 to 1000 (default 0)")
    Integer priority;

    @Option(names = "--wait", description = "wait for the job to end (see above)")
    boolean await;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        converter = Durations.class,
        description = "with --wait: give up after this long (30s, 5m; default: never), exit 5")
    Duration timeout;

    @Option(
        names = "--idempotency-key",
        paramLabel = "KEY",
        description = "submit under this key: the same key and job again answers the same job")
    String idempotencyKey;

    @Option(
        names = {"-q", "--quiet"},
        description = "no progress line; without --wait the id only")
    boolean quiet;

    @Override
    public Integer call() {
      if (invoke != null && (stdin != null || !env.isEmpty())) {
        throw new ParameterException(
            spec.commandLine(), "--stdin and --env are for WASI commands, not --invoke");
      }
      if (timeout != null && !await) {
        throw new ParameterException(spec.commandLine(), "--timeout needs --wait");
      }
      Main main = jobs.main;
      Main.Terminal terminal = main.terminal();
      byte[] input = stdin == null ? null : Readable.bytes(stdin, terminal.in());
      try (TimesliceClient c = main.connection().tenantClient()) {
        String moduleId = moduleId(c);
        JobSubmission job =
            (invoke != null
                    ? new JobSubmission(moduleId, invoke, List.copyOf(args), null, null, null)
                    : JobSubmission.command(
                        moduleId, JobSubmission.Wasi.of(List.copyOf(args), env, input)))
                .withFuelLimit(fuel)
                .withPriority(priority);
        Accepted accepted =
            c.submit(job, idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString());
        if (!await) {
          terminal.out().println(accepted.id());
          return Main.OK;
        }
        Progress progress = new Progress(terminal.err(), terminal.tty());
        Job done =
            c.waitFor(accepted.id(), timeout, PROGRESS_POLL, quiet ? j -> {} : progress::update);
        if (!quiet) {
          progress.done();
        }
        return finish(done, terminal);
      }
    }

    /** A module id as given, or the id of the file given, uploaded first. */
    private String moduleId(TimesliceClient c) {
      Path file = Path.of(module);
      String name = module.toLowerCase(Locale.ROOT);
      if (Files.isRegularFile(file) || name.endsWith(".wasm") || name.endsWith(".wat")) {
        return ModulesCommand.upload(c, file, jobs.main).id();
      }
      return module;
    }

    private static int finish(Job job, Main.Terminal terminal) {
      if (!job.status().isFinal()) {
        terminal
            .err()
            .println(
                "job "
                    + job.id()
                    + " is still "
                    + job.status()
                    + "; 'timeslice jobs get "
                    + job.id()
                    + "' shows it later");
        return Main.WAIT_TIMEOUT;
      }
      writeOutput(job, terminal);
      if (job.status() == JobStatus.SUCCEEDED && job.results() != null) {
        job.results().forEach(terminal.out()::println);
      }
      boolean ownExit = job.exitCode() != null && job.exitCode() != 0;
      if (job.status() != JobStatus.SUCCEEDED && !ownExit) {
        terminal.err().println(Format.failure(job));
      }
      return exitCode(job);
    }
  }

  @Command(name = "get", description = "Show a job: state, results or exit code, failure, fuel.")
  static final class Get implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;

    @Parameters(paramLabel = "ID", description = "the job's id")
    String id;

    @Option(names = "--json", description = "print the job as the service sent it (JSON)")
    boolean json;

    @Override
    public Integer call() {
      try (TimesliceClient c = jobs.main.connection().tenantClient()) {
        if (json) {
          jobs.main.terminal().out().println(c.getJobJson(id));
        } else {
          jobs.main.terminal().out().print(Format.job(c.getJob(id)));
        }
      }
      return Main.OK;
    }
  }

  @Command(name = "list", description = "List jobs, newest first.")
  static final class ListJobs implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "only jobs in this state: ${COMPLETION-CANDIDATES}")
    JobStatus status;

    @Option(names = "--limit", paramLabel = "N", description = "at most N jobs (1-100; default 20)")
    Integer limit;

    @Option(
        names = "--cursor",
        paramLabel = "CURSOR",
        description = "the page after a previous one")
    String cursor;

    @Override
    public Integer call() {
      JobPage page;
      try (TimesliceClient c = jobs.main.connection().tenantClient()) {
        page = c.listJobs(status, cursor, limit);
      }
      List<String[]> rows =
          page.jobs().stream()
              .map(
                  j ->
                      Format.row(
                          j.id(),
                          j.status().name(),
                          Format.count(j.fuelConsumed()),
                          Integer.toString(j.slices()),
                          String.valueOf(j.submittedAt()),
                          j.function() == null ? "(WASI)" : j.function()))
              .toList();
      PrintStream out = jobs.main.terminal().out();
      out.print(
          Format.table(
              Format.row("ID", "STATUS", "FUEL", "SLICES", "SUBMITTED", "FUNCTION"), rows));
      if (page.nextCursor() != null) {
        jobs.main
            .terminal()
            .err()
            .println("more: timeslice jobs list --cursor " + page.nextCursor());
      }
      return Main.OK;
    }
  }

  @Command(
      name = "cancel",
      description = "Cancel a job: a queued one at once, a running one within a slice.")
  static final class Cancel implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;

    @Parameters(paramLabel = "ID", description = "the job's id")
    String id;

    @Override
    public Integer call() {
      Accepted a;
      try (TimesliceClient c = jobs.main.connection().tenantClient()) {
        a = c.cancel(id);
      }
      jobs.main
          .terminal()
          .out()
          .println(
              "job "
                  + a.id()
                  + " "
                  + a.status()
                  + (a.status().isFinal() ? "" : ": cancelled within a slice"));
      return Main.OK;
    }
  }

  @Command(
      name = "logs",
      description = {
        "Print a job's stdout and stderr as its own.",
        "--follow first follows its state changes (server-sent events, one line each on"
            + " stderr) until it ends."
      })
  static final class Logs implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;

    @Parameters(paramLabel = "ID", description = "the job's id")
    String id;

    @Option(
        names = {"-f", "--follow"},
        description = "wait for the job to end, showing its states")
    boolean follow;

    @Override
    public Integer call() {
      Main.Terminal terminal = jobs.main.terminal();
      try (TimesliceClient c = jobs.main.connection().tenantClient()) {
        if (follow) {
          var _ =
              c.followEvents(
                  id, 0, e -> terminal.err().println(e.at() + " job " + e.id() + " " + e.status()));
        }
        Job job = c.getJob(id);
        writeOutput(job, terminal);
        if (!job.status().isFinal()) {
          terminal
              .err()
              .println(
                  "job "
                      + id
                      + " is "
                      + job.status()
                      + ": its output is kept when it ends"
                      + " (--follow waits for that)");
        }
      }
      return Main.OK;
    }
  }
}
