package io.timeslice.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a process killed with SIGKILL: {@code pg_ctl} starts the postmaster as
 * a daemon, not as a child of the JVM, so it outlives its owner and keeps the data directory's lock
 * ({@code postmaster.pid}); the next start would fail with "lock file already exists". Found out
 * and stopped before a start, when its owner is dead.
 */
final class OrphanedPostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);

  private OrphanedPostmaster() {}

  /**
   * Stops the postmaster running on {@code pgData} if the process recorded in {@code ownerFile}
   * that started it is gone.
   *
   * @throws StorageException when the owner is alive (another process uses the data directory) or
   *     the orphan does not stop
   */
  static void stop(Path pgData, Path ownerFile) throws IOException {
    Optional<ProcessHandle> postmaster = running(pgData.resolve("postmaster.pid"));
    if (postmaster.isEmpty()) {
      return; // none, or a stale lock file, which PostgreSQL deals with itself
    }
    long owner = Files.isRegularFile(ownerFile) ? pid(Files.readString(ownerFile)) : -1;
    if (owner > 0
        && owner != ProcessHandle.current().pid()
        && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
      throw new StorageException(
          "the embedded PostgreSQL's data in " + pgData + " is in use by process " + owner);
    }
    ProcessHandle orphan = postmaster.get();
    LOG.warn(
        "storage: stopping the embedded PostgreSQL (pid {}) left running by a process that was"
            + " killed",
        orphan.pid());
    // SIGTERM: a smart shutdown, which ends as soon as no client is connected (they died with
    // their process).
    orphan.destroy();
    try {
      orphan.onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new StorageException("the orphaned PostgreSQL " + orphan.pid() + " did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while stopping an orphaned PostgreSQL", e);
    }
  }

  /** The live postgres process named by the lock file, if there is one. */
  private static Optional<ProcessHandle> running(Path lockFile) throws IOException {
    if (!Files.isRegularFile(lockFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(lockFile);
    long pid = lines.isEmpty() ? -1 : pid(lines.get(0));
    return pid <= 0
        ? Optional.empty()
        : ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
  }

  private static long pid(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
