package io.timeslice.cli;

import io.timeslice.client.ModuleInfo;
import io.timeslice.client.TimesliceClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code modules upload/list/get/rm}: the tenant's Wasm modules. */
@Command(
    name = "modules",
    description = "Upload, list, show and delete Wasm modules.",
    subcommands = {
      ModulesCommand.Upload.class,
      ModulesCommand.ListModules.class,
      ModulesCommand.Get.class,
      ModulesCommand.Remove.class
    })
final class ModulesCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    throw new CliFailure(
        Main.USAGE, "which one: upload, list, get or rm? (see 'timeslice modules --help')");
  }

  /** Uploads {@code file} (a {@code .wat} as text); shared with {@code jobs submit FILE}. */
  static ModuleInfo upload(TimesliceClient client, Path file, Main main) {
    byte[] bytes = Readable.bytes(file, main.terminal().in());
    boolean text = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wat");
    return text
        ? client.uploadModuleText(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
        : client.uploadModule(bytes);
  }

  @Command(
      name = "upload",
      description = {
        "Upload a module: a .wasm binary or .wat text. It is checked (decoded, validated) before"
            + " it is accepted; its id is the SHA-256 of its binary.",
        "Prints the id, the size and the exported functions."
      })
  static final class Upload implements Callable<Integer> {
    @ParentCommand ModulesCommand modules;

    @Parameters(paramLabel = "FILE", description = "a .wasm or .wat file, or - for stdin")
    Path file;

    @Option(
        names = {"-q", "--quiet"},
        description = "print the module's id only")
    boolean quiet;

    @Override
    public Integer call() {
      ModuleInfo m;
      try (TimesliceClient c = modules.main.connection().tenantClient()) {
        m = upload(c, file, modules.main);
      }
      PrintStream out = modules.main.terminal().out();
      out.println(
          quiet
              ? m.id()
              : m.id()
                  + "  "
                  + Format.count(m.sizeBytes())
                  + " bytes  exports "
                  + Format.functions(m));
      return Main.OK;
    }
  }

  @Command(name = "list", description = "List the modules, oldest upload first.")
  static final class ListModules implements Callable<Integer> {
    @ParentCommand ModulesCommand modules;

    @Override
    public Integer call() {
      List<ModuleInfo> all;
      try (TimesliceClient c = modules.main.connection().tenantClient()) {
        all = c.listModules();
      }
      List<String[]> rows =
          all.stream()
              .map(m -> Format.row(m.id(), Format.count(m.sizeBytes()), Format.functions(m)))
              .toList();
      modules
          .main
          .terminal()
          .out()
          .print(Format.table(Format.row("ID", "BYTES", "FUNCTIONS"), rows));
      return Main.OK;
    }
  }

  @Command(name = "get", description = "Show a module's imports and exports with their types.")
  static final class Get implements Callable<Integer> {
    @ParentCommand ModulesCommand modules;

    @Parameters(paramLabel = "ID", description = "the module's id")
    String id;

    @Override
    public Integer call() {
      try (TimesliceClient c = modules.main.connection().tenantClient()) {
        modules.main.terminal().out().print(Format.module(c.getModule(id)));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "rm",
      aliases = "delete",
      description = "Delete a module; jobs already submitted still run.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand ModulesCommand modules;

    @Parameters(paramLabel = "ID", description = "the module's id")
    String id;

    @Override
    public Integer call() {
      try (TimesliceClient c = modules.main.connection().tenantClient()) {
        c.deleteModule(id);
      }
      modules.main.terminal().out().println("deleted " + id);
      return Main.OK;
    }
  }
}
