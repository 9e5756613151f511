package io.timeslice.cli;

import io.timeslice.client.Tenant;
import io.timeslice.client.TimesliceClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tenants create/list/update}: the service's tenants, with the admin token. */
@Command(
    name = "tenants",
    description = "Create, list and update tenants (with the admin token).",
    subcommands = {
      TenantsCommand.Create.class,
      TenantsCommand.ListTenants.class,
      TenantsCommand.Update.class
    })
final class TenantsCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    throw new CliFailure(
        Main.USAGE, "which one: create, list or update? (see 'timeslice tenants --help')");
  }

  @Command(
      name = "create",
      description = {
        "Create a tenant and print its first API key, which is shown this once.",
        "--login stores the key and the tenant's id in the config file, as 'timeslice login' does."
      })
  static final class Create implements Callable<Integer> {
    @ParentCommand TenantsCommand tenants;

    @Parameters(paramLabel = "NAME", description = "1-63 letters, digits, '.', '_', '-'")
    String name;

    @Mixin TenantSettings settings;

    @Option(names = "--login", description = "use the new key from now on (store it)")
    boolean login;

    @Option(
        names = {"-q", "--quiet"},
        description = "print the API key only")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
      Main main = tenants.main;
      Connection connection = main.connection();
      Tenant t;
      try (TimesliceClient c = connection.adminClient()) {
        t = c.createTenant(settings.spec(name));
      }
      PrintStream out = main.terminal().out();
      if (quiet) {
        out.println(t.apiKey());
      } else {
        out.println("tenant " + t.id() + " " + t.name() + " (weight " + t.weight() + ")");
        out.println("API key " + t.apiKeyId() + " (shown this once): " + t.apiKey());
      }
      if (login) {
        Map<String, String> values = connection.file().read();
        values.put(ConfigFile.URL, connection.url());
        values.put(ConfigFile.KEY, t.apiKey());
        values.put(ConfigFile.TENANT, Long.toString(t.id()));
        connection.file().write(values);
        if (!quiet) {
          out.println("logged in as " + t.name() + " (stored in " + connection.file().path() + ")");
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "update",
      description = {
        "Change a tenant's weight, quotas or retention; the settings not given stay as they are."
      })
  static final class Update implements Callable<Integer> {
    @ParentCommand TenantsCommand tenants;

    @Parameters(paramLabel = "ID", description = "the tenant's id")
    long id;

    @Mixin TenantSettings settings;

    @Override
    public Integer call() {
      if (!settings.any()) {
        throw new CliFailure(
            Main.USAGE, "nothing to change: give --weight or a quota (see --help)");
      }
      Tenant t;
      try (TimesliceClient c = tenants.main.connection().adminClient()) {
        t = c.updateTenant(id, settings.spec(null));
      }
      PrintStream out = tenants.main.terminal().out();
      out.println("tenant " + t.id() + " " + t.name() + " (weight " + t.weight() + ")");
      if (t.quotas() != null) {
        t.quotas().forEach((k, v) -> out.println("  " + k + " " + (v == null ? "default" : v)));
      }
      out.println(
          "  retentionDays "
              + (t.retentionDays() == null ? "default" : t.retentionDays().toString()));
      return Main.OK;
    }
  }

  @Command(name = "list", description = "List every tenant.")
  static final class ListTenants implements Callable<Integer> {
    @ParentCommand TenantsCommand tenants;

    @Override
    public Integer call() {
      List<Tenant> all;
      try (TimesliceClient c = tenants.main.connection().adminClient()) {
        all = c.listTenants();
      }
      List<String[]> rows =
          all.stream()
              .map(
                  t ->
                      Format.row(
                          Long.toString(t.id()),
                          t.name(),
                          Integer.toString(t.weight()),
                          t.retentionDays() == null ? "default" : t.retentionDays() + " d"))
              .toList();
      tenants
          .main
          .terminal()
          .out()
          .print(Format.table(Format.row("ID", "NAME", "WEIGHT", "RETENTION"), rows));
      return Main.OK;
    }
  }
}
