package io.timeslice.it.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this checkout (the reactor root), where the deployment files live. */
final class Checkout {
  private Checkout() {}

  /** The reactor root, from the {@code timeslice.root} property the build sets. */
  static Path root() {
    String root = System.getProperty("timeslice.root");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException("timeslice.root is not set: run the tests through Maven");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  /** {@code relative} under the root; fails when it does not exist. */
  static Path file(String relative) {
    Path path = root().resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException("missing in the checkout: " + relative);
    }
    return path;
  }

  /** The Grafana dashboards, shipped by the chart and mounted by docker-compose.yml. */
  static Path dashboards() {
    return file("helm/timeslice/files/dashboards");
  }
}
