package io.timeslice.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where {@code timeslice login} keeps the service's URL and credentials: {@code
 * $XDG_CONFIG_HOME/timeslice/config} (else {@code ~/.config/timeslice/config}), a properties file
 * readable by its owner only (0600, in a 0700 directory), since it holds keys.
 */
final class ConfigFile {
  static final String URL = "url";
  static final String KEY = "key";
  static final String ADMIN_TOKEN = "admin-token";
  static final String TENANT = "tenant";

  private final Path path;

  ConfigFile(Path path) {
    this.path = path;
  }

  /** The file for the environment {@code env}. */
  static ConfigFile locate(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path dir =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return new ConfigFile(dir.resolve("timeslice").resolve("config"));
  }

  Path path() {
    return path;
  }

  /** The settings stored, by name; none when there is no file yet. */
  Map<String, String> read() throws IOException {
    Map<String, String> values = new TreeMap<>();
    if (!Files.exists(path)) {
      return values;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    p.stringPropertyNames().forEach(name -> values.put(name, p.getProperty(name)));
    return values;
  }

  /**
   * Replaces the file by {@code values}: written to a new file made with owner-only permissions and
   * moved over the old one, so that the keys are never readable by others, not even briefly.
   */
  void write(Map<String, String> values) throws IOException {
    Path dir = path.getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path tmp =
        posix
            ? Files.createTempFile(
                dir,
                ".config",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".config", ".tmp");
    try {
      // Plain name=value lines (Properties.store would escape every ':' of a URL); the values are
      // URLs, keys and ids, so only a backslash needs escaping for Properties.load to read them.
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        out.write("# timeslice login: the service and the credentials to call it with\n");
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
          if (e.getValue().contains("\n") || e.getValue().contains("\r")) {
            throw new IllegalArgumentException(e.getKey() + " cannot hold a line break");
          }
          out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
        }
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
