package io.timeslice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One packaged server (embedded PostgreSQL in a temporary directory) shared by the test classes of
 * this JVM, started on first use and stopped when the JVM exits: starting the service and its
 * database once keeps the suite fast. Tests isolate themselves by making their own tenants.
 */
final class SharedServer {
  static final String ADMIN_TOKEN = "it-admin-token";
  private static ServerProcess server;

  private SharedServer() {}

  static synchronized ServerProcess get() throws IOException, InterruptedException {
    if (server == null) {
      Path dir = Files.createTempDirectory("timeslice-it");
      server =
          ServerProcess.start(
              dir,
              Map.of(
                  "TIMESLICE_ADMIN_TOKEN", ADMIN_TOKEN, "TIMESLICE_MAX_REQUEST_BYTES", "1048576"));
      ServerProcess started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // The JVM is exiting; the temporary directory is left behind at worst.
                    }
                  }));
      server.awaitReady(Duration.ofSeconds(180));
    }
    return server;
  }

  static Api api() throws IOException, InterruptedException {
    return new Api(get().base(), ADMIN_TOKEN);
  }
}
