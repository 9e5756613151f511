package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the zero-setup server, the one with its embedded PostgreSQL. PostgreSQL runs as a
 * daemon of its own (pg_ctl), not as a child of the JVM, so it outlives the killed server and holds
 * its data directory's lock: the next start failed with "lock file postmaster.pid already exists"
 * until an operator killed it. The next start now stops it and starts again on the same data.
 */
class ChaosEmbeddedDatabaseTest {
  private static final Map<String, String> ENV =
      Map.of(
          "TIMESLICE_ADMIN_TOKEN",
          "embedded-kill",
          "TIMESLICE_WORKERS",
          "1",
          "JDK_JAVA_OPTIONS",
          "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

  @Test
  @Timeout(300)
  void aServerKilledWithItsEmbeddedPostgresStartsAgainOnTheSameData(@TempDir Path dataDir)
      throws Exception {
    Path lock = dataDir.resolve("postgresql").resolve("postmaster.pid");
    String key;
    String job;
    long orphan;
    try (ServerProcess first = ServerProcess.start(dataDir, ENV)) {
      first.awaitReady(Duration.ofSeconds(120));
      Api api = new Api(first.base(), "embedded-kill");
      key = api.tenant("embedded", Map.of()).key();
      String bench = api.upload(key, "bench.wasm");
      job =
          api.submit(
              key, Map.of("moduleId", bench, "function", "fib_rec", "args", java.util.List.of(20)));
      orphan = Long.parseLong(Files.readAllLines(lock).get(0).strip());
      first.kill();
    }
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("PostgreSQL outlives the killed server")
        .contains(true);
    try (ServerProcess second = ServerProcess.start(dataDir, ENV)) {
      second.awaitReady(Duration.ofSeconds(120));
      assertThat(second.log()).contains("left running by a process that was killed");
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      Api api = new Api(second.base(), "embedded-kill");
      assertThat(api.await(key, job).get("status").asString()).isEqualTo("SUCCEEDED");
      long own = Long.parseLong(Files.readAllLines(lock).get(0).strip());
      assertThat(second.stop(Duration.ofSeconds(60))).isEqualTo(143);
      // A graceful stop stops its PostgreSQL too: nothing is left running.
      ProcessHandle.of(own)
          .ifPresent(h -> h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(own).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }
}
