package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's AOT training run, without Docker: the packaged jar started with {@code
 * timeslice.training-run} and {@code -XX:AOTCacheOutput} starts, stops cleanly by itself (its
 * embedded PostgreSQL shut down, no lock file left) and exits 0, leaving the cache behind.
 */
class TrainingRunTest {
  @Test
  void aTrainingRunStartsStopsCleanlyAndWritesTheAotCache(@TempDir Path dir) throws Exception {
    Path cache = dir.resolve("app.aot");
    Path data = dir.resolve("data");
    try (ServerProcess server =
        ServerProcess.start(
            data,
            Map.of(
                "TIMESLICE_TRAINING_RUN", "true",
                "TIMESLICE_ADMIN_TOKEN", "training",
                "JDK_JAVA_OPTIONS", "-XX:AOTCacheOutput=" + cache))) {
      assertThat(server.awaitExit(Duration.ofMinutes(5))).as(server.log()).isZero();
      assertThat(server.log()).contains("training run: started, stopping again");
    }
    assertThat(Files.size(cache)).isGreaterThan(1 << 20);
    assertThat(data.resolve("postgresql").resolve("PG_VERSION")).exists();
    assertThat(data.resolve("postgresql").resolve("postmaster.pid")).doesNotExist();
  }
}
