package io.timeslice.cli;

import io.timeslice.client.TimesliceClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code login}: checks the given URL and credentials against the service and stores them in the
 * config file (0600), merged with what it held, so that later commands need no flags.
 */
@Command(
    name = "login",
    description = {
      "Store the service's URL and your credentials (after checking them with the service) in"
          + " $XDG_CONFIG_HOME/timeslice/config, readable by you only.",
      "Give any of --url, --key (a tenant's API key), --admin-token and --tenant; what you leave"
          + " out stays as stored."
    })
final class LoginCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(
      names = "--tenant",
      paramLabel = "ID",
      description = "the id of the key's tenant (for 'keys')")
  Long tenant;

  @Option(names = "--no-check", description = "store without asking the service first")
  boolean noCheck;

  @Override
  public Integer call() throws IOException {
    if (main.url == null && main.key == null && main.adminToken == null && tenant == null) {
      throw new CliFailure(
          Main.USAGE, "give at least one of --url, --key, --admin-token and --tenant");
    }
    ConfigFile file = ConfigFile.locate(main.terminal().env());
    Map<String, String> values = file.read();
    put(values, ConfigFile.URL, main.url == null ? null : Connection.uri(main.url).toString());
    put(values, ConfigFile.KEY, main.key);
    put(values, ConfigFile.ADMIN_TOKEN, main.adminToken);
    put(values, ConfigFile.TENANT, tenant == null ? null : tenant.toString());
    if (values.get(ConfigFile.URL) == null) {
      throw new CliFailure(Main.USAGE, "no service URL stored yet: give --url");
    }
    if (!noCheck) {
      check(values);
    }
    file.write(values);
    PrintStream out = main.terminal().out();
    out.println("logged in to " + values.get(ConfigFile.URL) + " (" + what(values) + ")");
    out.println("stored in " + file.path());
    return Main.OK;
  }

  /** Asks the service whether the credentials are good: a refusal stores nothing. */
  private static void check(Map<String, String> values) {
    var base = Connection.uri(values.get(ConfigFile.URL));
    String key = values.get(ConfigFile.KEY);
    if (key != null) {
      try (TimesliceClient c = TimesliceClient.builder(base).token(key).build()) {
        String t = values.get(ConfigFile.TENANT);
        if (t != null) {
          var _ = c.getTenant(Long.parseLong(t));
        } else {
          var _ = c.listModules();
        }
      }
    }
    String admin = values.get(ConfigFile.ADMIN_TOKEN);
    if (admin != null) {
      try (TimesliceClient c = TimesliceClient.builder(base).token(admin).build()) {
        var _ = c.listTenants();
      }
    }
  }

  private static String what(Map<String, String> values) {
    StringBuilder s = new StringBuilder();
    if (values.get(ConfigFile.KEY) != null) {
      s.append("API key ").append(mask(values.get(ConfigFile.KEY)));
    }
    if (values.get(ConfigFile.TENANT) != null) {
      s.append(s.isEmpty() ? "" : ", ").append("tenant ").append(values.get(ConfigFile.TENANT));
    }
    if (values.get(ConfigFile.ADMIN_TOKEN) != null) {
      s.append(s.isEmpty() ? "" : ", ").append("admin token");
    }
    return s.isEmpty() ? "no credentials" : s.toString();
  }

  /** A key shown by its start only: enough to tell keys apart, not to use one. */
  static String mask(String key) {
    return key.length() <= 8 ? "…" : key.substring(0, 7) + "…";
  }

  private static void put(Map<String, String> values, String name, String value) {
    if (value != null) {
      values.put(name, value.strip());
    }
  }
}
