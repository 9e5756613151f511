package io.timeslice.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs the test mounts, holding a PostgreSQL tablespace that it can fill to play a
 * full disk: PostgreSQL then fails every write that needs a new block of a table there with "could
 * not extend file … No space left on device" (SQLSTATE 53100), as on a real full disk, while the
 * rest of the database (its WAL, the other tables) goes on.
 */
final class SmallDisk {
  static final String TABLESPACE = "chaos_small_disk";

  /** The test's own table on the disk, written to see what PostgreSQL answers. */
  private static final String PROBE = "chaos_small_disk_probe";

  static final String WHY_NOT =
      "SKIPPED: the disk-full scenario needs to mount a size-limited tmpfs (root with"
          + " CAP_SYS_ADMIN, as CI and the development machine have), and mount refused here";

  private final Path mountPoint;
  private final Path filler;
  private final List<String> moved = new ArrayList<>();

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a tmpfs of {@code mebibytes} on {@code where}; null, said loudly, when refused. */
  static SmallDisk mount(Path where, int mebibytes) throws IOException, InterruptedException {
    String out;
    try {
      out = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", where);
    } catch (IOException e) {
      out = e.toString();
    }
    if (out != null) {
      System.err.println(WHY_NOT + ": " + out);
      return null;
    }
    return new SmallDisk(where);
  }

  /** Moves {@code tables} into a tablespace on this disk. */
  void moveTables(ChaosDatabase db, String... tables) throws SQLException, IOException {
    Path location = Files.createDirectories(mountPoint.resolve("tablespace"));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLESPACE " + TABLESPACE + " LOCATION '" + location + "'");
      for (String table : tables) {
        s.execute("ALTER TABLE " + table + " SET TABLESPACE " + TABLESPACE);
        moved.add(table);
      }
    }
  }

  /** Fills the disk: writes a file until the file system refuses another byte. */
  void fill() throws IOException {
    ByteBuffer block = ByteBuffer.allocate(64 << 10);
    try (FileChannel ch =
        FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      while (true) {
        block.clear();
        ch.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  /**
   * The SQLSTATE PostgreSQL answers a write that needs new blocks on this disk with (53100, disk
   * full, once {@link #fill()} has filled it), or null when the write succeeds.
   */
  String sqlStateOfAWrite(ChaosDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + PROBE + " (n int) TABLESPACE " + TABLESPACE);
      try {
        s.execute("INSERT INTO " + PROBE + " SELECT g FROM generate_series(1, 100000) g");
        return null;
      } catch (SQLException e) {
        return e.getSQLState();
      }
    }
  }

  /** Frees the space {@link #fill()} took. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Frees the disk, moves the tables back, drops the tablespace and unmounts. */
  void close(ChaosDatabase db) throws IOException, InterruptedException, SQLException {
    free();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table : moved) {
        s.execute("ALTER TABLE " + table + " SET TABLESPACE pg_default");
      }
      s.execute("DROP TABLE IF EXISTS " + PROBE);
      s.execute("DROP TABLESPACE IF EXISTS " + TABLESPACE);
    } finally {
      String out = run("umount", mountPoint);
      if (out != null) {
        throw new IOException("umount " + mountPoint + ": " + out);
      }
    }
  }

  /** Runs a command; null when it succeeded, else its exit status and output. */
  private static String run(Object... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    for (Object a : command) {
      args.add(a.toString());
    }
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "timed out";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
  }
}
