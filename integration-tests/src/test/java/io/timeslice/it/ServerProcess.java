package io.timeslice.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged service ({@code api-server/target/timeslice-server.jar}) started as its own JVM
 * process, exactly as the README tells a user to start it.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static ServerProcess start(Path dataDir) throws IOException {
    return start(dataDir, java.util.Map.of());
  }

  /** Starts the jar with its data in {@code dataDir} and {@code env} added to the environment. */
  static ServerProcess start(Path dataDir, java.util.Map<String, String> env) throws IOException {
    Path jar = Path.of(System.getProperty("timeslice.server.jar", "missing"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("server jar not built: " + jar);
    }
    int port = freePort();
    Path log = Files.createTempFile("timeslice-server", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put("SERVER_PORT", Integer.toString(port));
    builder.environment().put("TIMESLICE_DATA_DIR", dataDir.toString());
    builder.environment().putAll(env);
    return new ServerProcess(builder.start(), log, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The service's base URL. */
  String base() {
    return "http://localhost:" + port;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Polls readiness until it answers 200, the process dies, or the timeout passes. */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited early:\n" + log());
      }
      try {
        if (get("/actuator/health/readiness").statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // The port opens a moment after the JVM starts; poll again.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server not ready within " + timeout + ":\n" + log());
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not exit within " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM, as Kubernetes and docker do, and waits for the process to end. */
  int stop(Duration timeout) throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not stop within " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  /**
   * Kills the JVM with SIGKILL ({@code kill -9}): no shutdown hook, no checkpoint, no lease given
   * back. Checks that no child process outlives it (an embedded PostgreSQL is not a child: pg_ctl
   * daemonizes it; ChaosEmbeddedDatabaseTest covers that case).
   */
  void kill() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + process.pid() + " survived SIGKILL for 30 s");
    }
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        child.destroyForcibly();
        throw new IllegalStateException(
            "process " + child.pid() + " started by the killed server is still running", e);
      }
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /**
   * Stops the server with SIGTERM, so that it stops its embedded PostgreSQL too (SIGKILL left that
   * running after every test run), and kills it only if it does not end within 30 s.
   */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
