package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** README.md as the quickstart tests read it: the bash block that follows a marker comment. */
final class Readme {
  private Readme() {}

  /** The checkout's root. */
  static Path root() {
    return Path.of(System.getProperty("timeslice.root", ".."));
  }

  /** The first {@code ```bash} block after {@code marker}, without its fences. */
  static String bashBlockAfter(String marker) throws IOException {
    String readme = Files.readString(root().resolve("README.md"));
    int at = readme.indexOf(marker);
    assertThat(at).as("README.md has the marker " + marker).isPositive();
    int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }
}
