package io.timeslice.cli;

import io.timeslice.client.ApiKey;
import io.timeslice.client.TimesliceClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code keys create/rotate/revoke}: a tenant's API keys. */
@Command(
    name = "keys",
    description = "Make, rotate and revoke a tenant's API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.Rotate.class, KeysCommand.Revoke.class})
final class KeysCommand implements Callable<Integer> {
  /** {@code --tenant ID}, which each key command takes. */
  static final class TenantOption {
    @Option(
        names = "--tenant",
        paramLabel = "ID",
        description = "the tenant (default: as logged in, or $TIMESLICE_TENANT)")
    Long id;
  }

  @ParentCommand Main main;

  @Override
  public Integer call() {
    throw new CliFailure(
        Main.USAGE, "which one: create, rotate or revoke? (see 'timeslice keys --help')");
  }

  @Command(name = "create", description = "Make an additional key; the others keep working.")
  static final class Create implements Callable<Integer> {
    @ParentCommand KeysCommand keys;

    @Mixin TenantOption tenant;

    @Override
    public Integer call() {
      Connection connection = keys.main.connection();
      ApiKey key;
      try (TimesliceClient c = connection.anyClient()) {
        key = c.createKey(connection.tenant(tenant.id));
      }
      keys.main
          .terminal()
          .out()
          .println("API key " + key.id() + " (shown this once): " + key.apiKey());
      return Main.OK;
    }
  }

  @Command(
      name = "rotate",
      description = {
        "Replace the key you call with by a new one; the old one stops working at once.",
        "When the old key is the one 'timeslice login' stored, the new one is stored instead."
      })
  static final class Rotate implements Callable<Integer> {
    @ParentCommand KeysCommand keys;

    @Mixin TenantOption tenant;

    @Option(
        names = {"-q", "--quiet"},
        description = "print the new key only")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
      Connection connection = keys.main.connection();
      boolean stored = connection.keyIsStored();
      ApiKey key;
      try (TimesliceClient c = connection.tenantClient()) {
        key = c.rotateKey(connection.tenant(tenant.id));
      }
      PrintStream out = keys.main.terminal().out();
      if (stored) {
        Map<String, String> values = connection.file().read();
        values.put(ConfigFile.KEY, key.apiKey());
        connection.file().write(values);
      }
      if (quiet) {
        out.println(key.apiKey());
      } else {
        out.println("API key " + key.id() + " (shown this once): " + key.apiKey());
        if (stored) {
          out.println("stored in " + connection.file().path() + " in place of the old one");
        }
      }
      return Main.OK;
    }
  }

  @Command(name = "revoke", description = "Revoke a key by its id.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand KeysCommand keys;

    @Parameters(paramLabel = "KEY_ID", description = "the key's id (printed when it was made)")
    long keyId;

    @Mixin TenantOption tenant;

    @Override
    public Integer call() {
      Connection connection = keys.main.connection();
      try (TimesliceClient c = connection.anyClient()) {
        c.revokeKey(connection.tenant(tenant.id), keyId);
      }
      keys.main.terminal().out().println("revoked key " + keyId);
      return Main.OK;
    }
  }
}
